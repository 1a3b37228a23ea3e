"""The database implementation of the library's store contract (posters.store.CaseStore).

One case's records in the web's tables: its text and photos (cases, case_photos),
approval snapshots (approval_snapshots, the exact bytes the audit entry's hash
covers), the audit chain (the web's own hash chain in `audit`, one per case: the
library's entries join it, there is no second chain), the reviewer's decisions
(cases.review_json) and the published files (artifacts of a publication).

Nothing here commits: every write is added to the caller's session and flushed,
so an approval and its audit entry, or a publication's files and its audit
entry, become visible together when the caller commits, or not at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from posters.case import Case, MemoryPhotos, load_case_text
from posters.errors import AuditError, OutputError
from posters.release.audit import AuditEntry, BrokenEntry

from . import audit
from .models import ApprovalSnapshot, Artifact, CaseRecord, Publication, User, utcnow

SNAPSHOT_REF = "approval-snapshot:"
LOCATION = "publication:"


class DbStore:
    """A case's records in the database, written in the caller's transaction."""

    def __init__(self, db: Session, case: CaseRecord, *, publication: Publication | None = None,
                 kinds: dict[str, str] | None = None, extra: dict[str, dict[str, Any]] | None = None) -> None:
        self.db, self.case = db, case
        # Web details added to the library's entries by action (e.g. the approval row's id on "approve").
        self.extra = extra or {}
        # Where commit_artifacts puts files: the publication a job is running (None outside publishing).
        self.publication = publication
        self.kinds = kinds or {}

    def __repr__(self) -> str:
        return f"DbStore(case {self.case.id})"

    @property
    def name(self) -> str:
        return f"case {self.case.id}"

    # -- the case itself
    def case_text(self) -> str:
        return self.case.yaml_text

    def photo_files(self) -> MemoryPhotos:
        return MemoryPhotos({p.name: p.data for p in self.case.photos})

    def load_case(self) -> Case:
        return load_case_text(self.case.yaml_text, {p.name: p.data for p in self.case.photos}, source=self.name)

    # -- approvals
    def save_approval(self, release_hash: str, snapshot: bytes) -> str:
        row = ApprovalSnapshot(case_id=self.case.id, release_hash=release_hash, data=snapshot,
                               sha256=hashlib.sha256(snapshot).hexdigest())
        self.db.add(row)
        try:
            self.db.flush()
        except Exception as exc:  # noqa: BLE001  (the database refused the row: say so as a user-facing error)
            raise OutputError(f"cannot store the approval record of {self.name}: {type(exc).__name__}") from None
        return f"{SNAPSHOT_REF}{row.id}"

    def read_approval(self, ref: str) -> bytes | None:
        if not isinstance(ref, str) or not ref.startswith(SNAPSHOT_REF) or not ref[len(SNAPSHOT_REF):].isdigit():
            return None
        row = self.db.get(ApprovalSnapshot, int(ref[len(SNAPSHOT_REF):]))
        return row.data if row is not None and row.case_id == self.case.id else None

    # -- audit log (the web's chain of this case)
    def append_audit(self, action: str, *, actor: str | None, release_hash: str | None,
                     details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditEntry:
        details = {**(details or {}), **self.extra.get(action, {})}
        uid = details.get("reviewer_id")
        if isinstance(uid, str) and uid.isdigit():
            # The library's actor is the reviewer's name (its four-eyes check re-reads it at publish time);
            # the account's user name goes beside it, so the trail names the login as the web's entries do.
            user = self.db.get(User, int(uid))
            if user is not None:
                details["username"] = user.username
        try:
            record = audit.append(self.db, self.case.id, action, actor or "web", release_hash=release_hash,
                                  details=details, now=now)
        except Exception as exc:  # noqa: BLE001  (no audit, no action: the caller's transaction rolls back)
            raise AuditError(f"cannot write the audit entry of {self.name}: {type(exc).__name__}") from None
        return _entry(record)

    def audit_entries(self) -> list[AuditEntry]:
        return [_entry(r) for r in audit.entries(self.db, self.case.id)]

    def audit_entries_readable(self, warnings: list[str]) -> list[AuditEntry]:
        return self.audit_entries()  # a row always reads; damage shows in verify_audit

    def verify_audit(self) -> BrokenEntry | None:
        v = audit.verify(self.db, self.case.id)
        return None if v.verified else BrokenEntry(v.broken_at or 0, v.reason or "the chain does not hold")

    # -- published artifacts (rows of the publication, committed with the caller's transaction)
    @contextmanager
    def staging(self, destination: str) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix="posters-stage-"))  # 0700, removed whatever happens
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def commit_artifacts(self, staged: Path, destination: str) -> Iterator[str]:
        pub = self.publication
        if pub is None or destination != f"{LOCATION}{pub.id}":
            raise OutputError(f"{self.name}: files are published only by a publication job (to {LOCATION}ID)")
        rows = []
        try:
            for path in sorted(p for p in staged.rglob("*") if p.is_file()):
                name = path.relative_to(staged).as_posix()
                data = path.read_bytes()
                rows.append(Artifact(publication_id=pub.id, name=name, kind=self.kinds.get(name, "other"),
                                     sha256=hashlib.sha256(data).hexdigest(), size=len(data), data=data))
        except OSError as exc:
            raise OutputError(f"cannot read the staged files of {self.name}: {exc.strerror or exc}") from None
        self.db.add_all(rows)
        self.db.flush()
        try:
            yield destination
        except BaseException:
            try:  # all or nothing: the caller rolls back too; this keeps the session clean if it does not
                for row in rows:
                    self.db.delete(row)
                self.db.flush()
            except Exception:  # noqa: BLE001  (a failed session: the caller's rollback removes the rows)
                pass
            raise

    def _artifact(self, location: str, name: str) -> Artifact | None:
        if not location.startswith(LOCATION) or not location[len(LOCATION):].isdigit():
            return None
        return self.db.scalar(select(Artifact).join(Publication).where(
            Publication.id == int(location[len(LOCATION):]), Publication.case_id == self.case.id,
            Artifact.name == name, Artifact.removed_at.is_(None)))

    def read_artifact(self, location: str, name: str) -> bytes | None:
        row = self._artifact(location, name)
        return row.data if row is not None else None

    def delete_artifact(self, location: str, name: str) -> None:
        row = self._artifact(location, name)
        if row is None:
            raise FileNotFoundError(name)
        row.data, row.removed_at = b"", utcnow()  # the row stays so the takedown list can show it was removed
        self.db.flush()

    # -- reviewer decisions
    def read_decisions(self) -> str | None:
        return self.case.review_json

    def write_decisions(self, text: str) -> None:
        self.case.review_json = text
        self.db.flush()


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(r.seq, r.at, r.actor, r.action, r.release_hash, dict(r.details or {}), r.prev_hash)


__all__ = ["LOCATION", "DbStore"]
