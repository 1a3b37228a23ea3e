"""Deleting a case: nothing of it is left under the data folder, the caches of its photos go, the trail verifies.

Uploaded originals are kept only as long as the case (issue 16, part 7). The
cases here are unique (distinct.py): their names, withheld values and photo
bytes occur nowhere else, so finding one in a file can only mean a leftover.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .conftest import World, add_users, bearer, build_app, dispose
from .distinct import distinct_case


def _files_holding(root: Path, needles: dict[str, bytes]) -> dict[str, list[str]]:
    """Which files under root hold each needle (raw bytes, as a disk image would show them)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for label, needle in needles.items():
            if needle in data:
                found.setdefault(label, []).append(path.relative_to(root).as_posix())
    return found


def _needles(w: dict[str, str], photo: bytes) -> dict[str, bytes]:
    middle = len(photo) // 2
    return {"last name": w["last_name"].encode(), "case_ref": w["case_ref"].encode(),
            "placement": w["placement_address"].encode(), "photo name": w["photo_name"].encode(),
            "photo bytes": photo[middle:middle + 96]}


def _cache_files(folder: Path, sha: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{sha}-*")) if folder.is_dir() else []


def _close_and_take_down(w: World, cid: int) -> None:
    from tests.web.test_admin_audit_takedown import close_case

    close_case(w.app, cid)
    r = w.client("casey").post(f"/cases/{cid}/takedown", data={"reason": "recovered"})
    assert r.status_code == 302, r.text


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """The face and text caches inside this test's data folder, as `posters serve` sets them."""
    data = tmp_path / "data"
    monkeypatch.setenv("POSTERS_CACHE_DIR", str(data / "cache"))
    return data


def test_a_deleted_case_leaves_nothing_under_the_data_folder(own_cache):
    """Published, taken down, deleted by an administrator: no file under the data folder holds its name, its
    agency id, a withheld value, its photo's name or bytes, and the caches of its photo are gone."""
    data = own_cache
    app = build_app(data)
    add_users(app)
    w = World(app)
    text, photos, values = distinct_case("D17")  # "D1" makes a caption of 554 bytes, which the leak scan reads as SSA
    keep_text, keep_photos, keep_values = distinct_case("K1")
    cid = w.create(text=text, photos=photos)
    other = w.create(text=keep_text, photos=keep_photos)
    sha = hashlib.sha256(next(iter(photos.values()))).hexdigest()
    casey, ada = w.client("casey"), w.client("ada")
    assert casey.get(f"/cases/{cid}").status_code == 200 and casey.get(f"/cases/{other}").status_code == 200
    w.submit(cid)
    w.approve(cid)
    assert w.run_job(w.request_publish(cid)) == "done"
    assert w.client("robin").get(f"/cases/{cid}/preview/poster").status_code == 200
    needles = _needles(values, next(iter(photos.values())))
    assert set(_files_holding(data, needles)) >= {"last name", "case_ref", "photo bytes"}  # the search can find
    assert _cache_files(data / "cache", sha), "the face cache of the photo was not written in the data folder"

    # Published and not taken down: refused for everyone, nothing changes (the takedown list must not be lost).
    for who in ("casey", "ada"):
        r = w.client(who).post(f"/cases/{cid}/delete", data={"confirm": "yes"})
        assert r.status_code == 409 and "take it down first" in r.text, (who, r.status_code)
        r = app.test_client().delete(f"/api/cases/{cid}", headers=bearer(w.token(who)))
        assert r.status_code == 409 and "take it down first" in r.get_json()["error"]
    assert casey.get(f"/cases/{cid}").status_code == 200

    _close_and_take_down(w, cid)
    # Once published, a case manager may not delete it; the administrator may, after confirming.
    r = casey.post(f"/cases/{cid}/delete", data={"confirm": "yes"})
    assert r.status_code == 403 and "only an administrator" in r.text
    r = ada.post(f"/cases/{cid}/delete", data={})
    assert r.status_code == 422 and "confirm" in r.text
    assert casey.get(f"/cases/{cid}").status_code == 200
    page = ada.get(f"/cases/{cid}/delete")
    assert page.status_code == 200 and values["case_ref"] in page.text  # the admin sees which case it is
    r = ada.post(f"/cases/{cid}/delete", data={"confirm": "yes"})
    assert r.status_code == 200 and f"Case {cid} was deleted" in r.text, r.text

    for path in (f"/cases/{cid}", f"/cases/{cid}/edit", f"/cases/{cid}/audit", f"/cases/{cid}/delete"):
        assert casey.get(path).status_code == 404, path
    assert w.client("sam").get(f"/cases/{cid}/release").status_code == 404
    assert app.test_client().get(f"/api/cases/{cid}", headers=bearer(w.token("robin"))).status_code == 404
    listed = app.test_client().get("/api/cases", headers=bearer(w.token("robin"))).get_json()["cases"]
    assert cid not in {c["id"] for c in listed} and other in {c["id"] for c in listed}
    assert values["case_ref"] not in casey.get("/").text and values["case_ref"] not in w.client("sam").get("/takedowns").text

    from posters.web import audit
    from posters.web.models import AuditRecord

    with app.extensions["posters_db"]() as s:
        assert audit.verify(s, None).verified and audit.verify(s, other).verified
        assert audit.entries(s, cid) == []
        [entry] = [e for e in audit.entries(s, None) if e.action == "case_delete"]
        assert entry.actor == "ada" and entry.details["case"] == cid and entry.details["photos"] == 1
        assert entry.details["published_files"] and entry.details["audit_entries"] >= 5
        assert s.query(AuditRecord).filter(AuditRecord.case_id == cid).count() == 0
        # Freed pages are zeroed on every connection, whatever the SQLite build's default.
        assert s.connection().exec_driver_sql("PRAGMA secure_delete").scalar() == 1

    assert _cache_files(data / "cache", sha) == [], "the face and text caches of the deleted photo remain"
    # While the server still runs (its write-ahead log open), and after it stopped.
    left = _files_holding(data, needles)
    assert not left, f"the deleted case is still in these files of a running server: {left}"
    dispose(app)
    left = _files_holding(data, needles)
    assert not left, f"the deleted case is still in these files: {left}"
    # ...while the case that was not deleted is still all there (the search works after the deletion too).
    kept = _files_holding(data, _needles(keep_values, next(iter(keep_photos.values()))))
    assert {"last name", "case_ref", "photo bytes"} <= set(kept), kept


def test_a_photo_another_case_still_has_keeps_its_cache(own_cache):
    """Two drafts with the same photo: deleting one keeps the cache the other uses; deleting the second removes it.
    A case manager may delete a draft (never published), through the API."""
    app = build_app(own_cache)
    add_users(app)
    w = World(app)
    text, photos, _ = distinct_case("S1")
    first, second = w.create(text=text, photos=photos), w.create(text=text, photos=photos)
    sha = hashlib.sha256(next(iter(photos.values()))).hexdigest()
    casey = w.client("casey")
    assert casey.get(f"/cases/{first}").status_code == 200
    cached = _cache_files(own_cache / "cache", sha)
    assert cached
    api = app.test_client()
    r = api.delete(f"/api/cases/{first}", headers=bearer(w.token("casey")))
    assert r.status_code == 200 and r.get_json()["deleted"] == first and r.get_json()["cache_files"] == 0
    assert _cache_files(own_cache / "cache", sha) == cached
    assert casey.get(f"/cases/{second}").status_code == 200
    r = api.delete(f"/api/cases/{second}", headers=bearer(w.token("casey")))
    assert r.status_code == 200 and r.get_json()["cache_files"] == len(cached)
    assert _cache_files(own_cache / "cache", sha) == []
    assert api.delete(f"/api/cases/{second}", headers=bearer(w.token("casey"))).status_code == 404
    # Roles without the right: refused before anything is looked up.
    third = w.create(text=text, photos=photos)
    for who in ("robin", "sam"):
        assert api.delete(f"/api/cases/{third}", headers=bearer(w.token(who))).status_code == 403
    assert api.delete(f"/api/cases/{third}").status_code == 401
    dispose(app)


def test_a_case_being_published_is_not_deleted(fresh_app):
    app = fresh_app()
    w = World(app)
    cid = w.fresh("approved")
    w.request_publish(cid)  # queued: a worker may be about to publish it
    r = app.test_client().delete(f"/api/cases/{cid}", headers=bearer(w.token("ada")))
    assert r.status_code == 409 and "queued or running" in r.get_json()["error"]
    assert w.client("casey").get(f"/cases/{cid}").status_code == 200


def test_a_deleted_case_number_is_never_given_again(fresh_app):
    app = fresh_app()
    w = World(app)
    cid = w.create()
    assert app.test_client().delete(f"/api/cases/{cid}", headers=bearer(w.token("casey"))).status_code == 200
    assert w.create() == cid + 1  # an old link to the deleted case never shows another child's case


def test_the_start_up_sweep_removes_caches_no_case_uses(own_cache):
    """What a deletion killed between its commit and its clean-up leaves (and old unnamed entries) goes at start."""
    from posters.web.cli import settle_retention

    app = build_app(own_cache)
    add_users(app)
    w = World(app)
    text, photos, _ = distinct_case("W1")
    cid = w.create(text=text, photos=photos)
    assert w.client("casey").get(f"/cases/{cid}").status_code == 200
    cache = own_cache / "cache"
    live = sorted(p.name for p in cache.iterdir())
    for name in ("a" * 64 + "-u1-x.json", "pixels-" + "b" * 64 + "-text-1.json", ".tmp-123.json"):
        (cache / name).write_text("{}")
    settle_retention(app.extensions["posters_db"], app.config["POSTERS"])
    assert sorted(p.name for p in cache.iterdir()) == live
    dispose(app)


@pytest.mark.slow
def test_kill_during_deletion_leaves_the_whole_case_or_none(tmp_path, monkeypatch):
    """kill -9 of a real server while it deletes: after a restart each case is all there (its photo, its trail,
    verified) or all gone (no row of it, its caches removed by the start-up sweep); never half of it."""
    import threading
    import time

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from posters.web import audit
    from posters.web.models import ApprovalRecord, AuditRecord, CasePhoto, CaseRecord

    from .server import Server
    from .test_kill import _quiet, call

    data = tmp_path / "data"
    monkeypatch.setenv("POSTERS_CACHE_DIR", str(data / "cache"))
    app = build_app(data)
    add_users(app)
    w = World(app)
    cases: dict[int, str] = {}
    for i in range(4):
        text, photos, _ = distinct_case(f"KD{i}")
        cid = w.create(text=text, photos=photos)
        w.submit(cid)
        w.approve(cid)  # an approval and its snapshot, photo and trail: more to delete in one transaction
        assert w.client("robin").get(f"/cases/{cid}").status_code == 200  # its face caches
        cases[cid] = hashlib.sha256(next(iter(photos.values()))).hexdigest()
    token, reader = w.token("ada"), w.token("robin")
    dispose(app)
    for cid, delay in zip(cases, (0.0, 0.01, 0.05, 0.3)):
        srv = Server(data).start()
        try:
            t = threading.Thread(target=lambda srv=srv, cid=cid: _quiet(call, srv, "DELETE", f"/api/cases/{cid}",
                                                                         token, None, 10))
            t.start()
            time.sleep(delay)
            srv.kill()
            t.join(15)
        finally:
            srv.kill()
    srv = Server(data).start()  # the start-up sweep runs
    try:
        seen = {cid: call(srv, "GET", f"/api/cases/{cid}", reader)[0] for cid in cases}
    finally:
        srv.stop()
    engine = create_engine(f"sqlite:///{data / 'posters.db'}")
    with Session(engine) as s:
        assert audit.verify(s, None).verified
        deleted = {e.details["case"] for e in audit.entries(s, None) if e.action == "case_delete"}
        for cid, sha in cases.items():
            case = s.get(CaseRecord, cid)
            photos = s.scalars(select(CasePhoto).where(CasePhoto.case_id == cid)).all()
            trail = s.scalars(select(AuditRecord).where(AuditRecord.case_id == cid)).all()
            approvals = s.scalars(select(ApprovalRecord).where(ApprovalRecord.case_id == cid)).all()
            assert seen[cid] == (404 if cid in deleted else 200), (cid, seen[cid])
            if cid in deleted:
                assert case.state == "deleted" and case.yaml_text == "" and not photos and not trail and not approvals
                assert _cache_files(data / "cache", sha) == [], f"case {cid}: its caches outlived it"
            else:
                assert case.state == "approved" and len(photos) == 1 and trail and approvals, f"case {cid} is half-deleted"
                assert audit.verify(s, cid).verified
    engine.dispose()
    print("kill during deletion: deleted", sorted(deleted), "kept", sorted(set(cases) - deleted))
