"""A peer's fuzzer on the JSON API: schemathesis, driven by /api/openapi.json, with a valid token of each role.

It must find no 5xx, no response that breaks the document, and no answer to one
role that carries what only another role may read. The run is bounded (a few
examples per operation and role) to fit CI. Also: the document is kept true
(every API route is in it, and nothing else).
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import add_users, build_app, dispose

# Not checked: "a schema-valid request is accepted". A case file or a release hash can be well-formed and
# still wrong (422, 409); no schema can say what makes a case file valid. Every other check runs.

CONFIDENTIAL = ("Okafor", "88 W Elm", "Example County Children", "caseworker")  # sample 01's withheld facts
ROLES = ("casey", "robin", "sam", "ada")


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory):
    from .conftest import World

    # The fuzzer sends many wrong tokens on purpose; throttling its address would hide the answers under test.
    app = build_app(tmp_path_factory.mktemp("fuzz") / "data", login_max_failures_address=10**6)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show as the 500 a client would get
    add_users(app)
    w = World(app)
    for state in ("draft", "ready", "approved", "published"):
        w.cases[state] = w.fresh(state)
    yield w
    dispose(app)


def _leaks(role: str, body: str, world) -> str | None:  # noqa: ANN001
    if role in ("sam", "ada"):  # neither may read a case file or a diff
        for bit in CONFIDENTIAL:
            if bit in body:
                return f"{role} received {bit!r}"
    if role == "sam":
        for state in ("draft", "ready", "approved"):
            if re.search(rf'"id":\s*{world.cases[state]}\b', body):
                return f"sam sees the {state} case in a listing"
    return None


@pytest.mark.slow
def test_api_fuzz(fuzz_world):
    """Every operation of the document, each generated request sent once with each role's token.

    Driven through hypothesis directly: schemathesis's own pytest integration does not run on pytest 9.
    """
    api = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_world.app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 11
    # Deleting and taking down go last: they end cases the other operations are fuzzed against.
    operations.sort(key=lambda op: (op.method.upper() == "DELETE" or op.path.endswith("/takedown"), op.label))
    for operation in operations:
        _fuzzer(operation, fuzz_world)()
    for state, cid in list(fuzz_world.cases.items()):  # the world again, for the tests after this one
        if fuzz_world.app.test_client().get(f"/api/cases/{cid}", headers={
                "Authorization": f"Bearer {fuzz_world.token('robin')}"}).status_code == 404:
            fuzz_world.cases[state] = fuzz_world.fresh(state)


def _fuzzer(operation, world):  # noqa: ANN001, ANN202
    """A hypothesis test of one operation: each generated request sent with each role's token."""
    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def fuzz(case):  # noqa: ANN001, ANN202
        for role in ROLES:
            response = case.call_and_validate(headers={"Authorization": f"Bearer {world.token(role)}"},
                                              excluded_checks=[positive_data_acceptance])
            assert response.status_code < 500, (operation.label, role)
            leak = _leaks(role, response.text, world)
            assert leak is None, (operation.label, leak)
    return fuzz


def test_the_document_names_every_api_route_and_only_those(fuzz_world):
    doc = fuzz_world.app.test_client().get("/api/openapi.json").get_json()
    documented = {(re.sub(r"\{(\w+)\}", r"<\1>", path), m.upper()) for path, ops in doc["paths"].items()
                  for m in ops if m in ("get", "post", "put", "patch", "delete")}
    served = set()
    for rule in fuzz_world.app.url_map.iter_rules():
        if (rule.rule.startswith("/api/") or rule.rule == "/healthz") and rule.rule != "/api/openapi.json":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
            served |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == documented, {"undocumented": sorted(served - documented), "not served": sorted(documented - served)}


def test_the_document_says_what_the_api_answers(fuzz_world):
    """Each documented status of the main operations really occurs (spot checks against the live app)."""
    doc = fuzz_world.app.test_client().get("/api/openapi.json").get_json()
    c = fuzz_world.app.test_client()
    h = {"Authorization": f"Bearer {fuzz_world.token('robin')}"}
    for path, op in (("/api/cases", "get"), ("/api/cases/{case_id}/review", "get"), ("/api/cases/{case_id}/audit", "get")):
        assert "200" in doc["paths"][path][op]["responses"]
        r = c.get(path.format(case_id=fuzz_world.cases["ready"]), headers=h)
        assert r.status_code == 200
    assert "401" in doc["paths"]["/api/cases"]["get"]["responses"]
    assert c.get("/api/cases").status_code == 401
