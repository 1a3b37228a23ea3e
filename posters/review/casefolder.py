"""Where the CLI keeps a case's review decisions: ``review.json`` beside case.yaml.

Two functions, so a store (posters/store) can take their place:
``load_decisions(folder)`` and ``save_decisions(folder, log)``; a store that keeps the
document as text uses ``parse_decisions`` and ``dump_decisions``. ``commit`` saves and
writes the decision's audit entry, putting the old file back if the audit fails. Writes are atomic
(a temporary file, fsync, rename), so a crash leaves the old file or the new one,
never half of either.
"""
from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from ..errors import AuditError, ReviewError, first_problem
from .decisions import DecisionLog

REVIEW_FILE = "review.json"


def review_path(folder: Path) -> Path:
    """The review file of a case folder; never raises."""
    return Path(folder) / REVIEW_FILE


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the case's review lock from reading the decisions to committing one, so two reviewers
    deciding at once cannot both get the same id or lose each other's decision; raises ReviewError."""
    lock = Path(folder) / ".posters" / "review.lock"
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ReviewError(f"cannot lock the review of {folder}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def load_decisions(folder: Path) -> DecisionLog:
    """The case's decisions (none when there is no review file); raises ReviewError when it is damaged."""
    path = review_path(folder)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DecisionLog()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_decisions(raw, str(path))


def decisions_of(case: Any) -> DecisionLog:
    """The decisions beside a case read from a folder; none for a case loaded from text (its
    decisions come from its store, never from whatever folder the process runs in); raises ReviewError."""
    return load_decisions(case.folder) if case.on_disk else DecisionLog()


def save_decisions(folder: Path, log: DecisionLog) -> None:
    """Write the case's decisions atomically; raises ReviewError when the folder cannot be written."""
    path = review_path(folder)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(dump_decisions(log))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReviewError(f"cannot write {path}: {exc.strerror or exc}") from None


def parse_decisions(text: str, source: str) -> DecisionLog:
    """The decisions document (what any store keeps) as a log; raises ReviewError naming ``source`` when damaged."""
    try:
        return DecisionLog.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        detail = f" at {first_problem(exc)}" if isinstance(exc, ValidationError) else ""
        raise ReviewError(f"{source} is damaged{detail}; nothing is built from it. Restore it from a backup "
                          "(the audit log lists every decision) or move it aside to start the review again") from None


def dump_decisions(log: DecisionLog) -> str:
    """The log as the decisions document (JSON, schema posters/review-v1); never raises."""
    return json.dumps(log.model_dump(mode="json", by_alias=True), indent=1, ensure_ascii=False) + "\n"


def commit(folder: Path, before: DecisionLog, after: DecisionLog, decision: Any, *, undo: bool = False) -> None:
    """Save the new log and append one ``review`` audit entry for the decision; raises ReviewError, AuditError."""
    from ..release import audit

    save_decisions(folder, after)
    if undo:
        details: dict[str, Any] = {"undo": decision.id, "undone": decision.undone.model_dump(mode="json")}
        actor = decision.undone.by.name
    else:
        details = {"decision": decision.model_dump(mode="json", exclude={"undone"})}
        actor = decision.by.name
    try:
        audit.append_entry(folder, "review", actor=actor, release_hash=None, details=details)
    except AuditError:
        save_decisions(folder, before)  # a decision the audit log does not hold is not made
        raise
