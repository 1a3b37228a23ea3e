"""Deleting a case: every record of its content, its photos and what was derived from them, or none of it.

Uploaded originals are kept only as long as the case. Deleting one removes, in
one transaction, its photos, approvals and their snapshots, publications and
their files, and its audit chain (whose entries quote decisions, notes and
reasons), and appends one entry to the server's chain saying who deleted which
case number (no case content; the deleted chain's last hash and the published
files' names and hashes, so the takedown list outlives the case). A kill -9
leaves the whole case or none of it. The case row stays as a tombstone (state
"deleted", no text) so that its number is never given to another case and old
links answer 404.

After the commit: the face and OCR cache entries of its photos (files named by
the photo's hash) go, unless a remaining case has the same photo; the
in-process preview cache is emptied; SQLite's WAL is checkpointed and
truncated (secure_delete, set on every connection, has zeroed the freed
pages; the WAL would still hold old page images). A crash between the commit
and the cache clean-up leaves cache files no case uses: `sweep_cache` removes
them when the server or a worker starts.

Who: an administrator, or a case manager for a case that was never published.
A case with published files that were not taken down is refused (409) for
everyone: take it down first, so the list of copies to remove is never lost.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from . import audit, library
from .errors import Conflict, NotAllowed
from .models import (
    DELETED,
    ApprovalRecord,
    ApprovalSnapshot,
    Artifact,
    AuditRecord,
    CasePhoto,
    CaseRecord,
    Publication,
    User,
)
from .security import require

log = logging.getLogger("posters.web.retention")
_HASHED = re.compile(r"^([0-9a-f]{64})-")


def refusal(db: Session, user: User, case: CaseRecord) -> str | None:
    """Why this user may not delete this case now (None: they may); raises NotAllowed for a role without the right."""
    require(user, "case.delete", case)
    pubs = list(db.scalars(select(Publication).where(Publication.case_id == case.id)))
    if any(p.state in ("queued", "running") for p in pubs):
        return "a publication of this case is queued or running; wait until it ends, then take the case down"
    live = db.scalar(select(Artifact.id).join(Publication).where(Publication.case_id == case.id,
                                                                Artifact.removed_at.is_(None)).limit(1))
    if case.state == "published" or live is not None:
        return ("this case has published files that were not taken down; take it down first (set case.status to "
                "recovered or cancelled, then Take down), so the list of copies to remove is kept")
    if "admin" not in user.roles and any(p.state == "done" for p in pubs):
        raise NotAllowed("this case was published; only an administrator may delete it (after its takedown)")
    return None


def delete_case(db: Session, user: User, case: CaseRecord, cache_dirs: Iterable[Path] = ()) -> dict[str, Any]:
    """Delete the case's content and derived files (see the module's docstring); returns what was removed.

    Raises NotAllowed or Conflict (nothing changed)."""
    why = refusal(db, user, case)
    if why:
        raise Conflict(why)
    cid = case.id
    hashes = {p.sha256 for p in case.photos}
    pub_ids = list(db.scalars(select(Publication.id).where(Publication.case_id == cid)))
    files = [{"name": a.name, "sha256": a.sha256} for a in
             db.scalars(select(Artifact).where(Artifact.publication_id.in_(pub_ids)).order_by(Artifact.id))]
    chain = audit.entries(db, cid)
    summary = {"case": cid, "photos": len(hashes), "publications": len(pub_ids), "published_files": files,
               "audit_entries": len(chain), "chain_head": chain[-1].entry_hash if chain else audit.GENESIS}
    db.execute(delete(Artifact).where(Artifact.publication_id.in_(pub_ids)))
    db.execute(delete(Publication).where(Publication.case_id == cid))
    db.execute(delete(ApprovalRecord).where(ApprovalRecord.case_id == cid))
    db.execute(delete(ApprovalSnapshot).where(ApprovalSnapshot.case_id == cid))
    db.execute(delete(CasePhoto).where(CasePhoto.case_id == cid))
    db.execute(delete(AuditRecord).where(AuditRecord.case_id == cid))
    db.expire(case, ["photos"])
    case.yaml_text, case.case_ref, case.review_json = "", "", None
    case.state, case.holder_id = DELETED, None
    case.content_version += 1
    audit.append(db, None, "case_delete", user.username, details=summary)
    db.commit()
    # The case is gone; what follows only removes copies derived from it, and is repeated at start-up.
    remaining = set(db.scalars(select(CasePhoto.sha256).where(CasePhoto.sha256.in_(hashes)))) if hashes else set()
    removed = sum(purge_cache(d, hashes - remaining) for d in set(cache_dirs))
    library.forget_cached()
    checkpointed = checkpoint(db)
    return {**summary, "cache_files": removed, "database_compacted": checkpointed}


def purge_cache(directory: Path, hashes: Iterable[str]) -> int:
    """Remove the cache entries derived from these photo hashes (files named HASH-...); returns how many."""
    wanted, removed = set(hashes), 0
    if not wanted or not Path(directory).is_dir():
        return 0
    for path in Path(directory).iterdir():
        m = _HASHED.match(path.name)
        if m and m.group(1) in wanted:
            removed += _unlink(path)
    return removed


def sweep_cache(db: Session, directory: Path) -> int:
    """Remove cache entries no remaining case's photo accounts for (left by a crash, an edit that replaced a
    photo, or an older version's unnamed entries); returns how many. For the server's own cache folder only."""
    if not Path(directory).is_dir():
        return 0
    live = set(db.scalars(select(CasePhoto.sha256).distinct()))
    removed = 0
    for path in Path(directory).iterdir():
        m = _HASHED.match(path.name)
        if path.is_file() and (m is None or m.group(1) not in live):
            removed += _unlink(path)
    if removed:
        log.info("removed %d face and text cache entries that no remaining case uses", removed)
    return removed


def checkpoint(db: Session) -> bool:
    """SQLite: copy the WAL into the database and truncate it (old page images hold deleted content); True when
    done. Other databases: False (PostgreSQL's dead rows go with its own VACUUM)."""
    bind = db.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect() as conn:
        busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        log.warning("the database is busy: its write-ahead log is truncated at the next deletion or restart")
    return not busy


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except FileNotFoundError:
        return 0
    except OSError as exc:  # a cache entry that cannot be removed is reported, never fatal to the deletion
        log.error("cannot remove a cache entry: %s", exc.strerror or type(exc).__name__)
        return 0


__all__ = ["checkpoint", "delete_case", "purge_cache", "refusal", "sweep_cache"]
