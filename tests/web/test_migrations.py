"""Alembic migrations: one head, empty to head, every step down and up again, and models that match (pytest-alembic)."""
from __future__ import annotations

import pytest
from pytest_alembic import Config, runner
from pytest_alembic.tests import (  # noqa: F401
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)

from posters.web import db


@pytest.fixture
def alembic_engine(tmp_path, backend, request):
    if backend == "postgresql":
        from sqlalchemy import text

        from .conftest import _empty_tables  # noqa: F401  (the database exists; start it empty)

        url = request.getfixturevalue("pg_database")
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        engine = db.make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_runner(alembic_engine):
    config = Config(config_options={"script_location": str(db.MIGRATIONS)})
    with runner(config=config, engine=alembic_engine) as r:
        yield r
