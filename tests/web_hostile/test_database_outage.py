"""The database gone or locked: a clear 503 (JSON for the API, a page otherwise), and back to work without a restart."""
from __future__ import annotations

import sqlite3
import time

import pytest

from .conftest import Client, add_users, api_token, bearer, build_app, dispose, pg_admin

pytestmark = pytest.mark.slow


def _assert_503(r, api: bool) -> None:  # noqa: ANN001
    assert r.status_code == 503, (r.status_code, r.text[:500])
    assert r.headers.get("Retry-After")
    text = r.get_json()["error"] if api else r.text
    assert "database" in text and "try again" in text
    assert "Traceback" not in r.text and "psycopg" not in r.text and "sqlite" not in r.text.lower()


def test_postgresql_gone_then_back(pg_url, tmp_path):
    app = build_app(tmp_path / "data", database_url=pg_url)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise into the test
    add_users(app)
    token = api_token(app, "robin")
    robin = Client(app, "robin")
    c = app.test_client()
    name = pg_url.rsplit("/", 1)[1]
    admin = pg_admin(pg_url)
    try:
        assert c.get("/api/cases", headers=bearer(token)).status_code == 200
        # A dropped connection (the server restarted, a network blip): the next request reconnects.
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        assert c.get("/api/cases", headers=bearer(token)).status_code == 200
        assert robin.get("/").status_code == 200
        # Gone for a while: 503 with a clear message, never a 500.
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        _assert_503(c.get("/api/cases", headers=bearer(token)), api=True)
        _assert_503(robin.get("/"), api=False)
        _assert_503(c.get("/login"), api=False)
        # Back: the same app serves again, no restart.
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert c.get("/api/cases", headers=bearer(token)).status_code == 200
        assert robin.get("/").status_code == 200
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
        dispose(app)


def test_sqlite_locked_then_free(tmp_path, caplog):
    app = build_app(tmp_path / "data", database_busy_seconds=1)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    add_users(app)
    token = api_token(app, "robin")
    c = app.test_client()
    assert c.get("/api/cases", headers=bearer(token)).status_code == 200
    robin = Client(app, "robin")
    locker = sqlite3.connect(app.config["POSTERS"].data_dir / "posters.db", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock past the busy timeout
    try:
        started = time.monotonic()
        _assert_503(c.get("/api/cases", headers=bearer("pst_wrong")), api=True)  # records a failure: a write
        _assert_503(robin.get("/"), api=False)  # the session's expiry is pushed forward: a write
        assert time.monotonic() - started < 20
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert c.get("/api/cases", headers=bearer(token)).status_code == 200
    assert robin.get("/").status_code == 200
    # The session id is a credential: the errors logged while the database was locked must not carry it.
    sid = robin.cookie()
    assert caplog.records, "nothing was logged about the outage"
    for rec in caplog.records:
        text = rec.getMessage() + (rec.exc_text or "")
        assert sid not in text and token not in text, "a session id or token is in the log"
    dispose(app)


def test_database_errors_never_carry_the_values_they_were_writing(tmp_path):
    """An error message (logged by the session store, raised to the worker) holds the SQL, not the case file or a session id."""
    from sqlalchemy import text

    from posters.web.models import CaseRecord

    app = build_app(tmp_path / "data")
    secret = "Okafor family home, 88 W Elm Ave"
    with app.extensions["posters_db"]() as s:
        s.add(CaseRecord(yaml_text=secret, created_by_id=999, last_edited_by_id=999))  # no such user: refused
        with pytest.raises(Exception) as caught:
            s.commit()
    assert secret not in str(caught.value)
    with app.app_context():
        engine = app.config["SESSION_SQLALCHEMY"].engine
        with engine.connect() as conn, pytest.raises(Exception) as caught:
            conn.execute(text("INSERT INTO no_such_table VALUES (:v)"), {"v": "session:" + secret})
    assert secret not in str(caught.value)
    dispose(app)
