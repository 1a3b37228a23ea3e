"""Sessions and forms: CSRF on every state change, fixation, logout and idle timeout, throttling, passwords, enumeration."""
from __future__ import annotations

import datetime as dt

import pytest

from .conftest import PASSWORD, Client, bearer, csrf_of

# Who may make each POST (so the request passes the role check and meets only the CSRF check).
POSTER = {"admin.users": "ada", "review.approve": "robin", "releases.publish": "robin"}


def _post_rules(app):  # noqa: ANN001, ANN202
    return sorted({(r.endpoint, r.rule) for r in app.url_map.iter_rules() if "POST" in r.methods})


def test_every_form_post_needs_the_csrf_token(world):
    """Every POST route of the pages, read from the url_map, refuses a request without the session's token (400)."""
    seen = 0
    for endpoint, rule in _post_rules(world.app):
        if endpoint.startswith("api."):
            continue
        who = None if endpoint == "auth.login" else POSTER.get(endpoint, "casey")
        client = world.client(who)
        url = rule.replace("<int:case_id>", str(world.cases["draft"]))
        for token in (None, "", "forged", Client(world.app, None).token):  # missing, empty, made up, another session's
            data = {"username": "robin", "password": PASSWORD} if endpoint == "auth.login" else {}
            if token is not None:
                data["csrf_token"] = token
            r = client.c.post(url, data=data)
            assert r.status_code == 400, (endpoint, token, r.status_code)
            assert "did not come from this site" in r.text
        seen += 1
    assert seen >= 8


def test_every_api_change_from_a_browser_session_needs_the_csrf_header(world):
    """Every POST and DELETE of the API, read from the url_map: a session without the header is refused (400)."""
    changes = sorted({(r.endpoint, r.rule, m) for r in world.app.url_map.iter_rules() if r.endpoint.startswith("api.")
                      for m in r.methods - {"GET", "HEAD", "OPTIONS"}})
    assert ("api.get_case", "/api/cases/<int:case_id>", "DELETE") in changes
    for endpoint, rule, method in changes:
        client = world.client(POSTER.get(endpoint.replace("api.", "review."), "casey") if "approve" in endpoint
                              else "casey")
        url = rule.replace("<int:case_id>", str(world.cases["approved"]))
        for headers in ({}, {"X-CSRFToken": "forged"}, {"X-CSRFToken": Client(world.app, None).token}):
            r = client.c.open(url, method=method, headers=headers, json={})
            assert r.status_code == 400, (endpoint, method, headers, r.status_code)
            assert "X-CSRFToken" in r.get_json()["error"]


def _session_rows(app) -> list[str]:  # noqa: ANN001
    from sqlalchemy import select

    from posters.web.models import WebSession

    with app.extensions["posters_db"]() as s:
        return [sid for sid in s.scalars(select(WebSession.session_id))]


def test_login_renews_the_session_id_and_the_old_one_is_dead(fresh_app):
    app = fresh_app()
    c = Client(app, None)
    before = c.cookie()
    assert before
    r = c.c.post("/login", data={"username": "robin", "password": PASSWORD, "csrf_token": c.token})
    assert r.status_code == 302
    after = c.cookie()
    assert after and after != before
    assert not any(before in row for row in _session_rows(app)), "the pre-login session is still stored"
    # an attacker who planted `before` is not logged in
    other = app.test_client()
    other.set_cookie("posters_session", before)
    assert other.get("/").status_code == 302


def test_logout_ends_the_server_side_session(fresh_app):
    app = fresh_app()
    c = Client(app, "robin")
    sid = c.cookie()
    assert any(sid in row for row in _session_rows(app))
    assert c.post("/logout").status_code == 302
    assert not any(sid in row for row in _session_rows(app))
    replay = app.test_client()
    replay.set_cookie("posters_session", sid)
    assert replay.get("/").status_code == 302


def test_idle_session_expires_on_the_server(fresh_app):
    """A session idle past idle_minutes is refused by the server even when the browser still sends its cookie."""
    from sqlalchemy import update

    from posters.web.models import WebSession

    app = fresh_app(idle_minutes=15)
    c = Client(app, "robin")
    sid = c.cookie()
    with app.extensions["posters_db"]() as s:
        row = s.query(WebSession).filter(WebSession.session_id.contains(sid)).one()
        expiry = row.expiry
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        assert dt.timedelta(minutes=14) < expiry - now <= dt.timedelta(minutes=15, seconds=5)
        s.execute(update(WebSession).where(WebSession.id == row.id).values(expiry=now - dt.timedelta(seconds=1)))
        s.commit()
    replay = app.test_client()
    replay.set_cookie("posters_session", sid)
    assert replay.get("/").status_code == 302


def _login(app, username: str, password: str, client=None):  # noqa: ANN001, ANN202
    c = client or app.test_client()
    return c.post("/login", data={"username": username, "password": password,
                                  "csrf_token": csrf_of(c.get("/login").text)})


def test_login_throttled_per_account_with_a_clear_message(fresh_app):
    app = fresh_app()
    for _ in range(5):
        assert _login(app, "robin", "wrong password!").status_code == 401
    r = _login(app, "robin", PASSWORD)  # even the right password waits
    assert r.status_code == 429
    assert "too many failed logins; wait 15 minutes" in r.text
    assert _login(app, "rita", PASSWORD).status_code == 302  # another account is not locked out


def test_login_throttled_per_address(fresh_app):
    app = fresh_app(login_max_failures_address=6)
    for i in range(6):
        assert _login(app, f"nobody{i}", "wrong password!").status_code == 401
    assert _login(app, "rita", PASSWORD).status_code == 429
    other = app.test_client()
    r = other.post("/login", data={"username": "rita", "password": PASSWORD,
                                   "csrf_token": csrf_of(other.get("/login").text)},
                   environ_overrides={"REMOTE_ADDR": "10.9.9.9"})
    assert r.status_code == 302


def test_api_token_guessing_is_throttled_per_address_with_429(fresh_app):
    app = fresh_app(login_max_failures_address=6)
    c = app.test_client()
    for i in range(6):
        assert c.get("/api/cases", headers=bearer(f"pst_guess{i}")).status_code == 401
    r = c.get("/api/cases", headers=bearer("pst_guess-again"))
    assert r.status_code == 429
    assert "too many" in r.get_json()["error"]
    assert app.test_client().get("/api/cases", headers=bearer("pst_x"),
                                 environ_overrides={"REMOTE_ADDR": "10.9.9.9"}).status_code == 401


def test_no_user_enumeration_through_login(fresh_app):
    """Unknown account, wrong password and disabled account: the same status and the same words."""
    from posters.web import db as database
    from posters.web.accounts import find_user

    app = fresh_app()
    with app.test_request_context():
        s = database.session()
        find_user(s, "sam").disabled = True
        s.commit()
    answers = {(r.status_code, r.text.split("<main", 1)[1].replace(csrf_of(r.text), "").replace(name, "NAME"))
               for name, r in (("nobody-here", _login(app, "nobody-here", "whatever it is")),
                               ("robin", _login(app, "robin", "whatever it is")), ("sam", _login(app, "sam", PASSWORD)))}
    assert len(answers) == 1


def test_passwords_are_argon2id(fresh_app):
    from sqlalchemy import select

    from posters.web.models import User

    app = fresh_app()
    with app.extensions["posters_db"]() as s:
        for h in s.scalars(select(User.password_hash)):
            assert h.startswith("$argon2id$")


@pytest.mark.parametrize("password,why", [
    ("short", "at least 10 characters"),
    ("password1234", "too common"),        # in the common-passwords list
    ("1234567890", "too common"),
    ("Qwertyuiop", "too common"),          # case does not help
    ("football2026", "too common"),        # a common word with digits after it
    ("newbie-user", "the user name"),      # the user name itself
])
def test_weak_passwords_are_refused(fresh_app, password, why):
    app = fresh_app()
    ada = Client(app, "ada")
    r = ada.post("/admin/users", data={"action": "add", "username": "newbie-user", "password": password,
                                       "roles": "reviewer"})
    assert r.status_code == 400 and why in r.text, r.text[-800:]
    from posters.web.accounts import find_user
    from posters.web import db as database

    with app.test_request_context():
        assert find_user(database.session(), "newbie-user") is None


def test_a_good_password_is_accepted(fresh_app):
    ada = Client(fresh_app(), "ada")
    r = ada.post("/admin/users", data={"action": "add", "username": "newbie", "password": "violet kettle orbit",
                                       "roles": "reviewer"})
    assert r.status_code == 200 and "added newbie" in r.text
