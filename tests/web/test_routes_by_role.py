"""Every route x every role: the status each gets (the security policy as a table)."""
from __future__ import annotations

import pytest

from .conftest import Client, api_token, bearer, create_case

ANON, CM, REV, SM, ADM = "anon", "casey", "robin", "sam", "ada"
EVERY = (ANON, CM, REV, SM, ADM)

# (method, path, {role: expected status}); {case} is a draft case created by casey.
PAGES = [
    ("GET", "/login", {r: 200 for r in EVERY}),
    ("GET", "/", {ANON: 302, CM: 200, REV: 200, SM: 200, ADM: 200}),
    ("GET", "/cases/new", {ANON: 302, CM: 200, REV: 403, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 403}),  # case data: preparers, reviewers
    ("GET", "/cases/{case}/edit", {ANON: 302, CM: 200, REV: 403, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}/case.yaml", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}/review", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}/review/photo/0/0", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}/preview/card", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/cases/{case}/audit", {ANON: 302, CM: 200, REV: 200, SM: 403, ADM: 200}),
    ("GET", "/cases/{case}/release", {ANON: 302, CM: 404, REV: 404, SM: 404, ADM: 403}),  # not published yet
    ("GET", "/cases/{case}/artifacts.zip", {ANON: 302, CM: 404, REV: 404, SM: 404, ADM: 403}),
    ("GET", "/cases/999999", {ANON: 302, CM: 404, REV: 404, SM: 403, ADM: 403}),
    ("GET", "/takedowns", {ANON: 302, CM: 200, REV: 200, SM: 200, ADM: 403}),
    ("GET", "/admin/users", {ANON: 302, CM: 403, REV: 403, SM: 403, ADM: 200}),
    ("POST", "/cases/{case}/decisions", {ANON: 302, CM: 403, REV: 422, SM: 403, ADM: 403}),  # 422: no target
    ("POST", "/cases/{case}/approve", {ANON: 302, CM: 403, REV: 409, SM: 403, ADM: 403}),  # 409: no/wrong hash
    ("POST", "/cases/{case}/publish", {ANON: 302, CM: 409, REV: 409, SM: 403, ADM: 403}),  # 409: not approved
    ("POST", "/cases/{case}/submit", {ANON: 302, CM: 302, REV: 403, SM: 403, ADM: 403}),
    ("POST", "/cases/{case}/takedown", {ANON: 302, CM: 409, REV: 403, SM: 403, ADM: 403}),  # 409: status active
    ("POST", "/logout", {ANON: 302, CM: 302, REV: 302, SM: 302, ADM: 302}),
]

API = [
    ("GET", "/healthz", {r: 200 for r in EVERY}),
    ("GET", "/api/openapi.json", {r: 200 for r in EVERY}),
    ("GET", "/api/cases", {ANON: 401, CM: 200, REV: 200, SM: 200, ADM: 200}),
    ("POST", "/api/cases", {ANON: 401, CM: 422, REV: 403, SM: 403, ADM: 403}),  # 422: no case file sent
    ("GET", "/api/cases/{case}", {ANON: 401, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/api/cases/{case}/review", {ANON: 401, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("GET", "/api/cases/{case}/decisions", {ANON: 401, CM: 200, REV: 200, SM: 403, ADM: 403}),
    ("POST", "/api/cases/{case}/decisions", {ANON: 401, CM: 403, REV: 422, SM: 403, ADM: 403}),  # 422: no body
    ("POST", "/api/cases/{case}/approve", {ANON: 401, CM: 403, REV: 422, SM: 403, ADM: 403}),  # the author: 403
    ("POST", "/api/cases/{case}/publish", {ANON: 401, CM: 409, REV: 409, SM: 403, ADM: 403}),
    ("GET", "/api/jobs/nosuchjob", {ANON: 401, CM: 404, REV: 404, SM: 403, ADM: 403}),
    ("GET", "/api/cases/{case}/artifacts.zip", {ANON: 401, CM: 404, REV: 404, SM: 404, ADM: 403}),
    ("GET", "/api/cases/{case}/audit", {ANON: 401, CM: 200, REV: 200, SM: 403, ADM: 200}),
]


@pytest.fixture
def world(module_app):
    # One app per backend for the whole table; each cell gets a case of its own (POSTs change it).
    return module_app, create_case(module_app)


_TOKENS: dict[tuple[int, str], str] = {}


def _token(app, role: str) -> str:
    key = (id(app), role)
    if key not in _TOKENS:
        _TOKENS[key] = api_token(app, role)
    return _TOKENS[key]


def _cells(table):
    return [pytest.param(m, p, role, want[role], id=f"{m} {p} {role}") for m, p, want in table for role in EVERY]


@pytest.mark.parametrize("method,path,role,status", _cells(PAGES))
def test_page_status_by_role(world, method, path, role, status):
    app, case_id = world
    client = Client(app, None if role == ANON else role)
    url = path.format(case=case_id)
    r = client.get(url) if method == "GET" else client.post(url)
    assert r.status_code == status, r.text[:400]
    if status == 302 and role == ANON:
        assert r.headers["Location"].endswith("/login")


@pytest.mark.parametrize("method,path,role,status", _cells(API))
def test_api_status_by_role(world, method, path, role, status):
    app, case_id = world
    headers = {} if role == ANON else bearer(_token(app, role))
    client = app.test_client()
    url = path.format(case=case_id)
    r = client.get(url, headers=headers) if method == "GET" else client.post(url, headers=headers)
    assert r.status_code == status, r.text[:400]
    if url.startswith("/api/") and not url.endswith(".zip") and status != 200:
        assert "error" in r.get_json()
