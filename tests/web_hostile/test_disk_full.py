"""Disk full while publishing (a 64 KB tmpfs under the publish's working folder): the previous release stays intact."""
from __future__ import annotations

import os
import subprocess
import tempfile

import pytest

from .conftest import World, add_users, build_app, dispose

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    if r.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a small tmpfs (needs root): {r.stderr.strip()}")
        pytest.skip(f"cannot mount a small tmpfs (needs root): {r.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_while_publishing_keeps_the_previous_release(tmp_path, tiny_disk, monkeypatch):
    from sqlalchemy import select

    from posters.web import accounts, casework
    from posters.web.models import CaseRecord, Publication

    app = build_app(tmp_path / "data")
    add_users(app)
    w = World(app)
    cid = w.fresh("published")
    sam = w.client("sam")
    before = sam.get(f"/cases/{cid}/artifacts.zip").data
    assert before[:2] == b"PK"
    w._do(lambda s: casework.edit(s, accounts.find_user(s, "casey"), s.get(CaseRecord, cid),
                                  s.get(CaseRecord, cid).yaml_text.replace("black jeans", "blue jeans"), {}))
    w.submit(cid)
    w.approve(cid)
    job = w.request_publish(cid)
    monkeypatch.setattr(tempfile, "tempdir", str(tiny_disk))  # where the library builds the release
    assert w.run_job(job) == "failed"
    monkeypatch.setattr(tempfile, "tempdir", None)
    with app.extensions["posters_db"]() as s:
        pub = s.scalar(select(Publication).where(Publication.job_id == job))
        assert "disk is full" in pub.error and "previous release" in pub.error, pub.error
        assert not pub.artifacts
    assert sam.get(f"/cases/{cid}/artifacts.zip").data == before
    assert sam.get(f"/cases/{cid}/release").status_code == 200
    assert not any(tiny_disk.iterdir()), "the failed publish left files behind"
    r = w.client("robin").get(f"/api/cases/{cid}/audit", headers={"X-CSRFToken": w.client("robin").token})
    assert r.get_json()["verified"] is True
    dispose(app)
