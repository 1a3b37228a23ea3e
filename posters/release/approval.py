"""Approval: a second person signs off on exactly one release (its hash), never the preparer.

An approval is a snapshot of the approved public data and photo records in
``<case folder>/.posters/approvals/<release hash>.json`` plus an ``approve``
entry in the audit log that holds the snapshot's SHA-256. Publishing needs
both, for the release hash the case produces now.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..case import Case, load_case
from ..errors import ReleaseRefused
from ..public import PublicRelease, build_public_release
from . import audit
from .diffing import ReleaseDiff, diff_snapshot, photo_records

APPROVALS_DIR = Path(".posters") / "approvals"
SNAPSHOT_SCHEMA = "posters/approval-v1"


@dataclass(frozen=True)
class Approval:
    """A reviewer's approval of one release."""

    release_hash: str
    reviewer: str
    note: str | None
    approved_at: str
    policy_version: str
    snapshot_path: Path

    @property
    def short_hash(self) -> str:
        return self.release_hash[:12]


def same_person(a: str, b: str) -> bool:
    """Whether two names are the same person as written: case, spacing and punctuation ignored; never raises."""
    import redaction

    def plain(s: str) -> str:
        return " ".join(s.split()).casefold()

    return plain(a) == plain(b) or (bool(redaction.normalize(a)) and redaction.normalize(a) == redaction.normalize(b))


def refusals(case: Case, reviewer: str | None, *, now: dt.datetime | None = None,
             photo_decisions: Any = None) -> list[str]:
    """Why this case may not be approved or published now (empty when it may); never raises for a user mistake."""
    from posters.check.photos import photo_findings
    from posters.check.readiness import check_readiness

    m = case.model
    out = []
    if m.case.status != "active":
        out.append(f"the case status is '{m.case.status}'; only active cases are approved and published")
    if reviewer is not None:
        if not reviewer.strip():
            out.append("give the reviewer's name (--reviewer NAME)")
        elif same_person(reviewer, m.case.prepared_by):
            out.append(f"the reviewer '{reviewer.strip()}' prepared this case (case.prepared_by); "
                       "a second person must approve it")
    if m.consent.guardian_consulted_at is None:
        out.append("consent.guardian_consulted_at is missing: consult the guardian before publishing")
    if m.consent.law_enforcement_consulted_at is None:
        out.append("consent.law_enforcement_consulted_at is missing: consult law enforcement before publishing")
    readiness = check_readiness(case, now=now,
                                photo_check=lambda c: photo_findings(c, photo_decisions=photo_decisions))
    errors = [f for f in readiness.findings if f.level == "error"]
    if errors:
        out.append("`posters check` finds errors:")
        out += [f"    {f.path}: {f.message}" for f in errors]
    return out


def approve(case_path: str | Path, reviewer: str, note: str | None = None, *,
            now: dt.datetime | None = None, photo_decisions: Any = None) -> Approval:
    """Approve the case's current release as `reviewer`; raises ReleaseRefused, CaseFileError, PhotoError, AuditError.

    `photo_decisions` (a PhotoDecisions) are the reviewer's keep/cover decisions on text in
    photos and drawn covers; they become part of the approved release and its hash.
    """
    case = load_case(case_path)
    reasons = refusals(case, reviewer, now=now, photo_decisions=photo_decisions)
    if reasons:
        raise ReleaseRefused(refused_message("approve", case, reasons))
    public = build_public_release(case, photo_decisions=photo_decisions)
    reviewer = " ".join(reviewer.split())
    approved_at = audit.now_utc(now)
    snapshot = {
        "schema": SNAPSHOT_SCHEMA, "release_hash": public.release_hash, "policy_version": public.release.policy_version,
        "reviewer": reviewer, "note": note, "approved_at": approved_at,
        "public": public.public, "photos": photo_records(public.photos),
    }
    rel = APPROVALS_DIR / f"{public.release_hash}.json"
    data = json.dumps(snapshot, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
    _write_atomic(case.folder / rel, data)
    audit.append_entry(case.folder, "approve", actor=reviewer, release_hash=public.release_hash, now=now,
                       details={"note": note, "snapshot": rel.as_posix(),
                                "snapshot_sha256": hashlib.sha256(data).hexdigest(),
                                "policy_version": public.release.policy_version,
                                "photo_decisions": _decision_record(public)})
    return Approval(public.release_hash, reviewer, note, approved_at, public.release.policy_version, case.folder / rel)


def require_approval(case: Case, public: PublicRelease) -> Approval:
    """The valid approval of this exact release; raises ReleaseRefused saying what changed since the last one."""
    log = audit.log_path(case.folder)
    broken = audit.verify_chain(log)
    if broken is not None:
        raise ReleaseRefused(f"the audit log {log} is broken at {broken}; nothing is published until it is "
                             "restored (check it with `posters audit CASE --verify`)")
    approvals = list(audit.entries_of(log, "approve"))
    for entry in reversed(approvals):
        if entry.release_hash != public.release_hash:
            continue
        snapshot = _intact_snapshot(case, entry)
        if snapshot is None:
            raise ReleaseRefused(f"the approval record of release {public.short_hash} was changed or removed; "
                                 "a reviewer must approve again (posters approve CASE --reviewer NAME)")
        if same_person(entry.actor, case.model.case.prepared_by):
            continue  # the preparer changed since: that approval is no longer a second person's
        return Approval(entry.release_hash or "", entry.actor, entry.details.get("note"), entry.time,
                        str(snapshot.get("policy_version")), case.folder / str(entry.details.get("snapshot")))
    if not approvals:
        raise ReleaseRefused(f"release {public.short_hash} has not been approved: a reviewer (not "
                             f"{case.model.case.prepared_by}) runs `posters approve CASE --reviewer NAME` first")
    last = approvals[-1]
    lines = [f"release {public.short_hash} has not been approved; the last approval ({last.actor}, {last.time}) "
             f"covers release {(last.release_hash or '')[:12]}."]
    snapshot = _intact_snapshot(case, last)
    if snapshot is None:
        lines.append("Its record was changed or removed, so the changes cannot be listed.")
    elif last.release_hash == public.release_hash:
        lines.append(f"It was approved by {last.actor}, who prepared the case; a second person must approve it.")
    else:
        diff: ReleaseDiff = diff_snapshot(snapshot, public.public, photo_records(public.photos),
                                          public.release.policy_version)
        lines.append("Changed since that approval:")
        lines += [f"  - {line}" for line in diff.lines()]
    lines.append("Review the changes (posters redact CASE) and approve again: posters approve CASE --reviewer NAME")
    raise ReleaseRefused("\n".join(lines))


def _decision_record(public: PublicRelease) -> list[dict[str, Any]]:
    # What the reviewer decided on photos, for the audit log (labels and boxes, not the text read).
    return [{"child": p.child_index, "photo": p.photo_index, "id": f.finding_id, "label": f.label,
             "box": list(f.box.as_ltrb())}
            for p in public.photos for f in p.findings if f.kind == "text" or f.label == "covered by reviewer"]


def refused_message(what: str, case: Case, reasons: list[str]) -> str:
    """A refusal listing every reason, one per line; never raises."""
    head = f"cannot {what} case {case.case_id}:"
    return "\n".join([head] + [r if r.startswith("    ") else f"  - {r}" for r in reasons])


def _intact_snapshot(case: Case, entry: audit.AuditEntry) -> dict[str, Any] | None:
    rel = entry.details.get("snapshot")
    if not isinstance(rel, str) or Path(rel).is_absolute() or ".." in Path(rel).parts:
        return None
    try:
        data = (case.folder / rel).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != entry.details.get("snapshot_sha256"):
        return None
    try:
        snapshot = json.loads(data)
    except ValueError:
        return None
    return snapshot if snapshot.get("release_hash") == entry.release_hash else None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
