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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..case import Case
from ..errors import ReleaseRefused
from . import audit
from .approval import resolve
from .publishing import MANIFEST

if TYPE_CHECKING:
    from ..store import CaseStore

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


def takedown(case: "Case | str | Path", *, store: "CaseStore | None" = None, delete: bool = False,
             actor: str | None = None, now: dt.datetime | None = None) -> TakedownResult:
    """List (and with delete=True remove the local copies of) every published artifact; raises ReleaseRefused
    (the case is not closed, or nothing was ever published), AuditError."""
    from posters.check.rules import load_rules

    case, store = resolve(case, store)
    status = case.model.case.status
    allowed = load_rules().release.takedown_statuses
    if status not in allowed:
        raise ReleaseRefused(f"case {case.case_id} is '{status}'; takedown is for cases marked {' or '.join(allowed)} "
                             "(set case.status first)")
    warnings: list[str] = []
    broken = store.verify_audit()
    if broken is not None:
        # A damaged log must not stop a takedown: list what can be read, and say so.
        warnings.append(f"the audit log is broken at {broken}; the list below may be incomplete")
    files: list[PublishedFile] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in (e for e in store.audit_entries_readable(warnings) if e.action == "publish"):
        out_dir = str(entry.details.get("out_dir") or "")
        records = list(entry.details.get("files") or [])
        records += [{"name": MANIFEST, "sha256": entry.details.get("manifest_sha256"), "kind": "manifest"}]
        records += _manifest_extras(store, out_dir, entry, {r.get("name") for r in records})
        for r in records:
            key = (out_dir, str(r.get("name")), str(r.get("sha256")))
            if key in seen:
                continue
            seen.add(key)
            state = _state(store, out_dir, str(r.get("name")), str(r.get("sha256")))
            files.append(PublishedFile(out_dir, str(r.get("name")), str(r.get("sha256")), r.get("kind"),
                                       r.get("preset"), r.get("lang"), r.get("paper"), entry.time,
                                       entry.release_hash, state))
    if not files and broken is None:
        # A takedown of a case that was never published would record one that never happened (and the CLI
        # or web page would call the case taken down): refuse. With a damaged log nobody can tell, so go on.
        raise ReleaseRefused(f"nothing was ever published for case {case.case_id}; there is nothing to take down")
    if delete:
        files = [_delete(store, f) for f in files]
    store.append_audit("takedown", actor=actor, release_hash=None, now=now,
                       details={"status": status, "listed": len(files), "delete": delete,
                                "deleted": [str(f.path) for f in files if f.state == "deleted"],
                                "kept_changed": [str(f.path) for f in files if f.state == "changed"]})
    return TakedownResult(status, tuple(files), tuple(warnings))


def _manifest_extras(store: "CaseStore", out_dir: str, entry: audit.AuditEntry, known: set[Any]) -> list[dict[str, Any]]:
    """Files a manifest in out_dir lists for this release that the audit entry does not."""
    try:
        data = store.read_artifact(out_dir, MANIFEST)
        doc = json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError):
        return []
    if not isinstance(doc, dict) or doc.get("release_hash") != entry.release_hash:
        return []
    return [f for f in doc.get("files") or [] if isinstance(f, dict) and f.get("name") not in known]


def _state(store: "CaseStore", out_dir: str, name: str, sha256: str) -> str:
    try:
        data = store.read_artifact(out_dir, name)
    except OSError:
        return "changed"
    if data is None:
        return "gone"
    return "present" if hashlib.sha256(data).hexdigest() == sha256 else "changed"


def _delete(store: "CaseStore", f: PublishedFile) -> PublishedFile:
    if f.state != "present" or _state(store, f.out_dir, f.name, f.sha256) != "present":
        return f
    store.delete_artifact(f.out_dir, f.name)
    return replace(f, state="deleted")
