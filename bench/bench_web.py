"""The web application under measurement: a real `posters serve` and a `posters worker` (on Redis), over HTTP.

Figures: the queue page and case pages with 500 cases in the database (median, p95), the upload
and validation of a case with three photos, a publish job end to end, and the peak memory
(VmHWM) of the server and of the worker. Usage: bench_web.py [CASES] [--database-url URL]
"""
from __future__ import annotations

import argparse
import http.cookiejar
import io
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from common import REPO, SAMPLES, machine

PASSWORD = "bench password 123"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def _fmt(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {_p95(values) * 1000:.0f} ms ({len(values)} requests)"


def _hwm(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    return "?"


def _multipart(fields: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, filename, data in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def seed(data: Path, url: str | None, cases: int) -> None:
    """Users and `cases` cases (the samples, each with its own case id so no two pages share a cache entry)."""
    sys.path.insert(0, str(REPO))
    from argon2 import PasswordHasher

    from posters.web import WebConfig, accounts, casework, create_app
    from posters.web import db as database

    app = create_app(WebConfig(data_dir=data, database_url=url, jobs_immediate=True))
    fast = PasswordHasher()
    with app.test_request_context():
        s = database.session()
        cm = accounts.add_user(s, "casey", PASSWORD, ["case_manager"], hasher=fast)
        accounts.add_user(s, "robin", PASSWORD, ["reviewer"], "Robin Bench", hasher=fast)
        s.commit()
        names = sorted(p.name for p in SAMPLES.iterdir() if (p / "case.yaml").is_file())
        for i in range(cases):
            folder = SAMPLES / names[i % len(names)]
            text = (folder / "case.yaml").read_text(encoding="utf-8")
            text = re.sub(r"(\n  id: )(\S+)", lambda m: f"{m.group(1)}{m.group(2)}-{i:04d}", text, count=1)
            photos = {p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / "photos").iterdir()}
            casework.create(s, cm, text, photos, require_valid=False)
    app.extensions["posters_engine"].dispose()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cases", nargs="?", type=int, default=500)
    ap.add_argument("--database-url")
    ap.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="posters-bench-web-"))
    data = tmp / "data"
    env = {**os.environ, "POSTERS_CACHE_DIR": str(tmp / "faces")}
    os.environ["POSTERS_CACHE_DIR"] = env["POSTERS_CACHE_DIR"]
    t = time.perf_counter()
    seed(data, args.database_url, args.cases)
    print(f"machine: {machine()}")
    print(f"seeded {args.cases} cases in {time.perf_counter() - t:.1f} s ({args.database_url or 'SQLite'})")

    port = _port()
    queue = f"posters-bench-{secrets.token_hex(4)}"
    common = ["--data", str(data)] + (["--database-url", args.database_url] if args.database_url else [])
    server = subprocess.Popen([sys.executable, "-m", "posters", "serve", *common, "--port", str(port),
                               "--redis-url", args.redis_url, "--queue", queue], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "posters", "worker", *common, "--redis-url", args.redis_url,
                               "--queue", queue], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        jar = http.cookiejar.CookieJar()
        web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = web.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": "robin", "password": PASSWORD, "csrf_token": token}).encode()
        web.open(base + "/login", data=body).read()

        def timed(url: str) -> float:
            start = time.perf_counter()
            with web.open(base + url) as r:
                r.read()
                assert r.status == 200, (url, r.status)
            return time.perf_counter() - start

        timed("/")
        print(f"queue page, {args.cases} cases: {_fmt([timed('/') for _ in range(40)])}")
        print(f"case page, first visit (readiness with face checks, redaction diff): "
              f"{_fmt([timed(f'/cases/{i}') for i in range(2, 32)])}")
        print(f"case page, again: {_fmt([timed(f'/cases/{i}') for i in range(2, 32)])}")

        # API: upload and validation of a case with three photos (the case page then runs the photo checks).
        api_token = subprocess.run([sys.executable, "-m", "posters", "users", "token", "casey", *common],
                                   env=env, capture_output=True, text=True, check=True).stdout.strip()
        rev_token = subprocess.run([sys.executable, "-m", "posters", "users", "token", "robin", *common],
                                   env=env, capture_output=True, text=True, check=True).stdout.strip()
        folder = SAMPLES / "02-long-term"
        text = (folder / "case.yaml").read_text(encoding="utf-8")
        extra = (SAMPLES / "01-standard" / "photos" / "ava-2026.jpg").read_bytes()
        text = text.replace("photos:\n", "photos:\n      - file: photos/extra.jpg\n        role: additional\n", 1)
        fields = [("case", "case.yaml", text.encode())]
        fields += [("photos", p.name, p.read_bytes()) for p in sorted((folder / "photos").iterdir())]
        fields.append(("photos", "extra.jpg", extra))
        payload, ctype = _multipart(fields)
        start = time.perf_counter()
        req = urllib.request.Request(base + "/api/cases", data=payload, method="POST",
                                     headers={"Authorization": f"Bearer {api_token}", "Content-Type": ctype})
        try:
            with urllib.request.urlopen(req) as r:
                new_id = json.loads(r.read())["id"]
        except urllib.error.HTTPError as exc:
            print("upload refused:", exc.read()[:400])
            raise
        upload = time.perf_counter() - start
        check = timed(f"/cases/{new_id}")
        print(f"upload of a case with three photos (POST /api/cases, schema check): {upload * 1000:.0f} ms; "
              f"then its case page (readiness with the photo checks): {check * 1000:.0f} ms")

        # A publish job end to end: approve, queue, the worker publishes, the job reports done.
        def api(path: str, token: str, body: dict | None = None) -> dict:
            req = urllib.request.Request(base + path, method="POST" if body is not None else "GET",
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            with urllib.request.urlopen(req) as r:
                return json.loads(r.read())

        h = api("/api/cases/1/review", rev_token)["release_hash"]
        api("/api/cases/1/approve", rev_token, {"release_hash": h})
        start = time.perf_counter()
        job = api("/api/cases/1/publish", rev_token, {})["job"]
        while True:
            state = api(f"/api/jobs/{job}", rev_token)
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        print(f"publish job end to end (queued -> done, 29 files, in the worker): "
              f"{time.perf_counter() - start:.2f} s, {state['state']}")
        print(f"peak memory (VmHWM): server {_hwm(server.pid)}, worker {_hwm(worker.pid)}")
    finally:
        for proc in (server, worker):
            proc.terminate()
            proc.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
