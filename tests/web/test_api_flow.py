"""The JSON API through a whole case: create (422 then 201), review, approve (403, 409, 200), publish (202), job, zip, audit."""
from __future__ import annotations

import io
import json
import zipfile

from .conftest import api_token, approve_by_api, bearer, sample


def _post_case(client, token, text, photos):
    data = {"case": (io.BytesIO(text.encode()), "case.yaml"),
            "photos": [(io.BytesIO(b), name.rsplit("/", 1)[-1]) for name, b in photos.items()]}
    return client.post("/api/cases", data=data, headers=bearer(token), content_type="multipart/form-data")


def test_whole_case_through_the_api(app):
    client = app.test_client()
    cm, rev, sm = (api_token(app, u) for u in ("casey", "robin", "sam"))
    text, photos = sample()

    bad = _post_case(client, cm, text.replace("date_of_birth: 2010-05-14", "date_of_birth: 2010-13-45"), photos)
    assert bad.status_code == 422
    errors = bad.get_json()["errors"]
    assert [e["path"] for e in errors] == ["children[0].date_of_birth"]
    assert "expected a date like 2010-05-14" in errors[0]["message"] and errors[0]["line"] == 21

    created = _post_case(client, cm, text, photos)
    assert created.status_code == 201, created.text
    case_id = created.get_json()["id"]
    assert [c["id"] for c in client.get("/api/cases", headers=bearer(sm)).get_json()["cases"]] == []  # not public
    assert client.get("/api/cases", headers=bearer(rev)).get_json()["cases"][0]["state"] == "draft"

    review = client.get(f"/api/cases/{case_id}/review", headers=bearer(rev)).get_json()
    h = review["release_hash"]
    assert len(h) == 64 and review["decisions"]
    withheld = [d for d in review["decisions"] if d["action"] != "kept"]
    assert any("foster_care" in d["path"] for d in withheld)

    assert client.post(f"/api/cases/{case_id}/publish", headers=bearer(cm)).status_code == 409  # not approved
    own = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": h}, headers=bearer(cm))
    assert own.status_code == 403
    stale = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": "0" * 64}, headers=bearer(rev))
    assert stale.status_code == 409
    ok = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": h, "note": "checked"}, headers=bearer(rev))
    assert ok.status_code == 200 and ok.get_json()["release_hash"] == h

    pub = client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev))
    assert pub.status_code == 202
    job = client.get(f"/api/jobs/{pub.get_json()['job']}", headers=bearer(rev)).get_json()
    assert job["state"] == "done" and job["progress"] == 1.0 and job["error"] is None  # immediate jobs here

    z = client.get(f"/api/cases/{case_id}/artifacts.zip", headers=bearer(sm))
    assert z.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(z.data)).namelist()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(z.data)).read("manifest.json"))
    assert manifest["release_hash"] == h
    assert {f["name"] for f in manifest["files"]} | {"manifest.json"} == set(names)
    assert any(n.endswith(".pdf") for n in names) and any(n.startswith("social/") for n in names)
    blob = z.data
    for secret in (b"Okafor", b"88 W Elm", b"foster_home"):  # the sample's foster placement
        assert secret not in blob

    trail = client.get(f"/api/cases/{case_id}/audit", headers=bearer(rev)).get_json()
    assert trail["verified"] is True
    assert [e["action"] for e in trail["entries"]] == ["create", "approve", "publish_requested", "publish"]
    # The library's approval entry: the reviewer's name (what its four-eyes check reads) and the login.
    approval = trail["entries"][1]
    assert (approval["actor"], approval["details"]["username"], approval["release_hash"]) == ("Robin Tester", "robin", h)
    assert approval["details"]["snapshot"].startswith("approval-snapshot:")


def test_an_edit_after_approval_makes_publishing_refuse(app):
    client = app.test_client()
    cm, rev = api_token(app, "casey"), api_token(app, "robin")
    text, photos = sample()
    case_id = _post_case(client, cm, text, photos).get_json()["id"]
    approve_by_api(client, case_id, rev)

    from posters.web import accounts, casework
    from posters.web import db as database
    from posters.web.models import CaseRecord

    with app.test_request_context():
        s = database.session()
        case = s.get(CaseRecord, case_id)
        casework.edit(s, accounts.find_user(s, "casey"), case, case.yaml_text.replace("Brown", "Black"), {})
    refused = client.post(f"/api/cases/{case_id}/publish", headers=bearer(cm))
    assert refused.status_code == 409
    assert "children[0].hair" in refused.get_json()["error"]


def test_the_last_editor_may_not_approve_even_as_a_reviewer(app):
    from .conftest import create_case, edit_as_dual_role_user

    case_id = create_case(app)
    dual = edit_as_dual_role_user(app, case_id)
    client = app.test_client()
    h = client.get(f"/api/cases/{case_id}/review", headers=bearer(dual)).get_json()["release_hash"]
    r = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": h}, headers=bearer(dual))
    assert r.status_code == 403 and "second person" in r.get_json()["error"]


def test_openapi_document_lists_every_api_route(app):
    doc = app.test_client().get("/api/openapi.json").get_json()
    rules = {r.rule.replace("<int:case_id>", "{case_id}").replace("<job>", "{job}")
             for r in app.url_map.iter_rules() if r.rule.startswith(("/api/", "/healthz")) and r.rule != "/api/openapi.json"}
    assert rules == set(doc["paths"])
