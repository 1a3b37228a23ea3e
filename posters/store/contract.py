"""The store contract: where one case's records live, whatever keeps them.

The library's release steps (approve, publish, takedown, and recording a
redaction review) take a loaded case and a store; they never open files of
their own. The case folder (posters.store.folder.FolderStore) is one
implementation; a web front end's database is another. A store keeps, for one
case: the case file text and its photos, approval snapshots, the hash-chained
audit log, the published artifacts, and the reviewer's decisions.

Every method raises only PostersError subclasses (AuditError, OutputError,
CaseFileError, PhotoError) for problems a person can act on.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ContextManager, Protocol, runtime_checkable

from posters.case import Case, PhotoFiles
from posters.release.audit import AuditEntry, BrokenEntry


@runtime_checkable
class CaseStore(Protocol):
    """One case's records: its text and photos, approvals, audit log, published artifacts, decisions."""

    @property
    def name(self) -> str:
        """How messages name the case's records (a folder, "case 42"); never raises."""
        ...

    # -- the case itself --------------------------------------------------
    def case_text(self) -> str:
        """The case file as text; raises CaseFileError."""
        ...

    def photo_files(self) -> PhotoFiles:
        """The case's photo files by the names the case file uses; never raises."""
        ...

    def load_case(self) -> Case:
        """The case, validated, with its photos; raises CaseFileError."""
        ...

    # -- approvals --------------------------------------------------------
    def save_approval(self, release_hash: str, snapshot: bytes) -> str:
        """Keep an approval snapshot (whole or not at all); returns the reference the audit entry names; raises OutputError."""
        ...

    def read_approval(self, ref: str) -> bytes | None:
        """The snapshot a reference names, or None when it is gone or the reference is not one of ours; never raises."""
        ...

    # -- audit log ----------------------------------------------------------
    def append_audit(self, action: str, *, actor: str | None, release_hash: str | None,
                     details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditEntry:
        """Append one entry chained to the last (flushed before returning); raises AuditError."""
        ...

    def audit_entries(self) -> list[AuditEntry]:
        """Every entry, oldest first; raises AuditError for an entry that cannot be read."""
        ...

    def audit_entries_readable(self, warnings: list[str]) -> list[AuditEntry]:
        """Every entry that can still be read, adding a warning per damaged one; never raises for damage."""
        ...

    def verify_audit(self) -> BrokenEntry | None:
        """The first broken entry of the chain, or None when it holds; never raises for a damaged log."""
        ...

    # -- published artifacts -------------------------------------------------
    def staging(self, destination: str) -> ContextManager[Path]:
        """A fresh folder to build artifacts in before they are scanned and committed; raises OutputError."""
        ...

    def commit_artifacts(self, staged: Path, destination: str) -> ContextManager[str]:
        """Make every staged file public at destination, all or nothing; yields the location to record.

        An exception in the caller's block (e.g. the audit entry cannot be written)
        takes every file back. Raises OutputError.
        """
        ...

    def read_artifact(self, location: str, name: str) -> bytes | None:
        """A published file's bytes, or None when it is gone; raises OSError when it cannot be read."""
        ...

    def delete_artifact(self, location: str, name: str) -> None:
        """Remove a published file; raises OSError."""
        ...

    # -- reviewer decisions ------------------------------------------------------
    def read_decisions(self) -> str | None:
        """The reviewer's decisions document (posters.review owns its format), or None; raises OutputError."""
        ...

    def write_decisions(self, text: str) -> None:
        """Replace the reviewer's decisions document, whole or not at all; raises OutputError."""
        ...
