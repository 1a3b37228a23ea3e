"""Guessed and enumerated ids, disabled accounts and API tokens: nothing leaks, nothing outlives its account."""
from __future__ import annotations

import logging


from .conftest import PASSWORD, Client, bearer

SECRET_BITS = ("Okafor", "88 W Elm", "Example County Children", "foster")  # sample 01's confidential facts


def _no_case_data(text: str) -> None:
    for bit in SECRET_BITS:
        assert bit not in text


def test_guessed_case_ids_give_404_or_403_never_data(world):
    """Ids 1..50 on every case route: the social-media team gets 403/404 for anything unpublished, nobody gets data of a missing case."""
    sam, casey = world.client("sam"), world.client("casey")
    published = world.cases["published"]
    for cid in range(1, 51):
        for path in (f"/cases/{cid}", f"/cases/{cid}/case.yaml", f"/cases/{cid}/review", f"/cases/{cid}/edit",
                     f"/cases/{cid}/audit", f"/cases/{cid}/preview/poster.png", f"/api/cases/{cid}",
                     f"/api/cases/{cid}/review", f"/api/cases/{cid}/audit"):
            r = sam.get(path)
            assert r.status_code in (403, 404), (path, r.status_code)
            _no_case_data(r.text)
        for path in (f"/cases/{cid}/release", f"/cases/{cid}/artifacts.zip", f"/api/cases/{cid}/artifacts.zip"):
            r = sam.get(path)
            if cid == published:
                assert r.status_code == 200
            else:
                assert r.status_code == 404, (path, r.status_code)
        if cid > max(world.cases.values()):
            assert casey.get(f"/cases/{cid}").status_code == 404
            assert casey.get(f"/api/cases/{cid}", headers=bearer(world.token("casey"))).status_code == 404


def test_ids_of_another_case_do_not_open_through_this_one(world):
    """A job or artifact id is only served under its own case: /cases/A/jobs/<B's job> is 404."""
    robin = world.client("robin")
    a, b = world.cases["draft"], world.cases["published"]
    ids_b = world.ids(b)
    assert robin.get(f"/cases/{a}/jobs/{ids_b['job']}").status_code == 404
    assert robin.get(f"/cases/{a}/release/file/{ids_b['artifact']}").status_code == 404
    sam = world.client("sam")
    assert sam.get(f"/cases/{b}/release/file/{ids_b['artifact']}").status_code == 200
    for art in range(1, 200):  # every artifact id through an unpublished case
        assert sam.get(f"/cases/{a}/release/file/{art}").status_code == 404


def test_social_media_lists_only_published_cases(world):
    body = world.app.test_client().get("/api/cases", headers=bearer(world.token("sam"))).get_json()
    assert {c["id"] for c in body["cases"]} == {world.cases["published"]}
    page = world.client("sam").get("/").text
    for state in ("draft", "ready", "approved", "other"):
        assert f'/cases/{world.cases[state]}"' not in page


def test_job_ids_are_not_guessable_and_unknown_ones_are_404(world):
    job = world.ids(world.cases["published"])["job"]
    assert len(job) >= 32  # 128 random bits, not a counter
    c = world.app.test_client()
    for guess in ("1", "2", job[:-1] + ("0" if job[-1] != "0" else "1"), "../../etc/passwd", "%00"):
        assert c.get(f"/api/jobs/{guess}", headers=bearer(world.token("robin"))).status_code == 404


def _admin_action(app, action: str, username: str, **form) -> object:  # noqa: ANN001
    from posters.web import accounts
    from posters.web import db as database

    with app.test_request_context():
        uid = accounts.find_user(database.session(), username).id
    ada = Client(app, "ada")
    return ada.post("/admin/users", data={"action": action, "user_id": str(uid), **form})


def test_a_disabled_account_stops_at_once(fresh_app):
    """The admin disables robin: his open session and his API token stop on the very next request."""
    from .conftest import api_token

    app = fresh_app()
    robin = Client(app, "robin")
    token = api_token(app, "robin")
    assert robin.get("/").status_code == 200
    assert app.test_client().get("/api/cases", headers=bearer(token)).status_code == 200
    assert _admin_action(app, "disable", "robin").status_code == 200
    r = robin.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/login")
    assert robin.c.get("/api/cases", headers={"Accept": "application/json"}).status_code == 401
    assert app.test_client().get("/api/cases", headers=bearer(token)).status_code == 401
    # and he cannot log in again
    page = app.test_client()
    from .conftest import csrf_of

    r = page.post("/login", data={"username": "robin", "password": PASSWORD, "csrf_token": csrf_of(page.get("/login").text)})
    assert r.status_code == 401


def test_a_removed_role_stops_at_once(fresh_app):
    app = fresh_app()
    robin = Client(app, "robin")
    assert robin.get("/admin/users").status_code == 403
    casey = Client(app, "casey")
    assert casey.get("/cases/new").status_code == 200
    assert _admin_action(app, "roles", "casey", roles="social_media").status_code == 200
    assert casey.get("/cases/new").status_code == 403


def test_a_token_is_shown_once_and_never_logged_or_stored(fresh_app, caplog):
    """After the admin page shows a new token once, it is in no log record, no later page and not in the database file."""
    app = fresh_app()
    caplog.set_level(logging.DEBUG)
    r = _admin_action(app, "token", "robin")
    import re

    token = re.search(r'id="new-token" readonly value="([^"]+)"', r.text).group(1)
    c = app.test_client()
    assert c.get("/api/cases", headers=bearer(token)).status_code == 200
    c.get("/api/cases/999", headers=bearer(token))
    c.post("/api/cases/1/approve", headers=bearer(token), json={"release_hash": "x"})
    c.get("/api/cases", headers=bearer(token + "x"))  # a wrong one, one letter off
    ada = Client(app, "ada")
    for page in ("/admin/users", "/"):
        assert token not in ada.get(page).text
    assert all(token not in rec.getMessage() and token[4:20] not in rec.getMessage() for rec in caplog.records)
    data_dir = app.config["POSTERS"].data_dir
    for f in data_dir.rglob("*"):
        if f.is_file():
            assert token.encode() not in f.read_bytes(), f"the token is stored in {f.name}"


def test_ids_too_large_for_the_database_are_404_not_500(world):
    """Found by schemathesis: an id past 2**63 overflowed the database integer (a 500)."""
    big = "1575796167447867868315648"
    c = world.app.test_client()
    h = bearer(world.token("robin"))
    for path in (f"/api/cases/{big}", f"/api/cases/{big}/review", f"/api/cases/{big}/audit"):
        assert c.get(path, headers=h).status_code == 404
    robin = world.client("robin")
    for path in (f"/cases/{big}", f"/cases/{world.cases['published']}/release/file/{big}"):
        assert robin.get(path).status_code == 404
    assert c.get(f"/api/cases/{2**63 - 1}", headers=h).status_code == 404
