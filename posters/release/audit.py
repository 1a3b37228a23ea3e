"""The audit log: one JSON line per redact, review decision, approve, publish and takedown, hash-chained.

Each line holds the SHA-256 of the previous line's bytes (``prev``), so editing,
deleting or reordering any line breaks the chain at that point. A small head
file (``.posters/audit-head.json``) remembers how many entries there were and
the hash of the last one, so cutting lines off the end is detected too. Every
append is flushed to disk (fsync) before the caller reports success.

The chain shows that the log is internally consistent; someone who can rewrite
the whole file can rewrite the whole chain. Recording the head hash elsewhere
(the case ticket) is what anchors it.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import AuditError

LOG_NAME = "audit.jsonl"
HEAD_NAME = "audit-head.json"
GENESIS = "0" * 64
ACTIONS = ("redact", "review", "approve", "publish", "takedown")


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    seq: int
    time: str
    actor: str
    action: str
    release_hash: str | None
    details: dict[str, Any] = field(default_factory=dict)
    prev: str = GENESIS

    def to_line(self) -> bytes:
        """The entry as one canonical JSON line (without the newline); never raises for JSON data."""
        data = {"seq": self.seq, "time": self.time, "actor": self.actor, "action": self.action,
                "release_hash": self.release_hash, "details": self.details, "prev": self.prev}
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class BrokenEntry:
    """Where the chain breaks: the 1-based line number and what is wrong there."""

    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def log_path(case_folder: Path) -> Path:
    """The audit log of a case folder; never raises."""
    return Path(case_folder) / LOG_NAME


def head_path(log: Path) -> Path:
    """The head file that anchors the end of the chain; never raises."""
    return log.parent / ".posters" / HEAD_NAME


def current_actor() -> str:
    """The operating-system user, the default actor; never raises."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  (no login name in some containers)
        return "unknown"


def now_utc(now: dt.datetime | None = None) -> str:
    """An ISO 8601 time in UTC; naive times are taken as UTC; never raises."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def line_hash(line: bytes) -> str:
    """SHA-256 hex of one line's bytes (without its newline); never raises."""
    return hashlib.sha256(line).hexdigest()


def append_entry(case_folder: Path, action: str, *, actor: str | None, release_hash: str | None,
                 details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditEntry:
    """Append one entry, chained to the last line and flushed to disk; raises AuditError."""
    if action not in ACTIONS:
        raise AuditError(f"unknown audit action {action!r}; expected one of {', '.join(ACTIONS)}")
    log = log_path(case_folder)
    try:
        fd = os.open(log, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise AuditError(f"cannot open the audit log {log}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # concurrent writers (CLI and web front end) take turns
        with os.fdopen(os.dup(fd), "rb") as fh:
            lines = _split(fh.read())
        entry = AuditEntry(seq=len(lines) + 1, time=now_utc(now), actor=actor or current_actor(),
                           action=action, release_hash=release_hash, details=dict(details or {}),
                           prev=line_hash(lines[-1]) if lines else GENESIS)
        line = entry.to_line()
        os.write(fd, line + b"\n")
        os.fsync(fd)
        _write_head(head_path(log), entry.seq, line_hash(line))
    except OSError as exc:
        raise AuditError(f"cannot write the audit log {log}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)  # closing releases the lock
    return entry


def read_entries(log: Path) -> list[AuditEntry]:
    """Every entry of the log (none if there is no log); raises AuditError for an unreadable line."""
    try:
        raw = Path(log).read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise AuditError(f"cannot read the audit log {log}: {exc.strerror or exc}") from None
    out = []
    for n, line in enumerate(_split(raw), start=1):
        entry = _parse(line)
        if entry is None:
            raise AuditError(f"the audit log {log} is damaged at line {n}; run `posters audit --verify`")
        out.append(entry)
    return out


def entries_of(log: Path, action: str) -> Iterator[AuditEntry]:
    """Entries with one action, oldest first; raises AuditError."""
    return (e for e in read_entries(log) if e.action == action)


def verify_chain(log: Path) -> BrokenEntry | None:
    """The first broken entry of the log, or None if the chain holds; never raises for a damaged log."""
    try:
        raw = Path(log).read_bytes()
    except FileNotFoundError:
        raw = b""
    except OSError as exc:
        return BrokenEntry(0, f"cannot be read: {exc.strerror or exc}")
    if raw and not raw.endswith(b"\n"):
        return BrokenEntry(raw.count(b"\n") + 1, "the last line is incomplete (a write was cut off or the file was edited)")
    prev = GENESIS
    lines = _split(raw)
    for n, line in enumerate(lines, start=1):
        entry = _parse(line)
        if entry is None:
            return BrokenEntry(n, "not a valid audit entry (edited by hand?)")
        if entry.prev != prev:
            return BrokenEntry(n, "does not follow the line before it: a line was edited, removed or moved")
        if entry.seq != n:
            return BrokenEntry(n, f"has sequence number {entry.seq}, expected {n}: a line was removed or moved")
        prev = line_hash(line)
    return _check_head(head_path(Path(log)), lines)


def _check_head(head: Path, lines: list[bytes]) -> BrokenEntry | None:
    try:
        data = json.loads(head.read_text(encoding="utf-8"))
        count, last = int(data["entries"]), str(data["last_sha256"])
    except FileNotFoundError:
        return BrokenEntry(1, "the head file .posters/audit-head.json is missing") if lines else None
    except (OSError, ValueError, KeyError, TypeError):
        return BrokenEntry(len(lines), "the head file .posters/audit-head.json is unreadable")
    if count > len(lines):
        return BrokenEntry(len(lines) + 1, f"the log ends after {len(lines)} entries but held {count}: "
                                           "entries were cut off the end")
    # One entry more than the head is a crash between the two writes, not tampering.
    if count == 0 or count < len(lines) - 1 or line_hash(lines[count - 1]) != last:
        return BrokenEntry(max(count, 1), "does not match the recorded head of the log: entries were replaced")
    return None


def _write_head(head: Path, entries: int, last: str) -> None:
    head.parent.mkdir(parents=True, exist_ok=True)
    tmp = head.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"entries": entries, "last_sha256": last}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, head)


def _split(raw: bytes) -> list[bytes]:
    return [line for line in raw.split(b"\n") if line.strip()]


def _parse(line: bytes) -> AuditEntry | None:
    try:
        data = json.loads(line)
        entry = AuditEntry(seq=int(data["seq"]), time=str(data["time"]), actor=str(data["actor"]),
                           action=str(data["action"]), release_hash=data.get("release_hash"),
                           details=dict(data.get("details") or {}), prev=str(data["prev"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return entry


def parse_lenient(line: bytes, n: int) -> AuditEntry | None:
    """An entry from a line that may be damaged (missing fields are filled in), or None; never raises."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    details = data.get("details")
    try:
        seq = int(data.get("seq") or n)
    except (TypeError, ValueError):
        seq = n
    return AuditEntry(seq, str(data.get("time")), str(data.get("actor")), str(data.get("action")),
                      data.get("release_hash") if isinstance(data.get("release_hash"), str) else None,
                      dict(details) if isinstance(details, dict) else {})
