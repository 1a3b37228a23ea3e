"""The database: one engine per app, one session per request (closed in one teardown), migrations on start."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str, busy_seconds: float = 30) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL and a busy timeout (a server and a worker share it)."""
    if url.startswith("sqlite"):
        # hide_parameters: a database error's message names the SQL, never the values (case files, session ids).
        engine = create_engine(url, connect_args={"timeout": busy_seconds, "check_same_thread": False},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # Deleted rows (a deleted case's text and photos) are overwritten with zeros, not left in free pages.
            cur.execute("PRAGMA secure_delete=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def alembic_config(url: str):
    """The Alembic configuration for the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    """Bring the database to the newest schema (run on every start; a no-op when current)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if p.exists():
                os.chmod(p, 0o600)


def init_app(app: Flask, engine: Engine) -> None:
    """Open a session per request on g and close it in one teardown."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.extensions["posters_db"] = factory

    @app.teardown_appcontext
    def _close(exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            if exc is not None:
                db.rollback()
            db.close()


def session() -> Session:
    """This request's database session."""
    from flask import current_app

    if "db" not in g:
        g.db = current_app.extensions["posters_db"]()
    return g.db
