"""Fixtures of the hostile web suite: apps on SQLite (and PostgreSQL), accounts of every role, cases in every state.

A module-scoped "world" holds one case in each state of the queue; tests that
change a case take a fresh one (`world.fresh(state)`), so a publish (seconds of
rendering) runs once per module, not once per test. Jobs are only queued here
(nobody consumes the queue) unless a test runs them with `world.run_jobs()`.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, api_token, bearer, csrf_of, fast_hasher, pg_server, sample

__all__ = ["PASSWORD", "Client", "World", "api_token", "bearer", "build_app", "csrf_of", "pg_server", "sample"]
# casey writes the cases; casey2 is a second case manager; robin and rita review; sam posts; ada administers.
USERS = {"casey": ["case_manager"], "casey2": ["case_manager"], "robin": ["reviewer"], "rita": ["reviewer"],
         "sam": ["social_media"], "ada": ["admin"]}


@pytest.fixture(scope="session", autouse=True)
def _face_cache_dir(tmp_path_factory):
    # Face detections are cached per photo hash: share them across the suite, never in ~/.cache.
    os.environ.setdefault("POSTERS_CACHE_DIR", str(tmp_path_factory.mktemp("face-cache")))


def pg_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed under CI: {reason}")
    pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 ({reason})")


def pg_admin(database_url: str):  # noqa: ANN201
    """An admin connection to the server holding `database_url` (its `postgres` database)."""
    try:
        import psycopg

        return psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001
        pg_unavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


@pytest.fixture
def pg_url(pg_server):
    """A fresh PostgreSQL database for this test, dropped afterwards (its backends terminated first).

    The server is the web suite's: 127.0.0.1:5432, else a throwaway cluster (tests/pgcluster.py)."""
    admin = pg_admin(pg_server)
    name = f"posters_hostile_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_server.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def build_app(data_dir: Path, database_url: str | None = None, **overrides):  # noqa: ANN201
    from posters.web import WebConfig, create_app

    cfg = WebConfig(data_dir=data_dir, database_url=database_url, testing=True, **overrides)
    return create_app(cfg)


def dispose(app) -> None:  # noqa: ANN001
    app.extensions["posters_engine"].dispose()
    with app.app_context():
        app.config["SESSION_SQLALCHEMY"].engine.dispose()


def add_users(app, users: dict[str, list[str]] = USERS) -> None:  # noqa: ANN001
    from posters.web import accounts
    from posters.web import db as database

    with app.test_request_context():
        s = database.session()
        for name, roles in users.items():
            accounts.add_user(s, name, PASSWORD, roles, full_name=name.capitalize() + " Tester", hasher=fast_hasher())
        s.commit()


class Client:
    """A test client logged in through the login form (None: anonymous), with the page's CSRF token at hand."""

    def __init__(self, app, username: str | None, password: str = PASSWORD) -> None:  # noqa: ANN001
        self.c = app.test_client()
        self.username = username
        if username:
            page = self.c.get("/login")
            r = self.c.post("/login", data={"username": username, "password": password,
                                            "csrf_token": csrf_of(page.text)})
            assert r.status_code == 302, r.text
        self.token = csrf_of(self.c.get("/login" if not username else "/").text)

    def get(self, path: str, **kw):  # noqa: ANN201
        return self.c.get(path, **kw)

    def post(self, path: str, data=None, **kw):  # noqa: ANN001, ANN201
        data = dict(data or {})
        data.setdefault("csrf_token", self.token)
        return self.c.post(path, data=data, **kw)

    def cookie(self) -> str | None:
        c = self.c.get_cookie("posters_session")
        return c.value if c else None


@dataclass
class World:
    """One app with every account and one case in each state (ids in .cases); .fresh(state) makes another."""

    app: object
    cases: dict[str, int] = field(default_factory=dict)
    _clients: dict[str, "Client"] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    def client(self, username: str | None) -> "Client":
        """A logged-in client per account, made once (logging in costs an argon2 hash)."""
        key = username or ""
        if key not in self._clients:
            self._clients[key] = Client(self.app, username)
        return self._clients[key]

    def token(self, username: str) -> str:
        if username not in self._tokens:
            self._tokens[username] = api_token(self.app, username)
        return self._tokens[username]

    def _do(self, fn):  # noqa: ANN001, ANN202
        from posters.web import db as database

        with self.app.test_request_context():
            return fn(database.session())

    def create(self, author: str = "casey", name: str = "01-standard", text: str | None = None,
               photos: dict[str, bytes] | None = None) -> int:
        from posters.web import accounts, casework

        t, p = sample(name)
        return self._do(lambda s: casework.create(s, accounts.find_user(s, author), text or t,
                                                  p if photos is None else photos, require_valid=True)[0].id)

    def submit(self, case_id: int, who: str = "casey") -> None:
        from posters.web import accounts, casework
        from posters.web.models import CaseRecord

        self._do(lambda s: casework.submit_for_review(s, accounts.find_user(s, who), s.get(CaseRecord, case_id)))

    def approve(self, case_id: int, who: str = "robin") -> str:
        from posters.web import accounts, publishing
        from posters.web.models import CaseRecord

        def go(s):  # noqa: ANN001, ANN202
            case = s.get(CaseRecord, case_id)
            h = publishing.current_review(case)["release_hash"]
            publishing.approve(s, case, accounts.find_user(s, who), h, "fine")
            return h
        return self._do(go)

    def request_publish(self, case_id: int, who: str = "robin") -> str:
        from posters.web import accounts, publishing
        from posters.web.models import CaseRecord

        return self._do(lambda s: publishing.request_publication(s, s.get(CaseRecord, case_id),
                                                                 accounts.find_user(s, who)).job_id)

    def run_job(self, job_id: str) -> str:
        """Run one queued publication here, as the worker would; returns its final state."""
        from posters.web.jobs import run_publication
        from posters.web.models import Publication
        from sqlalchemy import select

        factory = self.app.extensions["posters_db"]
        with factory() as s:
            pub_id = s.scalar(select(Publication.id).where(Publication.job_id == job_id))
        run_publication(factory, pub_id)
        with factory() as s:
            return s.scalar(select(Publication.state).where(Publication.id == pub_id))

    def fresh(self, state: str) -> int:
        """A new case (by casey) in this state: draft, ready, approved or published."""
        cid = self.create()
        if state == "draft":
            return cid
        self.submit(cid)
        if state == "ready":
            return cid
        self.approve(cid)
        if state == "approved":
            return cid
        job = self.request_publish(cid)
        assert self.run_job(job) == "done"
        return cid

    def ids(self, case_id: int) -> dict[str, object]:
        """The ids that hang off a case: its first photo, its last job, its first artifact."""
        from sqlalchemy import select

        from posters.web.models import Artifact, CasePhoto, Publication

        def go(s):  # noqa: ANN001, ANN202
            photo = s.scalar(select(CasePhoto.id).where(CasePhoto.case_id == case_id).limit(1))
            pub = s.scalar(select(Publication).where(Publication.case_id == case_id).order_by(Publication.id.desc())
                           .limit(1))
            art = s.scalar(select(Artifact.id).where(Artifact.publication_id == pub.id).order_by(Artifact.id)
                           .limit(1)) if pub else None
            return {"photo": photo, "job": pub.job_id if pub else "nosuchjob", "artifact": art}
        return self._do(go)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A module's app with every account and a case in each state (one publish per module)."""
    app = build_app(tmp_path_factory.mktemp("world") / "data")
    add_users(app)
    w = World(app)
    w.cases["draft"] = w.fresh("draft")
    w.cases["ready"] = w.fresh("ready")
    w.cases["approved"] = w.fresh("approved")
    w.cases["published"] = w.fresh("published")
    w.cases["other"] = w.create(author="casey2")  # a second manager's case
    yield w
    dispose(app)


@pytest.fixture
def fresh_app(tmp_path):
    """A new app of its own with every account (for tests that break or fill it)."""
    apps = []

    def make(**overrides):  # noqa: ANN202
        app = build_app(tmp_path / f"data{len(apps)}", **overrides)
        add_users(app)
        apps.append(app)
        return app

    yield make
    for app in apps:
        dispose(app)
