"""The admin page, the audit trail's verification (and its failure on tampering), and takedowns."""
from __future__ import annotations

from .conftest import Client, api_token, approve_by_api, bearer, create_case


def test_admin_adds_a_user_who_can_log_in_then_disables_them(app):
    admin = Client(app, "ada")
    r = admin.post("/admin/users", data={"action": "add", "username": "newcm", "full_name": "New Manager",
                                         "password": "a long new password", "roles": ["case_manager"]})
    assert r.status_code == 200 and "added newcm" in r.text
    bad = admin.post("/admin/users", data={"action": "add", "username": "x", "password": "short", "roles": ["reviewer"]})
    assert bad.status_code == 400 and "at least 10 characters" in bad.text
    c = app.test_client()
    from .conftest import csrf_of

    r = c.post("/login", data={"username": "newcm", "password": "a long new password",
                               "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 302
    from posters.web import accounts
    from posters.web import db as database

    with app.test_request_context():
        uid = accounts.find_user(database.session(), "newcm").id
    r = admin.post("/admin/users", data={"action": "token", "user_id": str(uid)})
    token = r.text.split('id="new-token" readonly value="')[1].split('"')[0]
    assert app.test_client().get("/api/cases", headers=bearer(token)).status_code == 200
    admin.post("/admin/users", data={"action": "disable", "user_id": str(uid)})
    assert c.get("/").status_code == 302  # the session ended
    assert app.test_client().get("/api/cases", headers=bearer(token)).status_code == 401


def test_audit_trail_verifies_and_names_a_changed_entry(app):
    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    approve_by_api(client, case_id, rev, note="ok")
    assert client.get(f"/api/cases/{case_id}/audit", headers=bearer(rev)).get_json()["verified"] is True

    from sqlalchemy import update

    from posters.web import db as database
    from posters.web.models import AuditRecord

    with app.test_request_context():
        s = database.session()
        s.execute(update(AuditRecord).where(AuditRecord.case_id == case_id, AuditRecord.seq == 2)
                  .values(actor="casey"))  # someone rewrites who approved
        s.commit()
    body = client.get(f"/api/cases/{case_id}/audit", headers=bearer(rev)).get_json()
    assert body["verified"] is False and body["broken_at"] == 2
    page = Client(app, "ada").get(f"/cases/{case_id}/audit").text
    assert "broken at entry 2" in page


def test_a_taken_down_case_lists_every_published_file(app):
    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    h = approve_by_api(client, case_id, rev)
    assert client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev)).status_code == 202
    sam = Client(app, "sam")
    assert sam.get(f"/cases/{case_id}/artifacts.zip").status_code == 200
    cm = Client(app, "casey")
    # The library's takedown is for closed cases: an active one is refused, and nothing changes.
    refused = cm.post(f"/cases/{case_id}/takedown", data={"reason": "recovered"})
    assert refused.status_code in (400, 409) and "set case.status first" in refused.text
    assert sam.get(f"/cases/{case_id}/artifacts.zip").status_code == 200
    close_case(app, case_id)
    assert cm.post(f"/cases/{case_id}/takedown", data={"reason": "recovered"}).status_code == 302
    page = sam.get("/takedowns").text
    assert "manifest.json" in page and h[:12] in page and page.count("sha256") >= 29
    assert page.count("removed from this server") == page.count("sha256")
    assert sam.get(f"/cases/{case_id}/artifacts.zip").status_code == 404
    assert client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev)).status_code == 409
    trail = client.get(f"/api/cases/{case_id}/audit", headers=bearer(rev)).get_json()
    assert trail["verified"] is True
    [entry] = [e for e in trail["entries"] if e["action"] == "takedown"]
    assert entry["details"]["delete"] is True and len(entry["details"]["deleted"]) == page.count("sha256")
    from posters.web import db as database
    from posters.web.models import Artifact

    with app.test_request_context():
        assert {a.data for a in database.session().query(Artifact)} == {b""}  # no copy kept on the server


def close_case(app, case_id: int, status: str = "recovered") -> None:
    """The case manager marks the case closed in its case file (what a takedown requires)."""
    from posters.web import accounts, casework
    from posters.web import db as database
    from posters.web.models import CaseRecord

    with app.test_request_context():
        s = database.session()
        case = s.get(CaseRecord, case_id)
        casework.edit(s, accounts.find_user(s, "casey"), case, case.yaml_text.replace("status: active",
                                                                                       f"status: {status}"), {})


def test_the_release_zip_is_built_once_streamed_and_removed_on_takedown(app, monkeypatch):
    import hashlib
    import io
    import zipfile

    from posters.web import zips

    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    approve_by_api(client, case_id, rev)
    assert client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev)).status_code == 202
    folder = zips.folder_of(app.config["POSTERS"].data_dir)
    assert not folder.exists() or not list(folder.iterdir())  # built on first download, not at publish

    builds = []
    real_writestr = zipfile.ZipFile.writestr
    def counted(self, info, *args, **kwargs):
        builds.append(info.filename)
        return real_writestr(self, info, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", counted)
    sam = Client(app, "sam")
    first = sam.get(f"/cases/{case_id}/artifacts.zip")
    assert first.status_code == 200 and first.is_streamed and first.headers["Cache-Control"] == "no-store"
    assert 'attachment; filename=case-' in first.headers["Content-Disposition"]
    [cached] = folder.iterdir()
    assert cached.stat().st_mode & 0o777 == 0o600
    manifest_sha = hashlib.sha256(zipfile.ZipFile(io.BytesIO(first.data)).read("manifest.json")).hexdigest()
    assert cached.name == f"publication-1-{manifest_sha}.zip"
    stamp, count = cached.stat().st_mtime_ns, len(builds)
    assert count >= 29 and "manifest.json" in builds
    again = sam.get(f"/cases/{case_id}/artifacts.zip")
    api = client.get(f"/api/cases/{case_id}/artifacts.zip", headers=bearer(api_token(app, "sam")))
    assert again.data == first.data == api.data and api.mimetype == "application/zip"
    assert len(builds) == count and cached.stat().st_mtime_ns == stamp and list(folder.iterdir()) == [cached]

    close_case(app, case_id)
    assert Client(app, "casey").post(f"/cases/{case_id}/takedown", data={"reason": "recovered"}).status_code == 302
    assert not cached.exists() and list(folder.iterdir()) == []
    assert sam.get(f"/cases/{case_id}/artifacts.zip").status_code == 404
    assert list(folder.iterdir()) == []


def test_a_takedown_through_the_api_removes_the_release_zip_at_once(app):
    """The API's takedown, like the page's, removes this server's zip in the same request (not at the next sweep)."""
    from posters.web import zips

    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    approve_by_api(client, case_id, rev)
    assert client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev)).status_code == 202
    assert Client(app, "sam").get(f"/cases/{case_id}/artifacts.zip").status_code == 200
    folder = zips.folder_of(app.config["POSTERS"].data_dir)
    assert len(list(folder.iterdir())) == 1
    close_case(app, case_id)
    r = client.post(f"/api/cases/{case_id}/takedown", json={"reason": "recovered"}, headers=bearer(api_token(app, "casey")))
    assert r.status_code == 200, r.get_data(as_text=True)
    assert list(folder.iterdir()) == []


def test_a_zip_left_by_a_takedown_on_another_server_is_swept(app):
    from posters.web import accounts, casework, zips
    from posters.web import db as database
    from posters.web.models import CaseRecord

    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    approve_by_api(client, case_id, rev)
    client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev))
    sam = api_token(app, "sam")
    assert client.get(f"/api/cases/{case_id}/artifacts.zip", headers=bearer(sam)).status_code == 200
    folder = zips.folder_of(app.config["POSTERS"].data_dir)
    [cached] = folder.iterdir()
    close_case(app, case_id)
    with app.test_request_context():  # the takedown happens elsewhere: only the database changes here
        s = database.session()
        casework.take_down(s, accounts.find_user(s, "casey"), s.get(CaseRecord, case_id), "recovered")
    assert cached.exists()
    assert client.get(f"/api/cases/{case_id}/artifacts.zip", headers=bearer(sam)).status_code == 404
    assert not cached.exists()
