"""Approval: a second person signs off on exactly one release (its hash), never the preparer.

An approval is a snapshot of the approved public data and photo records, kept
by the case's store (the case folder keeps it in
``.posters/approvals/<release hash>.json``), plus an ``approve`` entry in the
audit log that holds the snapshot's SHA-256. Publishing needs both, for the
release hash the case produces now.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..case import Case
from ..errors import ReleaseRefused, StoreRequired
from ..public import PublicRelease, build_public_release
from . import audit
from .diffing import ReleaseDiff, diff_snapshot, photo_records
from .gate import approver_on_preparer_side, gate_problems, preparer_role, same_person

if TYPE_CHECKING:
    from ..review.decisions import Reviewer

__all__ = ["Approval", "approve", "refusals", "refused_message", "require_approval", "same_person"]

if TYPE_CHECKING:
    from ..store import CaseStore

SNAPSHOT_SCHEMA = "posters/approval-v1"


@dataclass(frozen=True)
class Approval:
    """A reviewer's approval of one release."""

    release_hash: str
    reviewer: str
    note: str | None
    approved_at: str
    policy_version: str
    snapshot_path: Path  # the store's reference to the snapshot (a path inside the case folder for FolderStore)

    @property
    def short_hash(self) -> str:
        return self.release_hash[:12]


def resolve(case: "Case | str | Path", store: "CaseStore | None") -> tuple[Case, "CaseStore"]:
    """The case and its store: a path loads both from the case folder; a case without a store uses its folder.

    Raises CaseFileError.
    """
    from ..case import load_case
    from ..store import FolderStore

    if isinstance(case, (str, Path)):
        loaded = load_case(case)
        return loaded, store if store is not None else FolderStore.of(loaded)
    if store is None and not case.on_disk:
        # Its folder would be wherever the process runs: approvals and audit must not land there.
        raise StoreRequired(f"{case.source}: a case loaded from text has no folder of its own; pass store=")
    return case, store if store is not None else FolderStore.of(case)


def refusals(case: Case, reviewer: "str | Reviewer | None", *, now: dt.datetime | None = None,
             store: "CaseStore | None" = None) -> list[str]:
    """Why this case may not be approved or published now (empty when it may); never raises for a user mistake.

    With `store`, readiness sees the reviewer's decisions kept there (a database store's case has
    no folder to read them from): a line of text in a photo that the reviewer covered is decided.
    """
    from posters.check.readiness import CONSENT_CODE, check_readiness
    from posters.check.rules import load_rules
    from posters.errors import ReviewError
    from posters.public import stored_decisions

    out = gate_problems(case.model, reviewer, now, statuses=load_rules().release.publish_statuses)
    try:
        decisions = stored_decisions(store) if store is not None else None
    except ReviewError as exc:
        return out + [exc.message]
    readiness = check_readiness(case, now=now, decisions=decisions)
    # Consent findings are the gate's own, listed above; the rest are `posters check`'s.
    errors = [f for f in readiness.findings if f.level == "error" and f.code != CONSENT_CODE]
    if errors:
        out.append("`posters check` finds errors:")
        out += [f"    {f.path}: {f.message}" for f in errors]
    return out


def approve(case: "Case | str | Path", reviewer: "str | Reviewer", note: str | None = None, *,
            store: "CaseStore | None" = None,
            now: dt.datetime | None = None) -> Approval:
    """Approve the case's current release as `reviewer`, recorded in `store` (default: the case's folder).

    Raises ReleaseRefused, CaseFileError, PhotoError, AuditError, OutputError.
    """
    case, store = resolve(case, store)
    reasons = refusals(case, reviewer, now=now, store=store)
    if reasons:
        raise ReleaseRefused(refused_message("approve", case, reasons))
    public = build_public_release(case, store=store)
    # The actor is the name alone (the four-eyes check re-reads it at publish time); a front end
    # with accounts adds the user id beside it.
    reviewer_id = None if isinstance(reviewer, str) else reviewer.user_id
    reviewer = " ".join((reviewer if isinstance(reviewer, str) else reviewer.name).split())
    approved_at = audit.now_utc(now)
    snapshot = {
        "schema": SNAPSHOT_SCHEMA, "release_hash": public.release_hash, "policy_version": public.release.policy_version,
        "reviewer": reviewer, "note": note, "approved_at": approved_at,
        "public": public.public, "photos": photo_records(public.photos),
        "decisions": public.review.hash_record() if public.review is not None else [],
    }
    data = json.dumps(snapshot, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
    ref = store.save_approval(public.release_hash, data)
    store.append_audit("approve", actor=reviewer, release_hash=public.release_hash, now=now,
                       details={"note": note, "snapshot": ref, **({"reviewer_id": reviewer_id} if reviewer_id else {}),
                                "snapshot_sha256": hashlib.sha256(data).hexdigest(),
                                "policy_version": public.release.policy_version})
    return Approval(public.release_hash, reviewer, note, approved_at, public.release.policy_version,
                    _snapshot_path(store, ref))


def _snapshot_path(store: "CaseStore", ref: str) -> Path:
    folder = getattr(store, "folder", None)
    return Path(folder) / ref if folder is not None else Path(ref)


def require_approval(case: Case, public: PublicRelease, store: "CaseStore | None" = None) -> Approval:
    """The valid approval of this exact release; raises ReleaseRefused saying what changed since the last one."""
    case, store = resolve(case, store)
    broken = store.verify_audit()
    if broken is not None:
        raise ReleaseRefused(f"the audit log of {store.name} is broken at {broken}; nothing is published until it is "
                             "restored (check it with `posters audit CASE --verify`)")
    approvals = [e for e in store.audit_entries() if e.action == "approve"]
    for entry in reversed(approvals):
        if entry.release_hash != public.release_hash:
            continue
        snapshot = _intact_snapshot(store, entry)
        if snapshot is None:
            raise ReleaseRefused(f"the approval record of release {public.short_hash} was changed or removed; "
                                 "a reviewer must approve again (posters approve CASE --reviewer NAME)")
        if approver_on_preparer_side(case.model, entry.actor):
            continue  # the preparer's side changed since: that approval is no longer a second person's
        return Approval(entry.release_hash or "", entry.actor, entry.details.get("note"), entry.time,
                        str(snapshot.get("policy_version")), _snapshot_path(store, str(entry.details.get("snapshot"))))
    if not approvals:
        raise ReleaseRefused(f"release {public.short_hash} has not been approved: a reviewer (not "
                             f"{case.model.case.prepared_by}) runs `posters approve CASE --reviewer NAME` first")
    last = approvals[-1]
    lines = [f"release {public.short_hash} has not been approved; the last approval ({last.actor}, {last.time}) "
             f"covers release {(last.release_hash or '')[:12]}."]
    snapshot = _intact_snapshot(store, last)
    if snapshot is None:
        lines.append("Its record was changed or removed, so the changes cannot be listed.")
    elif last.release_hash == public.release_hash:
        lines.append(f"It was approved by {last.actor}, who {preparer_role(case.model, last.actor)}; "
                     "a second person must approve it.")
    else:
        diff: ReleaseDiff = diff_snapshot(snapshot, public.public, photo_records(public.photos),
                                          public.release.policy_version,
                                          public.review.hash_record() if public.review is not None else [])
        lines.append("Changed since that approval:")
        lines += [f"  - {line}" for line in diff.lines()]
    lines.append("Review the changes (posters redact CASE) and approve again: posters approve CASE --reviewer NAME")
    raise ReleaseRefused("\n".join(lines))


def refused_message(what: str, case: Case, reasons: list[str]) -> str:
    """A refusal listing every reason, one per line; never raises."""
    head = f"cannot {what} case {case.case_id}:"
    return "\n".join([head] + [r if r.startswith("    ") else f"  - {r}" for r in reasons])


def _intact_snapshot(store: "CaseStore", entry: audit.AuditEntry) -> dict[str, Any] | None:
    ref = entry.details.get("snapshot")
    data = store.read_approval(ref) if isinstance(ref, str) else None
    if data is None or hashlib.sha256(data).hexdigest() != entry.details.get("snapshot_sha256"):
        return None
    try:
        snapshot = json.loads(data)
    except ValueError:
        return None
    return snapshot if isinstance(snapshot, dict) and snapshot.get("release_hash") == entry.release_hash else None
