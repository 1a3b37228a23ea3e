"""The database audit trail: one hash chain per case, with the actors' user names.

Each entry's hash covers its fields and the hash of the entry before, so
changing, removing or reordering an entry breaks the chain from there on.
Entries are added in the caller's transaction: an approval and its entry
commit together or not at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditRecord

GENESIS = "0" * 64


def _entry_hash(case_id: int | None, seq: int, at: str, actor: str, action: str, release_hash: str | None,
                details: dict[str, Any], prev: str) -> str:
    doc = {"case": case_id, "seq": seq, "at": at, "actor": actor, "action": action,
           "release_hash": release_hash, "details": details, "prev": prev}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def append(db: Session, case_id: int | None, action: str, actor: str, *, release_hash: str | None = None,
           details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditRecord:
    """Add an entry to the case's chain in this transaction (the unique (case, seq) stops a forked chain)."""
    last = db.scalar(select(AuditRecord).where(AuditRecord.case_id.is_(None) if case_id is None
                                               else AuditRecord.case_id == case_id)
                     .order_by(AuditRecord.seq.desc()).limit(1))
    seq = (last.seq + 1) if last else 1
    prev = last.entry_hash if last else GENESIS
    at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    details = json.loads(json.dumps(details or {}, sort_keys=True))
    record = AuditRecord(case_id=case_id, seq=seq, at=at, actor=actor, action=action, release_hash=release_hash,
                         details=details, prev_hash=prev,
                         entry_hash=_entry_hash(case_id, seq, at, actor, action, release_hash, details, prev))
    db.add(record)
    db.flush()
    return record


@dataclass(frozen=True)
class Verification:
    verified: bool
    entries: int
    broken_at: int | None = None
    reason: str | None = None


def entries(db: Session, case_id: int | None) -> list[AuditRecord]:
    return list(db.scalars(select(AuditRecord).where(AuditRecord.case_id.is_(None) if case_id is None
                                                     else AuditRecord.case_id == case_id)
                           .order_by(AuditRecord.seq)))


def verify(db: Session, case_id: int | None) -> Verification:
    """Check the case's chain from the first entry; names the first broken one."""
    rows = entries(db, case_id)
    prev = GENESIS
    for expected_seq, r in enumerate(rows, start=1):
        if r.seq != expected_seq:
            return Verification(False, len(rows), r.seq, f"entry {expected_seq} is missing")
        if r.prev_hash != prev:
            return Verification(False, len(rows), r.seq, "it does not follow the entry before")
        if _entry_hash(r.case_id, r.seq, r.at, r.actor, r.action, r.release_hash, r.details or {}, r.prev_hash) \
                != r.entry_hash:
            return Verification(False, len(rows), r.seq, "its content was changed")
        prev = r.entry_hash
    return Verification(True, len(rows))


def as_json(r: AuditRecord) -> dict[str, Any]:
    return {"seq": r.seq, "time": r.at, "actor": r.actor, "action": r.action, "release_hash": r.release_hash,
            "details": r.details, "prev": r.prev_hash, "hash": r.entry_hash}
