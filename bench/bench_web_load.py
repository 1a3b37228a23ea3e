"""50 concurrent users on a real `posters serve` (127.0.0.1): uploads, reviews and downloads for a bounded time.

Case managers upload cases through the API (case.yaml and its photo), reviewers
read the redaction diff (the API and the review page, logged in with a session),
the social-media team downloads the published zip. Afterwards every upload that
was answered 201 must be in the database (no lost writes) and every answer must
have been the expected one (no errors). Prints latency figures per action.

Usage: bench_web_load.py [--users 50] [--seconds 60] [--database-url postgresql://...]
(tests/web_hostile/test_load.py runs it shorter, on SQLite and on PostgreSQL.)
"""
from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from bench_web import _multipart  # noqa: E402  (the same multipart body as the other web benchmark)


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, action: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[action].append(seconds)
            if not ok:
                self.errors.append(f"{action}: {detail}"[:300])


def _call(opener, url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 180):  # noqa: ANN001, ANN202
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:
        return 0, str(e).encode()


def prepare(data_dir: Path, database_url: str | None, users: int) -> dict:
    """Accounts for every virtual user, one case ready for review and one published; tokens and ids."""
    from posters.web import WebConfig, accounts, casework, create_app, publishing
    from posters.web import db as database
    from posters.web.jobs import run_publication
    from posters.web.models import CaseRecord

    from argon2 import PasswordHasher

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # the load is on requests, not logins
    app = create_app(WebConfig(data_dir=data_dir, database_url=database_url))
    folder = REPO / "samples" / "01-standard"
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    photos = {"photos/ava-2026.jpg": (folder / "photos" / "ava-2026.jpg").read_bytes()}
    out: dict = {"text": text, "photo": photos["photos/ava-2026.jpg"], "tokens": {}, "password": "load test passphrase"}
    with app.test_request_context():
        s = database.session()
        for i in range(users):
            role = ("case_manager", "reviewer", "social_media")[i % 3]
            accounts.add_user(s, f"u{i}", out["password"], [role], f"User {i}", hasher=fast)
        accounts.add_user(s, "author", out["password"], ["case_manager"], hasher=fast)
        accounts.add_user(s, "rev", out["password"], ["reviewer"], hasher=fast)
        s.commit()
        for i in range(users):
            out["tokens"][f"u{i}"] = accounts.new_token(s, accounts.find_user(s, f"u{i}"))
        s.commit()
        author, rev = accounts.find_user(s, "author"), accounts.find_user(s, "rev")
        ready, _ = casework.create(s, author, text, photos, require_valid=True)
        casework.submit_for_review(s, author, ready)
        pub_case, _ = casework.create(s, author, text, photos, require_valid=True)
        casework.submit_for_review(s, author, pub_case)
        h = publishing.current_review(pub_case)["release_hash"]
        publishing.approve(s, pub_case, rev, h, "load")
        pub = publishing.request_publication(s, pub_case, rev)
        out["ready"], out["published"], pub_id = ready.id, pub_case.id, pub.id
    run_publication(app.extensions["posters_db"], pub_id)
    with app.extensions["posters_db"]() as s:
        assert s.get(CaseRecord, out["published"]).state == "published", "the published case did not publish"
        out["cases_before"] = s.query(CaseRecord).count()
    app.extensions["posters_engine"].dispose()
    return out


def _user(i: int, base: str, prep: dict, until: float, res: Result) -> None:
    name = f"u{i}"
    role = ("case_manager", "reviewer", "social_media")[i % 3]
    bearer = {"Authorization": f"Bearer {prep['tokens'][name]}"}
    api = urllib.request.build_opener()
    session = None
    if role == "reviewer" and i % 2:  # half the reviewers use the pages with a session, as a browser does
        session = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        t = time.monotonic()
        status, page = _call(session, base + "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        form = f"username={name}&password={prep['password'].replace(' ', '+')}&csrf_token={token.group(1).decode() if token else ''}"
        status, _ = _call(session, base + "/login", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        res.record("login", time.monotonic() - t, status == 200, f"status {status}")  # 302 followed to the queue
    n = 0
    while time.monotonic() < until:
        n += 1
        t = time.monotonic()
        if role == "case_manager":
            body, ctype = _multipart([("case", "case.yaml", prep["text"].encode()), ("photos", "ava-2026.jpg", prep["photo"])])
            status, raw = _call(api, base + "/api/cases", body, {**bearer, "Content-Type": ctype})
            ok = status == 201
            if ok:
                m = re.search(rb'"id":\s*(\d+)', raw)
                with res.lock:
                    res.created.append(int(m.group(1)))
            res.record("upload (API, case + photo)", time.monotonic() - t, ok, f"status {status} {raw[:120]!r}")
        elif role == "reviewer" and session is not None:
            status, raw = _call(session, base + f"/cases/{prep['ready']}/review")
            res.record("review page (session)", time.monotonic() - t, status == 200 and b"release" in raw,
                       f"status {status}")
        elif role == "reviewer":
            status, raw = _call(api, base + f"/api/cases/{prep['ready']}/review", headers=bearer)
            res.record("review diff (API)", time.monotonic() - t, status == 200 and b"release_hash" in raw,
                       f"status {status}")
        else:
            status, raw = _call(api, base + f"/api/cases/{prep['published']}/artifacts.zip", headers=bearer)
            res.record("download release zip (API)", time.monotonic() - t, status == 200 and raw[:2] == b"PK",
                       f"status {status}")


def run_load(data_dir: Path, *, database_url: str | None = None, users: int = 50, seconds: float = 60) -> dict:
    """Prepare, serve, load for `seconds`, check; returns the figures and the problems found."""
    from tests.web_hostile.server import Server

    prep = prepare(data_dir, database_url, users)
    extra = ["--database-url", database_url] if database_url else []
    srv = Server(data_dir, *extra).start()
    res = Result()
    try:
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_user, args=(i, srv.url, prep, until, res)) for i in range(users)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 120)
        elapsed = time.monotonic() - started
        # No lost writes: every upload answered 201 is there, under the id it was given.
        lost = []
        token = prep["tokens"]["u0"]
        for cid in res.created:
            status, raw = _call(urllib.request.build_opener(), srv.url + f"/api/cases/{cid}",
                                headers={"Authorization": f"Bearer {token}"})
            if status != 200:
                lost.append(cid)
        status, raw = _call(urllib.request.build_opener(), srv.url + "/api/cases",
                            headers={"Authorization": f"Bearer {token}"})
        listed = len(re.findall(rb'"id":', raw))
        log = srv.output()
        died = srv.proc.poll() if srv.proc else None  # None: still serving
    finally:
        srv.stop()
    return {"users": users, "seconds": round(elapsed, 1), "latencies": dict(res.latencies), "errors": res.errors,
            "created": len(res.created), "lost": lost, "listed": listed,
            "expected_listed": prep["cases_before"] + len(res.created), "server_log": log,
            "server_exit": died}


def report(figures: dict, label: str) -> str:
    lines = [f"{label}: {figures['users']} users for {figures['seconds']} s on 127.0.0.1"]
    total = 0
    for action, values in sorted(figures["latencies"].items()):
        total += len(values)
        q = sorted(values)
        p95 = q[max(0, int(round(0.95 * len(q))) - 1)]
        lines.append(f"  {action:32} {len(q):5} requests  median {statistics.median(q) * 1000:6.0f} ms  "
                     f"p95 {p95 * 1000:6.0f} ms  max {q[-1] * 1000:6.0f} ms")
    lines.append(f"  {total} requests ({total / max(figures['seconds'], 0.1):.1f}/s), {len(figures['errors'])} errors, "
                 f"{figures['created']} uploads stored, {len(figures['lost'])} lost; the list holds "
                 f"{figures['listed']} cases (expected {figures['expected_listed']})")
    if figures.get("server_exit") is not None:
        lines.append(f"  ! the server died during the run (exit status {figures['server_exit']})")
    for e in figures["errors"][:10]:
        lines.append(f"  ! {e}")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--database-url")
    args = p.parse_args()
    import os

    with tempfile.TemporaryDirectory(prefix="posters-load-") as tmp:
        os.environ.setdefault("POSTERS_CACHE_DIR", str(Path(tmp) / "face-cache"))
        figures = run_load(Path(tmp) / "data", database_url=args.database_url, users=args.users, seconds=args.seconds)
    print(report(figures, "PostgreSQL" if args.database_url else "SQLite (embedded)"))
    return 1 if figures["errors"] or figures["lost"] or figures["listed"] != figures["expected_listed"] else 0


if __name__ == "__main__":
    sys.exit(main())
