"""Fixtures of the web tests: an app on SQLite and on PostgreSQL, users of every role, logged-in clients.

PostgreSQL: each test run creates its own database (posters_test_<random>) on
127.0.0.1:5432 and drops it afterwards; tables are emptied between tests. With
no server there, the run starts a throwaway cluster of its own (tests/pgcluster.py:
Debian's initdb and pg_ctl, as the postgres user when run as root) and stops it at
the end; without the binaries either, the PostgreSQL half is skipped with the
reason, except under CI=true, where it fails. POSTERS_TEST_PG=throwaway uses the
throwaway cluster even when a server answers; any other value is the admin URL.
"""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

PG_SETTING = os.environ.get("POSTERS_TEST_PG", "")
THROWAWAY = "throwaway"
PG_ADMIN = PG_SETTING if PG_SETTING and PG_SETTING != THROWAWAY else "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "correct horse battery"
ROLES = {"casey": ["case_manager"], "casey2": ["case_manager"], "robin": ["reviewer"], "sam": ["social_media"],
         "ada": ["admin"]}


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed under CI: {reason}")
    pytest.skip(f"no PostgreSQL ({reason}); the PostgreSQL half of the web suite is skipped")


def _connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_server():
    """The admin URL of a PostgreSQL server for this run: 127.0.0.1:5432 when it answers, else a throwaway cluster."""
    from tests.pgcluster import ClusterUnavailable, ThrowawayCluster

    if PG_SETTING != THROWAWAY:
        try:
            _connect(PG_ADMIN).close()
            yield PG_ADMIN
            return
        except Exception as exc:  # noqa: BLE001
            local = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    else:
        local = "POSTERS_TEST_PG=throwaway"
    try:
        cluster = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        _pg_unavailable(f"{PG_ADMIN}: {local}; and no throwaway cluster: {exc}")
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_database(pg_server):
    """A fresh PostgreSQL database for this test run, dropped at the end; its URL."""
    try:
        admin = _connect(pg_server)
    except Exception as exc:  # noqa: BLE001
        _pg_unavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    name = f"posters_test_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = pg_server.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session", autouse=True)
def _face_cache_dir(tmp_path_factory):
    # Detections are cached per photo hash; keep them out of ~/.cache and share them across the tests.
    os.environ["POSTERS_CACHE_DIR"] = str(tmp_path_factory.mktemp("face-cache"))


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _app_factory(folder: Path, backend: str, request):
    from posters.web import WebConfig, create_app

    apps = []

    def make(**overrides):
        url = None
        if backend == "postgresql":
            url = request.getfixturevalue("pg_database")
            _empty_tables(url)
        cfg = WebConfig(data_dir=folder / f"data{len(apps)}", database_url=url, testing=True,
                        **{"jobs_immediate": True, **overrides})
        app = create_app(cfg)
        apps.append(app)
        return app

    def close():
        for app in apps:
            app.extensions["posters_engine"].dispose()
            with app.app_context():
                app.config["SESSION_SQLALCHEMY"].engine.dispose()

    return make, close


@pytest.fixture
def make_app(tmp_path, backend, request):
    """Build an app on the chosen backend (PostgreSQL tables emptied first)."""
    make, close = _app_factory(tmp_path, backend, request)
    yield make
    close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_app(request, tmp_path_factory):
    """One app with the users of every role for a whole module (tests that only read, or make their own case)."""
    make, close = _app_factory(tmp_path_factory.mktemp("app"), request.param, request)
    app = make()
    add_users(app)
    yield app
    close()


def _empty_tables(url: str) -> None:
    from sqlalchemy import text

    from posters.web import db
    from posters.web.models import Base

    db.upgrade(url)
    engine = db.make_engine(url)
    with engine.begin() as conn:
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    add_users(app)
    return app


# Tests only: cheap argon2 parameters so that hundreds of accounts take no time (verify reads them from the hash).
FAST_HASHER = None


def fast_hasher():
    global FAST_HASHER
    if FAST_HASHER is None:
        from argon2 import PasswordHasher

        FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return FAST_HASHER


def add_users(app) -> None:
    from posters.web import accounts
    from posters.web import db as database

    with app.test_request_context():
        s = database.session()
        for name, roles in ROLES.items():
            accounts.add_user(s, name, PASSWORD, roles, full_name=name.capitalize() + " Tester", hasher=fast_hasher())
        s.commit()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


class Client:
    """A test client logged in through the login form, with the CSRF token at hand."""

    def __init__(self, app, username: str | None) -> None:
        self.c = app.test_client()
        self.username = username
        if username:
            page = self.c.get("/login")
            r = self.c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)})
            assert r.status_code == 302, r.text
        self.token = csrf_of(self.c.get("/login").text) if not username else csrf_of(self.c.get("/").text)

    def get(self, path: str, **kw):
        return self.c.get(path, **kw)

    def post(self, path: str, data=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token)
        return self.c.post(path, data=data, **kw)


@pytest.fixture
def login(app):
    return lambda name: Client(app, name)


def api_token(app, username: str) -> str:
    from posters.web import accounts
    from posters.web import db as database

    with app.test_request_context():
        s = database.session()
        tok = accounts.new_token(s, accounts.find_user(s, username))
        s.commit()
    return tok


def sample(name: str = "01-standard") -> tuple[str, dict[str, bytes]]:
    folder = SAMPLES / name
    photos = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "photos").iterdir())}
    return (folder / "case.yaml").read_text(encoding="utf-8"), photos


def create_case(app, username: str = "casey", name: str = "01-standard") -> int:
    from posters.web import accounts, casework
    from posters.web import db as database

    text, photos = sample(name)
    with app.test_request_context():
        s = database.session()
        case, _ = casework.create(s, accounts.find_user(s, username), text, photos, require_valid=True)
        return case.id


def edit_as_dual_role_user(app, case_id: int) -> str:
    """A user holding case_manager and reviewer edits the case (so is its last editor); their API token."""
    from posters.web import accounts, casework
    from posters.web import db as database
    from posters.web.models import CaseRecord

    with app.test_request_context():
        s = database.session()
        both = accounts.add_user(s, "dual", PASSWORD, ["case_manager", "reviewer"], hasher=fast_hasher())
        s.commit()
        case = s.get(CaseRecord, case_id)
        casework.edit(s, both, case, case.yaml_text.replace("Brown", "Black"), {})
    return api_token(app, "dual")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def approve_by_api(client, case_id: int, token: str, note: str | None = None) -> str:
    """Approve the case's current release through the JSON API as the token's user; the release hash."""
    h = client.get(f"/api/cases/{case_id}/review", headers=bearer(token)).get_json()["release_hash"]
    body = {"release_hash": h} if note is None else {"release_hash": h, "note": note}
    r = client.post(f"/api/cases/{case_id}/approve", json=body, headers=bearer(token))
    assert r.status_code == 200, r.get_data(as_text=True)
    return h


SAMPLE_DIR: Path = SAMPLES
