"""Logins (throttle, new session id, logout ends the server-side session), CSRF, and the security headers."""
from __future__ import annotations

from sqlalchemy import func, select

from .conftest import PASSWORD, Client, create_case, csrf_of


def _login(c, username, password):
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_login_renews_the_session_id_and_logout_deletes_it(app):
    from posters.web import db as database
    from posters.web.models import WebSession

    c = app.test_client()
    c.get("/login")
    before = c.get_cookie("posters_session").value
    assert _login(c, "casey", PASSWORD).status_code == 302
    after = c.get_cookie("posters_session").value
    assert after != before
    cookie = c.get_cookie("posters_session")
    assert cookie.http_only and cookie.same_site == "Strict"
    assert c.get("/").status_code == 200
    r = c.post("/logout", data={"csrf_token": csrf_of(c.get("/").text)})
    assert r.status_code == 302
    with app.test_request_context():
        s = database.session()
        assert s.scalar(select(func.count()).select_from(WebSession).where(WebSession.session_id.like(f"%{after}"))) == 0
    c.set_cookie("posters_session", after)  # the old id no longer works
    assert c.get("/").status_code == 302


def test_logins_are_throttled_per_account(app):
    c = app.test_client()
    for _ in range(5):
        assert _login(c, "casey", "wrong password!").status_code == 401
    r = _login(c, "casey", PASSWORD)  # even the right password now waits
    assert r.status_code == 429 and "too many failed logins" in r.text


def test_logins_are_throttled_per_address(make_app):
    from .conftest import add_users

    app = make_app(login_max_failures_address=3)
    add_users(app)
    c = app.test_client()
    for name in ("a1", "a2", "a3"):
        assert _login(c, name, "whatever password").status_code == 401
    assert _login(c, "robin", PASSWORD).status_code == 429


def test_disabled_account_cannot_log_in_and_its_session_ends(app):
    from posters.web import accounts
    from posters.web import db as database

    c = Client(app, "sam")
    with app.test_request_context():
        s = database.session()
        accounts.find_user(s, "sam").disabled = True
        s.commit()
    assert c.get("/").status_code == 302
    assert _login(app.test_client(), "sam", PASSWORD).status_code == 401


def test_posts_without_csrf_are_refused(app):
    case_id = create_case(app)
    c = Client(app, "casey")
    r = c.c.post(f"/cases/{case_id}/submit", data={})
    assert r.status_code == 400 and "reload the page" in r.text
    api = c.c.post(f"/api/cases/{case_id}/publish")  # a session (not a token) must send X-CSRFToken
    assert api.status_code == 400


def test_security_headers_on_every_response(app):
    case_id = create_case(app)
    c = Client(app, "casey")
    for path in ("/login", "/", f"/cases/{case_id}/edit", f"/cases/{case_id}/case.yaml", "/healthz", "/nope"):
        r = c.get(path)
        assert r.headers["Cache-Control"] == "no-store", path
        assert "script-src 'self'" in r.headers["Content-Security-Policy"] and "unsafe-inline" not in \
            r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        if r.mimetype == "text/html":
            assert "<script>" not in r.text and " on" + "click=" not in r.text


def test_no_case_data_in_urls(app):
    case_id = create_case(app)
    c = Client(app, "casey")
    import re

    for path in ("/", f"/cases/{case_id}", f"/cases/{case_id}/edit", f"/cases/{case_id}/review"):
        for url in re.findall(r'(?:href|src|action)="([^"]+)"', c.get(path).text):
            assert not re.search(r"Ava|Sample|Okafor|MFC-2026", url), (path, url)


def test_idle_sessions_expire(make_app):
    from .conftest import add_users

    app = make_app(idle_minutes=0)
    add_users(app)
    c = app.test_client()
    _login(c, "casey", PASSWORD)
    assert c.get("/").status_code == 302  # a zero-minute idle limit: the session is already gone


def test_an_unexpected_error_logs_no_case_data(app, monkeypatch, caplog):
    from posters.web import publishing

    case_id = create_case(app)

    def boom(case):
        raise ValueError("Ava Grace Sample lives at 88 W Elm Ave")

    monkeypatch.setattr(publishing, "current_review", boom)
    r = Client(app, "robin").get(f"/cases/{case_id}/review")
    assert r.status_code == 500 and "Ava" not in r.text and "Elm" not in r.text
    assert "ValueError" in caplog.text and "Elm" not in caplog.text and "Ava" not in caplog.text
