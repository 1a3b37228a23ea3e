"""Background jobs with Huey: SQLite storage inside the data folder, or Redis for workers on other machines.

The publication row carries what a person sees (state, progress, error); the
queue itself, retries and workers are Huey's.
"""
from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import PostersError
from .config import WebConfig
from .errors import frames

log = logging.getLogger("posters.web.jobs")
DISK_FULL = ("the server's disk is full; nothing was published and the previous release (if any) is unchanged. "
             "Ask an administrator to free space, then publish again.")


def make_huey(config: WebConfig, session_factory: sessionmaker) -> Huey:
    """The job queue for this configuration, with the publish task registered on it."""
    if config.jobs_immediate:
        huey: Huey = SqliteHuey(config.queue_name, immediate=True)
    elif config.redis_url:
        huey = RedisHuey(config.queue_name, url=config.redis_url)
    else:
        huey = SqliteHuey(config.queue_name, filename=str(config.data_dir / "jobs.db"))

    @huey.task(name="posters.publish")
    def publish_task(publication_id: int) -> str:
        run_publication(session_factory, publication_id)
        return "done"

    huey.publish_task = publish_task
    return huey


def start_embedded(huey: Huey, workers: int = 1) -> Any:
    """Start a consumer inside this process (for `posters serve`); stop it with .stop(graceful=True)."""
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    consumer._set_signal_handlers = lambda: None  # the WSGI server owns the signals of this process
    consumer.start()
    return consumer


def run_publication(session_factory: sessionmaker, publication_id: int) -> None:
    """Publish one queued publication; records failure on the row instead of raising for a refusal."""
    from . import publishing

    db: Session = session_factory()
    try:
        def progress(value: float) -> None:
            # Only a report: a failed progress write is logged and the publish goes on.
            try:
                with session_factory() as s:
                    publishing.set_progress(s, publication_id, value)
            except SQLAlchemyError as exc:
                log.warning("publication %s: progress not recorded (%s)", publication_id, type(exc).__name__)

        try:
            publishing.run(db, publication_id, progress)
        except PostersError as exc:
            db.rollback()
            publishing.fail(db, publication_id, exc.message)
        except Exception as exc:  # noqa: BLE001  (an unexpected failure must still end the job visibly)
            db.rollback()
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                # The release is stored in one transaction: nothing of this one was kept.
                log.error("publication %s failed: the disk is full", publication_id)
                publishing.fail(db, publication_id, DISK_FULL)
                return
            # The type and the frames, never the message: a message can quote a value from the case.
            log.error("publication %s failed: %s\n%s", publication_id, type(exc).__name__, frames(exc))
            publishing.fail(db, publication_id, "publishing failed unexpectedly; nothing was published. "
                            "An administrator can find the details in the server log.")
    finally:
        db.close()


ProgressFn = Callable[[float], None]
