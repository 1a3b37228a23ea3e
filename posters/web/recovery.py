"""After a crash: no publish job is left 'running' or 'queued' forever.

A publication is stored with its files in one transaction, so a worker killed
mid-publish leaves no half-written release, only a row that still says
'running' (the job itself is gone with the worker), or, killed between the
request and the queueing, a 'queued' row with no job. When the server starts
with its embedded worker, it owns every worker there is: a 'running' row is
marked failed (publish again), a 'queued' row whose job is missing is queued
again. A separate `posters worker` (Redis) cannot know whether another worker
is still busy, so it fails only rows running longer than any publish takes.
"""
from __future__ import annotations

import datetime as dt
import logging

from huey import Huey
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from .models import Publication, utcnow

log = logging.getLogger("posters.web.recovery")
INTERRUPTED = ("the server or worker stopped while publishing; nothing was published and the previous release "
               "(if any) is unchanged. Publish again.")
STALE_AFTER = dt.timedelta(minutes=30)  # a publish takes seconds; a 'running' row this old has no worker


def recover_jobs(session_factory: sessionmaker, huey: Huey, *, owns_every_worker: bool) -> dict[str, int]:
    """Fail publications a dead worker left running and queue again those whose job was lost; counts of each."""
    from . import publishing

    queued_ids = {t.args[0] for t in huey.pending() if getattr(t, "name", "") == "posters.publish" and t.args}
    failed = requeued = 0
    with session_factory() as db:
        rows = list(db.scalars(select(Publication).where(Publication.state.in_(("queued", "running")))))
        for pub in rows:
            if pub.state == "running" and (owns_every_worker or utcnow() - pub.created_at > STALE_AFTER):
                publishing.fail(db, pub.id, INTERRUPTED)
                failed += 1
            elif pub.state == "queued" and pub.id not in queued_ids and owns_every_worker:
                huey.publish_task(pub.id)
                requeued += 1
    if failed or requeued:
        log.warning("recovered publish jobs after a stop: %d marked failed, %d queued again", failed, requeued)
    return {"failed": failed, "requeued": requeued}
