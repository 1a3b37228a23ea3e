"""What the server stores: private files, no case content in logs, error pages or job payloads, caches inside the data folder."""
from __future__ import annotations

import logging
import os
import stat

import pytest

from .conftest import World, add_users, api_token, bearer, build_app, dispose, sample
from .server import Server

SECRETS = ("Okafor", "88 W Elm", "Example County Children", "Dana Example")  # sample 01's confidential facts


def _modes(root):  # noqa: ANN001, ANN202
    return {p.relative_to(root).as_posix() or ".": stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def test_database_and_file_store_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        app = build_app(tmp_path / "data")
        add_users(app)
        w = World(app)
        w.create()
        w.client("robin").get("/")  # sessions, WAL
        dispose(app)
    finally:
        os.umask(old)
    modes = _modes(tmp_path / "data")
    assert modes["."] == 0o700
    wrong = {name: oct(m) for name, m in modes.items()
             if m != ((0o700) if (tmp_path / "data" / name).is_dir() else 0o600)}
    assert not wrong, f"not private: {wrong}"
    for name in ("posters.db", "jobs.db", "secret_key"):
        assert name in modes


def test_no_case_content_in_logs_or_error_pages(tmp_path, caplog, monkeypatch):
    """An invalid upload, a refusal and an unexpected crash: the log and the pages name no value from the case."""
    caplog.set_level(logging.DEBUG)
    app = build_app(tmp_path / "data")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    add_users(app)
    w = World(app)
    cid = w.fresh("ready")
    c = app.test_client()
    text, photos = sample()
    import io

    broken = text.replace("phone: 217-555-0100", "phone: [Okafor")  # a YAML error next to a secret
    r = c.post("/api/cases", headers=bearer(api_token(app, "casey")), content_type="multipart/form-data",
               data={"case": (io.BytesIO(broken.encode()), "case.yaml")})
    assert r.status_code == 422
    r = c.post(f"/api/cases/{cid}/approve", headers=bearer(api_token(app, "robin")), json={"release_hash": "0" * 64})
    assert r.status_code == 409
    for bit in SECRETS:
        assert bit not in r.text
    from posters.web import library

    def crash(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise ValueError("placement at 88 W Elm Ave with the Okafor family")
    monkeypatch.setattr(library, "check", crash)
    robin = w.client("robin")
    r = robin.get(f"/cases/{cid}")
    assert r.status_code == 500
    for bit in SECRETS:
        assert bit not in r.text, "the error page shows case content"
    logged = "\n".join(rec.getMessage() + (rec.exc_text or "") for rec in caplog.records)
    assert "ValueError" in logged  # the crash is logged, by type
    for bit in SECRETS:
        assert bit not in logged, f"the log holds {bit!r}"
    dispose(app)


def test_jobs_carry_ids_not_case_data(tmp_path):
    app = build_app(tmp_path / "data")
    add_users(app)
    w = World(app)
    cid = w.fresh("approved")
    robin = w.client("robin")
    r = robin.post(f"/cases/{cid}/publish")
    assert r.status_code == 302
    pending = app.extensions["posters_huey"].pending()
    assert len(pending) == 1 and pending[0].args == (1,) and not pending[0].kwargs
    raw = (tmp_path / "data" / "jobs.db").read_bytes()
    for bit in (*SECRETS, "Ava", "MFC-2026"):
        assert bit.encode() not in raw, f"the job queue holds {bit!r}"
    dispose(app)


@pytest.mark.slow
def test_face_cache_stays_inside_the_data_folder(tmp_path):
    """Face detections (of a child) are cached in DATA/cache even when the environment points elsewhere."""
    data = tmp_path / "data"
    app = build_app(data)
    add_users(app)
    w = World(app)
    _, photos = sample()
    photos = {k: v + b"\0" for k, v in photos.items()}  # a photo no other test has cached
    cid = w.create(photos=photos)
    token = api_token(app, "robin")
    dispose(app)
    elsewhere, home = tmp_path / "elsewhere", tmp_path / "home"
    elsewhere.mkdir()
    home.mkdir()
    srv = Server(data, env={"POSTERS_CACHE_DIR": str(elsewhere), "HOME": str(home)}).start()
    try:
        import urllib.request

        req = urllib.request.Request(srv.url + f"/cases/{cid}", headers=bearer(token))
        with urllib.request.urlopen(req, timeout=120) as r:
            assert r.status == 200
    finally:
        srv.stop()
    assert not any(elsewhere.rglob("*")), "face detections were cached outside the data folder"
    assert not any(home.rglob("*")), "face detections were cached in the home folder"
    cached = [p for p in (data / "cache").rglob("*") if p.is_file()]
    assert cached, "nothing was cached in the data folder (did the page detect faces?)"
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in cached)
