"""kill -9 of a real `posters serve` during an upload, an approval and a publish, then a restart.

Nothing half-written is ever visible or downloadable, a job the dead server was
running ends as failed (never 'running' forever), the previous release is still
the one served, and every audit chain still verifies.
"""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from .conftest import World, add_users, api_token, build_app, dispose
from .server import Server

pytestmark = pytest.mark.slow


def call(srv: Server, method: str, path: str, token: str, body: dict | None = None, timeout: float = 30):  # noqa: ANN201
    """(status, parsed JSON or raw bytes) of one request with a Bearer token."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(srv.url + path, data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw, status, ctype = r.read(), r.status, r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raw, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
    return status, (json.loads(raw) if "json" in ctype else raw)


def _verified_everywhere(srv: Server, token: str, case_ids) -> None:  # noqa: ANN001
    for cid in case_ids:
        status, body = call(srv, "GET", f"/api/cases/{cid}/audit", token)
        assert status == 200 and body["verified"] is True, (cid, body)


def _consistent(data_dir, settled: bool = True) -> None:  # noqa: ANN001
    """Every approval has its audit entry, every publication marked done has its files (and no other has any),
    and once a server has started again (settled) none is left queued or running."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from posters.web.models import ApprovalRecord, Artifact, AuditRecord, Publication

    engine = create_engine(f"sqlite:///{data_dir / 'posters.db'}")
    with Session(engine) as s:
        approvals = {a.id for a in s.scalars(select(ApprovalRecord))}
        audited = {e.details.get("approval") for e in s.scalars(select(AuditRecord).where(AuditRecord.action == "approve"))}
        assert approvals == audited, (approvals, audited)
        for pub in s.scalars(select(Publication)):
            n = len(list(s.scalars(select(Artifact).where(Artifact.publication_id == pub.id))))
            assert (n > 0) == (pub.state == "done"), (pub.id, pub.state, n)
            if settled:
                assert pub.state in ("done", "failed"), f"publication {pub.id} is stuck in {pub.state}"
    engine.dispose()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A data folder with case A published once and then edited and approved again (ready to publish anew),
    case B ready for review, and tokens; the app is closed so that only the server holds the files."""
    data = tmp_path_factory.mktemp("kill") / "data"
    app = build_app(data)
    add_users(app)
    w = World(app)
    a = w.fresh("published")
    from posters.web import accounts, casework
    from posters.web.models import CaseRecord

    w._do(lambda s: casework.edit(s, accounts.find_user(s, "casey"), s.get(CaseRecord, a),
                                  s.get(CaseRecord, a).yaml_text.replace("black jeans", "blue jeans"), {}))
    w.submit(a)
    w.approve(a)
    b = w.fresh("ready")
    tokens = {u: api_token(app, u) for u in ("casey", "robin", "rita", "sam")}
    dispose(app)
    return data, {"a": a, "b": b}, tokens


def test_kill_during_publish_leaves_the_previous_release_and_no_stuck_job(prepared):
    data, cases, tok = prepared
    srv = Server(data).start()
    try:
        status, before_zip = call(srv, "GET", f"/api/cases/{cases['a']}/artifacts.zip", tok["sam"])
        assert status == 200 and before_zip[:2] == b"PK"
        status, body = call(srv, "POST", f"/api/cases/{cases['a']}/publish", tok["robin"], {})
        assert status == 202, body
        job = body["job"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, state = call(srv, "GET", f"/api/jobs/{job}", tok["robin"])
            if state["state"] == "running" and state["progress"] >= 0.1:
                break
            assert state["state"] in ("queued", "running"), state
            time.sleep(0.1)
        else:
            pytest.fail("the publish job never started")
        srv.kill()  # in the middle of rendering and leak-scanning
        _consistent(data, settled=False)  # as the disk holds it now, before any recovery: nothing half-written
    finally:
        srv.kill()
    srv = Server(data).start()
    try:
        status, state = call(srv, "GET", f"/api/jobs/{job}", tok["robin"])
        assert state["state"] == "failed" and "stopped while publishing" in state["error"], state
        status, after_zip = call(srv, "GET", f"/api/cases/{cases['a']}/artifacts.zip", tok["sam"])
        assert status == 200 and after_zip == before_zip, "the previous release changed"
        _verified_everywhere(srv, tok["robin"], cases.values())
        _consistent(data)
    finally:
        srv.stop()


def test_kill_during_approvals_leaves_no_approval_without_its_audit_entry(prepared):
    data, cases, tok = prepared
    for delay in (0.05, 0.3):
        srv = Server(data).start()
        try:
            status, review = call(srv, "GET", f"/api/cases/{cases['b']}/review", tok["rita"])
            assert status == 200
            results = []
            t = threading.Thread(target=lambda srv=srv, review=review, results=results: results.append(
                _quiet(call, srv, "POST", f"/api/cases/{cases['b']}/approve", tok["rita"],
                       {"release_hash": review["release_hash"], "note": "ok"}, 10)))
            t.start()
            time.sleep(delay)
            srv.kill()
            t.join(15)
            _consistent(data)
        finally:
            srv.kill()
    srv = Server(data).start()
    try:
        _verified_everywhere(srv, tok["robin"], cases.values())
        status, case = call(srv, "GET", f"/api/cases/{cases['b']}", tok["robin"])
        assert case["state"] in ("ready_for_review", "approved")
    finally:
        srv.stop()


def _quiet(fn, *args):  # noqa: ANN001, ANN202
    try:
        return fn(*args)
    except OSError as exc:  # the server died under the request: expected
        return exc


def test_kill_during_an_upload_stores_nothing(prepared):
    data, cases, tok = prepared
    srv = Server(data).start()
    try:
        status, listing = call(srv, "GET", "/api/cases", tok["casey"])
        before = {c["id"] for c in listing["cases"]}
        boundary = "hostileboundary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"case\"; filename=\"case.yaml\"\r\n"
                "Content-Type: application/x-yaml\r\n\r\n").encode()
        body_len = 5 * 1024 * 1024
        with socket.create_connection(("127.0.0.1", srv.port)) as sock:
            sock.sendall((f"POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {tok['casey']}\r\n"
                          f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                          f"Content-Length: {body_len}\r\n\r\n").encode() + head + b"schema: posters/case-v1\n")
            sock.sendall(b"#" * (1024 * 1024))  # a fifth of it, then the server dies
            srv.kill()
    finally:
        srv.kill()
    srv = Server(data).start()
    try:
        status, listing = call(srv, "GET", "/api/cases", tok["casey"])
        assert {c["id"] for c in listing["cases"]} == before
        _consistent(data)
        log = srv.output()
        for secret in [*tok.values(), "Okafor", "88 W Elm"]:
            assert secret not in log, "the server log holds a token or case content"
    finally:
        srv.stop()


def test_a_publication_whose_job_was_lost_is_queued_again(fresh_app):
    """Killed between storing the publication and queueing its job: the next start queues it (never stuck)."""
    from posters.web.recovery import recover_jobs

    app = fresh_app()
    w = World(app)
    cid = w.fresh("approved")
    w.request_publish(cid)  # the row only: the job was never queued
    huey = app.extensions["posters_huey"]
    assert not huey.pending()
    assert recover_jobs(app.extensions["posters_db"], huey, owns_every_worker=True) == {"failed": 0, "requeued": 1}
    assert [t.args for t in huey.pending()] == [(1,)]
    # a separate worker does not touch rows another worker may be running, nor requeue
    assert recover_jobs(app.extensions["posters_db"], huey, owns_every_worker=False) == {"failed": 0, "requeued": 0}
