"""Takedown: when a child is found (or the case is cancelled), list everything ever published.

The list comes from the audit log's ``publish`` entries (which hold every file
and its SHA-256) and from the manifests they wrote, so the social team can
remove each copy. ``delete=True`` also removes the local public copies that
are still exactly what was published (the SHA-256 matches).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..case import load_case
from ..errors import ReleaseRefused
from . import audit
from .publishing import MANIFEST

STATES = ("deleted", "present", "changed", "gone")


@dataclass(frozen=True)
class PublishedFile:
    """One artifact from one publish, and what became of its local copy."""

    out_dir: str
    name: str
    sha256: str
    kind: str | None
    preset: str | None
    lang: str | None
    paper: str | None
    published_at: str
    release_hash: str | None
    state: str  # "present" | "deleted" | "changed" (kept: differs from what was published) | "gone"

    @property
    def path(self) -> Path:
        return Path(self.out_dir) / self.name


@dataclass(frozen=True)
class TakedownResult:
    """Every artifact ever published for the case, and any warning about the record."""

    status: str
    files: tuple[PublishedFile, ...]
    warnings: tuple[str, ...]

    @property
    def deleted(self) -> list[PublishedFile]:
        return [f for f in self.files if f.state == "deleted"]


def takedown(case_path: str | Path, *, delete: bool = False, actor: str | None = None,
             now: dt.datetime | None = None) -> TakedownResult:
    """List (and with delete=True remove the local copies of) every published artifact; raises ReleaseRefused, AuditError."""
    case = load_case(case_path)
    status = case.model.case.status
    if status not in ("recovered", "cancelled"):
        raise ReleaseRefused(f"case {case.case_id} is '{status}'; takedown is for cases marked recovered or "
                             "cancelled (set case.status first)")
    log = audit.log_path(case.folder)
    warnings = []
    broken = audit.verify_chain(log)
    if broken is not None:
        # A damaged log must not stop a takedown: list what can be read, and say so.
        warnings.append(f"the audit log is broken at {broken}; the list below may be incomplete")
    files: list[PublishedFile] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in _publish_entries(log, warnings):
        out_dir = str(entry.details.get("out_dir") or "")
        records = list(entry.details.get("files") or [])
        records += [{"name": MANIFEST, "sha256": entry.details.get("manifest_sha256"), "kind": "manifest"}]
        records += _manifest_extras(Path(out_dir), entry, {r.get("name") for r in records})
        for r in records:
            key = (out_dir, str(r.get("name")), str(r.get("sha256")))
            if key in seen:
                continue
            seen.add(key)
            state = _state(Path(out_dir) / str(r.get("name")), str(r.get("sha256")))
            files.append(PublishedFile(out_dir, str(r.get("name")), str(r.get("sha256")), r.get("kind"),
                                       r.get("preset"), r.get("lang"), r.get("paper"), entry.time,
                                       entry.release_hash, state))
    if delete:
        files = [_delete(f) for f in files]
    audit.append_entry(case.folder, "takedown", actor=actor, release_hash=None, now=now,
                       details={"status": status, "listed": len(files), "delete": delete,
                                "deleted": [str(f.path) for f in files if f.state == "deleted"],
                                "kept_changed": [str(f.path) for f in files if f.state == "changed"]})
    return TakedownResult(status, tuple(files), tuple(warnings))


def _publish_entries(log: Path, warnings: list[str]) -> list[audit.AuditEntry]:
    """Publish entries, reading past damaged lines rather than giving up."""
    try:
        return list(audit.entries_of(log, "publish"))
    except audit.AuditError:
        out = []
        for n, line in enumerate(log.read_bytes().splitlines(), start=1):
            try:
                data = json.loads(line)
            except ValueError:
                warnings.append(f"audit log line {n} cannot be read and was skipped")
                continue
            if isinstance(data, dict) and data.get("action") == "publish":
                out.append(audit.AuditEntry(int(data.get("seq") or n), str(data.get("time")), str(data.get("actor")),
                                            "publish", data.get("release_hash"), dict(data.get("details") or {})))
        return out


def _manifest_extras(out_dir: Path, entry: audit.AuditEntry, known: set[Any]) -> list[dict[str, Any]]:
    """Files a manifest in out_dir lists for this release that the audit entry does not."""
    try:
        doc = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(doc, dict) or doc.get("release_hash") != entry.release_hash:
        return []
    return [f for f in doc.get("files") or [] if isinstance(f, dict) and f.get("name") not in known]


def _state(path: Path, sha256: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "gone"
    except OSError:
        return "changed"
    return "present" if hashlib.sha256(data).hexdigest() == sha256 else "changed"


def _delete(f: PublishedFile) -> PublishedFile:
    if f.state != "present" or _state(f.path, f.sha256) != "present":
        return f
    f.path.unlink()
    return PublishedFile(**{**f.__dict__, "state": "deleted"})
