"""Alembic environment: the URL comes from the configuration create_app or the CLI passes in."""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Engine

from posters.web.db import make_engine
from posters.web.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")  # given by tests (pytest-alembic): a Connection or Engine
    if isinstance(connectable, Engine):
        with connectable.connect() as connection:
            _run(connection)
            connection.commit()
        return
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
