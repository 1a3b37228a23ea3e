"""The case-folder store: a case's records as files beside its case.yaml.

    case.yaml, photos/...                 the case and its photos
    audit.jsonl, .posters/audit-head.json the hash-chained audit log
    .posters/approvals/<hash>.json        approval snapshots
    review.json                           the reviewer's decisions (posters.review owns the format)
    <out>/...                             published artifacts (any folder given to publish)
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from posters.case import Case, FolderPhotos, PhotoFiles, load_case
from posters.case.yaml_loader import read_case_text
from posters.errors import OutputError
from posters.release import audit, staging
from posters.release.audit import AuditEntry, BrokenEntry

APPROVALS_DIR = PurePosixPath(".posters") / "approvals"
# The same file posters.review.casefolder reads and writes under its lock (one place on disk).
DECISIONS_FILE = PurePosixPath("review.json")


class FolderStore:
    """A case's records in its folder (what the command line uses)."""

    def __init__(self, folder: str | Path, case_file: str = "case.yaml") -> None:
        self.folder = Path(folder)
        self.case_path = self.folder / case_file

    @classmethod
    def at(cls, path: str | Path) -> "FolderStore":
        """The store of a case file or of its folder; never raises."""
        path = Path(path)
        if path.is_dir():
            return cls(path)
        return cls(path.parent, path.name)

    @classmethod
    def of(cls, case: Case) -> "FolderStore":
        """The store of a case loaded from disk; never raises."""
        return cls(case.folder, case.path.name)

    def __repr__(self) -> str:
        return f"FolderStore({str(self.folder)!r})"

    @property
    def name(self) -> str:
        return str(self.folder)

    @property
    def log(self) -> Path:
        """The audit log file; never raises."""
        return audit.log_path(self.folder)

    # -- the case itself
    def case_text(self) -> str:
        return read_case_text(self.case_path)

    def photo_files(self) -> PhotoFiles:
        return FolderPhotos(self.folder)

    def load_case(self) -> Case:
        return load_case(self.case_path)

    # -- approvals
    def save_approval(self, release_hash: str, snapshot: bytes) -> str:
        rel = APPROVALS_DIR / f"{release_hash}.json"
        try:
            staging.write_atomic(self.folder / rel, snapshot)
        except OSError as exc:
            raise OutputError(f"cannot write the approval record {self.folder / rel}: {exc.strerror or exc}") from None
        return rel.as_posix()

    def read_approval(self, ref: str) -> bytes | None:
        rel = PurePosixPath(ref) if isinstance(ref, str) else None
        if rel is None or rel.is_absolute() or ".." in rel.parts or "\\" in ref:
            return None
        try:
            return (self.folder / rel).read_bytes()
        except OSError:
            return None

    # -- audit log
    def append_audit(self, action: str, *, actor: str | None, release_hash: str | None,
                     details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditEntry:
        return audit.append_entry(self.folder, action, actor=actor, release_hash=release_hash, details=details, now=now)

    def audit_entries(self) -> list[AuditEntry]:
        return audit.read_entries(self.log)

    def audit_entries_readable(self, warnings: list[str]) -> list[AuditEntry]:
        try:
            return audit.read_entries(self.log)
        except audit.AuditError:
            pass
        out = []
        try:
            raw = self.log.read_bytes()
        except OSError as exc:
            warnings.append(f"the audit log {self.log} cannot be read ({exc.strerror or exc})")
            return []
        for n, line in enumerate(raw.splitlines(), start=1):
            entry = audit.parse_lenient(line, n)
            if entry is None:
                if line.strip():
                    warnings.append(f"audit log line {n} cannot be read and was skipped")
                continue
            out.append(entry)
        return out

    def verify_audit(self) -> BrokenEntry | None:
        return audit.verify_chain(self.log)

    # -- published artifacts
    def staging(self, destination: str) -> Any:
        return staging.staging_folder(Path(destination))

    @contextmanager
    def commit_artifacts(self, staged: Path, destination: str) -> Iterator[str]:
        out = Path(destination)
        try:
            staging.fsync_tree(staged)
        except OSError as exc:
            raise OutputError(f"cannot write the files for {out}: {exc.strerror or exc}") from None
        with staging.committed(staged, out):
            yield str(out.resolve())

    def read_artifact(self, location: str, name: str) -> bytes | None:
        try:
            return (Path(location) / name).read_bytes()
        except FileNotFoundError:
            return None

    def delete_artifact(self, location: str, name: str) -> None:
        (Path(location) / name).unlink()

    # -- reviewer decisions
    def read_decisions(self) -> str | None:
        path = self.folder / DECISIONS_FILE
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(f"cannot read the reviewer's decisions {path}: {exc}") from None

    def write_decisions(self, text: str) -> None:
        path = self.folder / DECISIONS_FILE
        try:
            staging.write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"cannot write the reviewer's decisions {path}: {exc.strerror or exc}") from None


def open_case(path: str | Path) -> tuple[Case, FolderStore]:
    """Load a case from its file or folder, with the folder store beside it; raises CaseFileError."""
    case = load_case(path)
    return case, FolderStore.of(case)


__all__ = ["APPROVALS_DIR", "DECISIONS_FILE", "FolderStore", "open_case"]
