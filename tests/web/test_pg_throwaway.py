"""The throwaway PostgreSQL cluster the suite falls back on: start it, migrate, query, stop (so the path cannot rot).

Runs in the normal suite even when 127.0.0.1:5432 answers; POSTERS_TEST_PG=throwaway
makes the whole PostgreSQL half of the web suites use such a cluster.
"""
from __future__ import annotations

import os

import pytest

from tests.pgcluster import ClusterUnavailable, ThrowawayCluster, postgres_bin


def test_a_throwaway_cluster_starts_migrates_answers_and_is_removed():
    if postgres_bin() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Debian's postgresql (initdb and pg_ctl in /usr/lib/postgresql/*/bin)")
        pytest.skip("no initdb in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    try:
        cluster = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(str(exc))
    folder = cluster.folder
    try:
        assert cluster.port != 5432 and cluster.answers()
        if os.geteuid() == 0:  # initdb refuses root: the cluster is the postgres user's
            import pwd

            assert folder.stat().st_uid == pwd.getpwnam("postgres").pw_uid
        import psycopg
        from sqlalchemy import select

        from posters.web import accounts, db
        from posters.web.models import User

        with psycopg.connect(cluster.url, autocommit=True, connect_timeout=5) as admin:
            admin.execute('CREATE DATABASE "posters_throwaway"')
        url = cluster.url.rsplit("/", 1)[0] + "/posters_throwaway"
        db.upgrade(url)  # every Alembic migration, on this server
        engine = db.make_engine(url)
        try:
            from sqlalchemy.orm import Session

            with Session(engine) as s:
                accounts.add_user(s, "pat", "a long enough password", ["reviewer"])
                s.commit()
                assert s.scalars(select(User.username)).all() == ["pat"]
        finally:
            engine.dispose()
    finally:
        cluster.stop()
    assert not cluster.answers() and not folder.exists()
