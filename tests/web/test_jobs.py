"""Publish jobs on a real Huey: SQLite storage in the data folder, and Redis at 127.0.0.1:6379 (own queue per run)."""
from __future__ import annotations

import os
import secrets
import time

import pytest

from .conftest import api_token, approve_by_api, bearer, create_case

REDIS = os.environ.get("POSTERS_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _redis_or_skip() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is needed under CI at {REDIS}: {exc}")
        pytest.skip(f"no Redis at {REDIS} ({exc}); the Redis job test is skipped")
    return REDIS


def _approve_and_publish(app) -> tuple[object, str]:
    case_id = create_case(app)
    client = app.test_client()
    rev = api_token(app, "robin")
    approve_by_api(client, case_id, rev)
    r = client.post(f"/api/cases/{case_id}/publish", headers=bearer(rev))
    assert r.status_code == 202
    return client, r.get_json()["job"]


def _wait(client, token, job, seconds=180) -> list[dict]:
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(f"/api/jobs/{job}", headers=bearer(token)).get_json()
        seen.append(body)
        if body["state"] in ("done", "failed"):
            return seen
        time.sleep(0.3)
    pytest.fail(f"the job did not finish in {seconds} s: {seen[-1]}")


def test_a_worker_takes_the_publish_job(make_app, backend):
    # The two real set-ups: SQLite with the embedded SQLite queue, PostgreSQL with Redis.
    queue = "sqlite" if backend == "sqlite" else "redis"
    from posters.web.jobs import start_embedded

    from .conftest import add_users

    overrides = {"jobs_immediate": False}
    if queue == "redis":
        overrides.update(redis_url=_redis_or_skip(), queue_name=f"posters-test-{secrets.token_hex(4)}")
    app = make_app(**overrides)
    add_users(app)
    huey = app.extensions["posters_huey"]
    client, job = _approve_and_publish(app)
    assert client.get(f"/api/jobs/{job}", headers=bearer(api_token(app, "robin"))).get_json()["state"] == "queued"
    consumer = start_embedded(huey)
    try:
        seen = _wait(client, api_token(app, "robin"), job)
    finally:
        consumer.stop(graceful=True)
        if queue == "redis":
            huey.storage.flush_all()
    assert seen[-1]["state"] == "done", seen[-1]
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress) and progress[-1] == 1.0
    # The library reports each poster and card, so a poll in the middle of rendering sees the bar between.
    assert any(0.2 < p < 0.95 for p in progress), progress


def test_the_job_records_the_library_progress_of_each_step(app, monkeypatch):
    from posters.web import publishing

    recorded: list[float] = []
    real = publishing.set_progress

    def record(db, publication_id, value):
        real(db, publication_id, value)
        recorded.append(value)

    monkeypatch.setattr(publishing, "set_progress", record)
    client, job = _approve_and_publish(app)  # immediate jobs: done by now
    body = client.get(f"/api/jobs/{job}", headers=bearer(api_token(app, "robin"))).get_json()
    assert (body["state"], body["progress"]) == ("done", 1.0), body
    assert recorded == sorted(recorded) and recorded[0] > 0
    assert len({v for v in recorded if 0 < v < 1}) >= 8, recorded
    assert max(recorded) < 1.0  # 1.0 is written by the commit that publishes, with the files


def test_a_failed_publish_says_why_and_publishes_nothing(app, monkeypatch):
    from posters.errors import ReleaseRefused
    from posters.web import library

    def refuse(*_a, **_k):
        raise ReleaseRefused("the leak scan found 1 problem; nothing was published")

    monkeypatch.setattr(library, "publish", refuse)
    client, job = _approve_and_publish(app)  # immediate jobs: done by now
    body = client.get(f"/api/jobs/{job}", headers=bearer(api_token(app, "robin"))).get_json()
    assert body["state"] == "failed" and "leak scan" in body["error"]
    cases = client.get("/api/cases", headers=bearer(api_token(app, "robin"))).get_json()["cases"]
    assert cases[0]["state"] == "approved"
    assert client.get(f"/api/cases/{cases[0]['id']}/artifacts.zip",
                      headers=bearer(api_token(app, "sam"))).status_code == 404


def test_posters_worker_takes_jobs_from_redis_in_another_process(make_app, tmp_path):
    import subprocess
    import sys

    from .conftest import add_users

    queue = f"posters-test-{secrets.token_hex(4)}"
    app = make_app(jobs_immediate=False, redis_url=_redis_or_skip(), queue_name=queue)
    add_users(app)
    cfg = app.config["POSTERS"]
    cmd = [sys.executable, "-m", "posters", "worker", "--redis-url", cfg.redis_url, "--queue", queue,
           "--data", str(tmp_path / "worker-data")]
    cmd += ["--database-url", cfg.database_url]  # PostgreSQL, or the server's SQLite file on this machine
    worker = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        client, job = _approve_and_publish(app)
        seen = _wait(client, api_token(app, "robin"), job)
    finally:
        worker.terminate()
        out = worker.communicate(timeout=60)[0]
        app.extensions["posters_huey"].storage.flush_all()
    assert seen[-1]["state"] == "done", (seen[-1], out[-2000:])
