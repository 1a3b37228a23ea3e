"""`posters serve`, `posters worker` and `posters users ...`: the web server's commands."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from posters.cli.registry import command
from posters.errors import PostersError


def _store(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", default="posters-data",
                   help="the data folder: SQLite database, job queue, face cache (default: ./posters-data)")
    p.add_argument("--database-url", metavar="URL", help="a database instead of SQLite, e.g. postgresql://host/posters")


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add the web commands to the `posters` parser."""
    p = sub.add_parser("serve", help="run the web application (a production WSGI server and one job worker)",
                       description="Serve the web application with waitress, with one background worker for "
                                   "publish jobs in the same process. Migrates the database on start.")
    _store(p)
    p.add_argument("--redis-url", metavar="URL", help="queue jobs in Redis for `posters worker` on other machines "
                                                      "(then no worker runs inside the server)")
    p.add_argument("--queue", default="posters", metavar="NAME", help="the job queue's name (default: posters)")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    p.add_argument("--https-proxy", action="store_true",
                   help="behind an HTTPS reverse proxy: Secure cookies, trust its X-Forwarded-Proto")
    p.add_argument("--demo", action="store_true", help="load the fictional samples and demo users (make serve)")

    p = sub.add_parser("worker", help="run a job worker that takes publish jobs from Redis",
                       description="Take publish jobs from the Redis queue that `posters serve --redis-url` fills.")
    _store(p)
    p.add_argument("--redis-url", metavar="URL", required=True, help="the Redis the server queues jobs in")
    p.add_argument("--queue", default="posters", metavar="NAME", help="the job queue's name (default: posters)")
    p.add_argument("--workers", type=int, default=1, help="jobs run at once (default: 1)")

    p = sub.add_parser("users", help="manage accounts of the web application: add, token, disable",
                       description="Add accounts, print a new API token, or disable an account.")
    us = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    a = us.add_parser("add", help="add an account (password from stdin or prompted)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--role", action="append", required=True,
                   choices=["case_manager", "reviewer", "social_media", "admin"], help="a role (repeatable)")
    a.add_argument("--full-name", default="", help="the person's full name (shown in approvals)")
    _store(a)
    t = us.add_parser("token", help="print a new API token for the account (shown once, stored hashed)")
    t.add_argument("name", metavar="NAME")
    _store(t)
    d = us.add_parser("disable", help="disable the account (its sessions and tokens stop working)")
    d.add_argument("name", metavar="NAME")
    _store(d)


def config_from(args: argparse.Namespace, **extra: Any):
    from .config import WebConfig

    return WebConfig(data_dir=args.data, database_url=args.database_url or None,
                     redis_url=getattr(args, "redis_url", None) or None,
                     queue_name=getattr(args, "queue", None) or "posters", **extra).prepare()


def _session(cfg):
    from sqlalchemy.orm import Session

    from . import db

    db.upgrade(cfg.database_url)
    return Session(db.make_engine(cfg.database_url))


@command("users", "manage accounts of the web application")
def users(args: argparse.Namespace) -> int:
    from . import accounts, audit

    cfg = config_from(args)
    with _session(cfg) as db:
        if args.users_command == "add":
            password = _read_password()
            u = accounts.add_user(db, args.name, password, args.role, args.full_name)
            audit.append(db, None, "user_add", "cli", details={"user": u.username, "roles": sorted(u.roles)})
            db.commit()
            print(f"added {u.username} with roles {', '.join(sorted(u.roles))}")
            return 0
        found = accounts.find_user(db, args.name)
        if found is None:
            raise PostersError(f"there is no user named {args.name}; add one with `posters users add NAME --role ROLE`")
        u = found
        if args.users_command == "token":
            token = accounts.new_token(db, u)
            audit.append(db, None, "user_token", "cli", details={"user": u.username})
            db.commit()
            print(token)
            return 0
        u.disabled = True
        audit.append(db, None, "user_disable", "cli", details={"user": u.username})
        db.commit()
        print(f"disabled {u.username}")
        return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise PostersError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\n")


@command("serve", "run the web application")
def serve(args: argparse.Namespace) -> int:
    from waitress import serve as waitress_serve

    from .app import create_app
    from .jobs import start_embedded

    cfg = config_from(args, secure_cookies=args.https_proxy)
    os.environ["POSTERS_CACHE_DIR"] = str(cfg.data_dir / "cache")  # face detections of children stay in the data folder
    app = create_app(cfg)
    if args.demo:
        from .demo import load_demo

        for line in load_demo(app):
            print(line)
    from .recovery import recover_jobs

    huey = app.extensions["posters_huey"]
    # With the embedded worker this process owns every worker: jobs a killed server left behind are settled now.
    recover_jobs(app.extensions["posters_db"], huey, owns_every_worker=not cfg.redis_url)
    settle_retention(app.extensions["posters_db"], cfg)
    consumer = None if cfg.redis_url else start_embedded(huey)
    print(f"posters web on http://{args.host}:{args.port}/ (data: {cfg.data_dir}; "
          f"{'jobs in Redis: run posters worker' if cfg.redis_url else 'one job worker in this process'})",
          flush=True)
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop like Ctrl-C: the worker finishes its job first
    proxy = {"trusted_proxy": "127.0.0.1", "trusted_proxy_headers": {"x-forwarded-proto"}} if args.https_proxy else {}
    try:
        waitress_serve(app, host=args.host, port=args.port, threads=8, ident="posters",
                       clear_untrusted_proxy_headers=True, **proxy)
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
    return 0


@command("worker", "run a job worker on Redis")
def worker(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import sessionmaker

    from . import db
    from .jobs import make_huey

    cfg = config_from(args)
    os.environ["POSTERS_CACHE_DIR"] = str(cfg.data_dir / "cache")  # face detections of children stay in the data folder
    db.upgrade(cfg.database_url)
    factory = sessionmaker(bind=db.make_engine(cfg.database_url), expire_on_commit=False)
    huey = make_huey(cfg, factory)
    from .recovery import recover_jobs

    recover_jobs(factory, huey, owns_every_worker=False)  # other workers may be busy: only long-dead jobs
    settle_retention(factory, cfg)
    print(f"posters worker: {args.workers} worker(s) on {cfg.queue_name}", flush=True)
    huey.create_consumer(workers=args.workers, worker_type="thread", periodic=False).run()
    return 0


def settle_retention(session_factory, cfg) -> None:  # noqa: ANN001
    """At start: cache entries of photos no case has any more (a deletion killed before its clean-up, a replaced
    photo) are removed, and SQLite's write-ahead log, which can hold a deleted case's old pages, is truncated."""
    from .retention import checkpoint, sweep_cache

    with session_factory() as db:
        sweep_cache(db, cfg.data_dir / "cache")
        checkpoint(db)
