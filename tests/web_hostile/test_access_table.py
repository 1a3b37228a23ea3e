"""Every route x every role x anonymous against the documented permissions (docs/security.md, "Who may do what").

The rows are written from the documentation, not from the code's policy, and
the route list is read from the app's url_map: a new route without a row here
fails test_every_route_has_a_row. Pages are asked with a logged-in session,
the API with a Bearer token of the same account (and with the session cookie,
which a browser sends).
"""
from __future__ import annotations

import pytest

from .conftest import Client, bearer, sample

ANON, CM, REV, SM, ADM = "anon", "casey", "robin", "sam", "ada"
EVERY = (ANON, CM, REV, SM, ADM)


def only(ok: int, *roles: str, anon: int = 302, other: int = 403) -> dict[str, int]:
    """Status `ok` for these roles, `anon` for anonymous, `other` for every other role."""
    return {r: (anon if r == ANON else ok if r in roles else other) for r in EVERY}


def api(ok: int, *roles: str) -> dict[str, int]:
    return only(ok, *roles, anon=401)


def _case_upload():  # noqa: ANN202
    import io

    text, photos = sample()
    return {"case": (io.BytesIO(text.encode()), "case.yaml"),
            "photos": [(io.BytesIO(b), n.rsplit("/", 1)[-1]) for n, b in photos.items()]}


def _new_case_form():  # noqa: ANN202
    text, _ = sample()
    return {"yaml_text": text}


# (endpoint, method) -> (path, the case it acts on, request body maker, {role: status}).
# The case is one of the world's ("draft", "ready", "approved", "published"); a "fresh:" case is made
# anew for each cell, because the request changes it.
ROWS = {
    ("static", "GET"): ("/static/app.css", None, None, {r: 200 for r in EVERY}),
    ("auth.login", "GET"): ("/login", None, None, {r: 200 for r in EVERY}),
    ("auth.login", "POST"): ("/login", None, None, {r: 400 for r in EVERY}),  # no user name: the form says so
    ("auth.logout", "POST"): ("/logout", None, None, {r: 302 for r in EVERY}),
    ("cases.queue", "GET"): ("/", None, None, only(200, CM, REV, SM, ADM)),
    ("cases.new", "GET"): ("/cases/new", None, None, only(200, CM)),
    ("cases.new", "POST"): ("/cases/new", None, _new_case_form, only(302, CM)),
    ("cases.edit", "GET"): ("/cases/{case}/edit", "draft", None, only(200, CM)),
    ("cases.edit", "POST"): ("/cases/{case}/edit", "fresh:draft", lambda: {"mode": "fields"}, only(200, CM)),
    ("cases.show", "GET"): ("/cases/{case}", "draft", None, only(200, CM, REV)),
    ("cases.export_yaml", "GET"): ("/cases/{case}/case.yaml", "draft", None, only(200, CM, REV)),
    ("cases.preview", "GET"): ("/cases/{case}/preview/poster", "draft", None, only(200, CM, REV)),
    ("cases.submit", "POST"): ("/cases/{case}/submit", "fresh:draft", None, only(302, CM)),
    ("review.public_photo", "GET"): ("/cases/{case}/review/photo/0/0", "ready", None, only(200, CM, REV)),
    # The same permission as a child's photo; the sample has no companion, so those allowed meet a 404.
    ("review.companion_photo", "GET"): ("/cases/{case}/review/companion-photo/0/0", "ready", None,
                                        only(404, CM, REV)),
    # An unknown decision: the reviewer passes the role check and meets the library's refusal.
    ("review.decide", "POST"): ("/cases/{case}/decisions", "fresh:ready", lambda: {"action": "nonsense"},
                                only(422, REV)),
    ("review.show", "GET"): ("/cases/{case}/review", "ready", None, only(200, CM, REV)),
    # casey wrote the case: the four-eyes rule refuses her like a role without the right.
    ("review.approve", "POST"): ("/cases/{case}/approve", "fresh:ready", "hash", only(302, REV)),
    ("releases.publish", "POST"): ("/cases/{case}/publish", "fresh:approved", None, only(302, CM, REV)),
    ("releases.job", "GET"): ("/cases/{case}/jobs/{job}", "published", None, only(200, CM, REV)),
    ("releases.release", "GET"): ("/cases/{case}/release", "published", None, only(200, CM, REV, SM)),
    ("releases.artifact", "GET"): ("/cases/{case}/release/file/{artifact}", "published", None, only(200, CM, REV, SM)),
    ("releases.artifacts_zip", "GET"): ("/cases/{case}/artifacts.zip", "published", None, only(200, CM, REV, SM)),
    ("releases.takedowns", "GET"): ("/takedowns", None, None, only(200, CM, REV, SM)),
    # A draft was never published: the case manager passes the role check and meets the refusal
    # (there is nothing to take down).
    ("releases.takedown", "POST"): ("/cases/{case}/takedown", "fresh:draft", lambda: {"reason": "found"},
                                    only(409, CM)),
    # Deleting: an administrator, or a case manager for a case never published (docs/security.md).
    ("cases.delete", "GET"): ("/cases/{case}/delete", "draft", None, only(200, CM, ADM)),
    ("cases.delete", "POST"): ("/cases/{case}/delete", "fresh:draft", lambda: {"confirm": "yes"},
                               only(200, CM, ADM)),
    ("releases.audit_trail", "GET"): ("/cases/{case}/audit", "draft", None, only(200, CM, REV, ADM)),
    ("admin.users", "GET"): ("/admin/users", None, None, only(200, ADM)),
    ("admin.users", "POST"): ("/admin/users", None, lambda: {"action": "add", "username": "newbie", "password": "a long enough passphrase", "roles": "reviewer"}, only(200, ADM)),
    # The JSON API: 401 without a token or session.
    ("api.healthz", "GET"): ("/healthz", None, None, {r: 200 for r in EVERY}),
    ("api.openapi", "GET"): ("/api/openapi.json", None, None, {r: 200 for r in EVERY}),
    ("api.list_cases", "GET"): ("/api/cases", None, None, api(200, CM, REV, SM, ADM)),
    ("api.create_case", "POST"): ("/api/cases", None, _case_upload, api(201, CM)),
    ("api.get_case", "GET"): ("/api/cases/{case}", "draft", None, api(200, CM, REV)),
    ("api.get_case", "DELETE"): ("/api/cases/{case}", "fresh:draft", None, api(200, CM, ADM)),
    ("api.takedown", "POST"): ("/api/cases/{case}/takedown", "fresh:draft", None, api(409, CM)),
    ("api.review", "GET"): ("/api/cases/{case}/review", "ready", None, api(200, CM, REV)),
    ("api.decisions", "GET"): ("/api/cases/{case}/decisions", "ready", None, api(200, CM, REV)),
    # Not JSON: the reviewer passes the role check and is told what to send.
    ("api.decisions", "POST"): ("/api/cases/{case}/decisions", "fresh:ready", lambda: {"action": "nonsense"},
                             api(422, REV)),
    ("api.approve", "POST"): ("/api/cases/{case}/approve", "fresh:ready", "hash", api(200, REV)),
    ("api.publish", "POST"): ("/api/cases/{case}/publish", "fresh:approved", None, api(202, CM, REV)),
    ("api.job", "GET"): ("/api/jobs/{job}", "published", None, api(200, CM, REV)),
    ("api.artifacts", "GET"): ("/api/cases/{case}/artifacts.zip", "published", None, api(200, CM, REV, SM)),
    ("api.audit_trail", "GET"): ("/api/cases/{case}/audit", "draft", None, api(200, CM, REV, ADM)),
}


def test_every_route_has_a_row(world):
    """A route added to the app without a row in this table (and in the documentation) fails here."""
    seen = {(rule.endpoint, m) for rule in world.app.url_map.iter_rules() for m in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(seen - set(ROWS))
    assert not missing, f"routes without a permission row in tests/web_hostile/test_access_table.py: {missing}"
    assert not sorted(set(ROWS) - seen), "rows for routes that no longer exist"


def _request(world, key, role, via):  # noqa: ANN001, ANN202
    path, target, body, _ = ROWS[key]
    method = key[1]
    case_id = None
    if target:
        case_id = world.fresh(target.removeprefix("fresh:")) if target.startswith("fresh:") else world.cases[target]
    url = path.format(case=case_id, **(world.ids(case_id) if case_id else {}))
    data = None
    if body == "hash":
        h = world._do(lambda s: __import__("posters.web.publishing", fromlist=["x"]).current_review(
            s.get(__import__("posters.web.models", fromlist=["x"]).CaseRecord, case_id))["release_hash"])
        data = {"release_hash": h}
    elif body:
        data = body()
    if via == "token":
        headers = {} if role == ANON else bearer(world.token(role))
        c = world.app.test_client()
        if method == "GET":
            return c.get(url, headers=headers)
        if method == "DELETE":
            return c.delete(url, headers=headers)
        if key[0].startswith("api.") and body == "hash":
            return c.post(url, headers=headers, json=data)
        return c.post(url, headers=headers, data=data)
    user = None if role == ANON else role
    client = Client(world.app, user) if key == ("auth.logout", "POST") else world.client(user)
    if method == "GET":
        return client.get(url)
    if key[0].startswith("api."):  # a browser's script: JSON with the page's token in the header
        headers = {"X-CSRFToken": client.token}
        if method == "DELETE":
            return client.c.delete(url, headers=headers)
        return client.c.post(url, headers=headers, **({"json": data} if body == "hash" else {"data": data}))
    return client.post(url, data=data)


def _cells(api_only: bool):  # noqa: ANN202
    return [pytest.param(key, role, want[role], id=f"{key[1]} {key[0]} {role}")
            for key, (_p, _t, _b, want) in ROWS.items() for role in EVERY
            if key[0].startswith("api.") == api_only]


@pytest.mark.parametrize("key,role,status", _cells(api_only=False))
def test_page_by_role(world, key, role, status):
    r = _request(world, key, role, "session")
    assert r.status_code == status, f"{key} as {role}: {r.status_code} {r.text[:300]}"
    if role == ANON and status == 302:
        assert r.headers["Location"].endswith("/login")
    if status == 403:
        assert "not allowed" in r.text or "may not" in r.text or "second person" in r.text


@pytest.mark.parametrize("key,role,status", _cells(api_only=True))
@pytest.mark.parametrize("via", ["token", "session"])
def test_api_by_role(world, key, role, status, via):
    r = _request(world, key, role, via)
    assert r.status_code == status, f"{key} as {role} via {via}: {r.status_code} {r.text[:300]}"
    if status >= 400:
        assert "error" in r.get_json()


def test_pages_via_token_are_the_same_as_by_session(world):
    """A Bearer token on a page route gives what the account's session would, never more."""
    tok = world.token(SM)
    r = world.app.test_client().get(f"/cases/{world.cases['draft']}", headers=bearer(tok))
    assert r.status_code == 403
