"""Approval and publication on database records: the four-eyes rule, staleness, and the audit entries.

Each function takes the request's (or job's) session and commits the record
with its audit entry in one transaction: no audit, no approval.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import PostersError
from . import audit, library
from .dbstore import LOCATION, DbStore
from .errors import Conflict, NotAllowed
from .models import ApprovalRecord, CaseRecord, Publication, User, utcnow
from .security import is_author, require


def photos_of(case: CaseRecord) -> dict[str, bytes]:
    return {p.name: p.data for p in case.photos}


def current_review(case: CaseRecord) -> dict:
    """The diff of the case as it is now, the reviewer's decisions applied (raises PostersError when it does not load)."""
    return library.review(case.yaml_text, photos_of(case), case.review_json)


def latest_approval(db: Session, case: CaseRecord) -> ApprovalRecord | None:
    return db.scalar(select(ApprovalRecord).where(ApprovalRecord.case_id == case.id)
                     .order_by(ApprovalRecord.id.desc()).limit(1))


def valid_approval(db: Session, case: CaseRecord) -> ApprovalRecord | None:
    """The approval that covers the case's current content and release, by someone who is not its author."""
    approval = latest_approval(db, case)
    if approval is None or approval.content_version != case.content_version:
        return None
    if approval.user_id in (case.created_by_id, case.last_edited_by_id):
        return None
    try:
        release_hash = current_review(case)["release_hash"]
    except Exception:  # noqa: BLE001  (a case that no longer loads has no valid approval)
        return None
    return approval if approval.release_hash == release_hash else None


def approve(db: Session, case: CaseRecord, user: User, release_hash: str, note: str | None) -> ApprovalRecord:
    """Record the user's approval of exactly this release hash; raises NotAllowed, Conflict, ReleaseRefused."""
    require(user, "case.approve", case)
    if case.state == "taken_down":
        raise Conflict("this case was taken down (recovered or cancelled); there is nothing to approve")
    doc = current_review(case)
    if release_hash != doc["release_hash"]:
        raise Conflict(f"release {release_hash[:12]} is not the current release ({doc['release_hash'][:12]}); "
                       "the case changed since you looked: review it again", current=doc["release_hash"])
    # The library refuses what the CLI refuses (a preparer approving, a failed check) and writes the snapshot
    # and the "approve" audit entry through the database store. The approval row (who, which content version)
    # goes first, so that entry names it; all of it commits in this transaction: no audit, no approval.
    approval = ApprovalRecord(case_id=case.id, user_id=user.id, release_hash=release_hash,
                              content_version=case.content_version, note=(note or None), snapshot=dict(doc["_snapshot"]))
    db.add(approval)
    db.flush()
    store = DbStore(db, case, extra={"approve": {"approval": approval.id, "user_id": user.id}})
    try:
        done = library.approve(store, library.reviewer(user.display_name, user.id), note or None)
        if done.release_hash != release_hash:
            raise Conflict("the case changed while it was being approved; review it again", current=done.release_hash)
    except BaseException:
        db.rollback()
        raise
    case.state = "approved"
    case.holder_id = None
    db.commit()
    return approval


def request_publication(db: Session, case: CaseRecord, user: User) -> Publication:
    """Queue a publication of the approved release; raises NotAllowed or Conflict (stale or missing approval)."""
    require(user, "case.publish", case)
    if case.state == "taken_down":
        raise Conflict("this case was taken down (recovered or cancelled); it is not published again")
    approval = valid_approval(db, case)
    if approval is None:
        last = latest_approval(db, case)
        if last is None:
            raise Conflict("this release has not been approved: a reviewer who did not write the case approves it first")
        lines = [(f"the last approval ({last.user.username}) covers release {last.release_hash[:12]}, "
                  "not the case as it is now.")]
        try:
            changes = library.changes_since(last.snapshot, case.yaml_text, photos_of(case), case.review_json)
        except PostersError:
            changes = ["the case no longer loads, so the changes cannot be listed"]
        lines += ["Changed since that approval:"] + [f"  - {x}" for x in changes]
        lines.append("Review the changes and approve again.")
        raise Conflict("\n".join(lines))
    pub = Publication(job_id=uuid.uuid4().hex, case_id=case.id, approval_id=approval.id, requested_by_id=user.id,
                      release_hash=approval.release_hash, state="queued", progress=0.0)
    db.add(pub)
    db.flush()
    audit.append(db, case.id, "publish_requested", user.username, release_hash=approval.release_hash,
                 details={"publication": pub.id})
    db.commit()
    return pub


def decide(db: Session, case: CaseRecord, user: User, action: str, target: str, reason: str,
           span: str | None = None, box: object = None, region: str = "", choice: str = "") -> dict:
    """Record a reviewer's decision on the diff with its audit entry, in one transaction; raises ReviewError."""
    require(user, "case.review", case)
    if case.state in ("published", "taken_down"):
        raise Conflict("this case is published; decisions apply to the next release, after an edit")
    text, decision = library.decide(case.yaml_text, photos_of(case), case.review_json,
                                    library.reviewer(user.display_name, user.id), action,
                                    target=target, reason=reason, span=span, box=box, region=region,
                                    choice=choice)
    case.review_json = text
    audit.append(db, case.id, "review", user.username, details={"action": action, "decision": decision})
    if case.state == "approved":
        case.state = "ready_for_review"  # the release changed: the approval no longer covers it
    db.commit()
    return decision


PUBLISH_START, PUBLISH_END = 0.2, 0.95  # the part of the job's bar the library's publish fills


def set_progress(db: Session, publication_id: int, value: float) -> None:
    pub = db.get(Publication, publication_id)
    if pub is not None:
        pub.progress = max(pub.progress, min(1.0, value))
        db.commit()


def fail(db: Session, publication_id: int, message: str) -> None:
    pub = db.get(Publication, publication_id)
    if pub is None:
        return
    pub.state, pub.error, pub.finished_at = "failed", message, utcnow()
    audit.append(db, pub.case_id, "publish_failed", pub.requested_by.username, release_hash=pub.release_hash,
                 details={"publication": pub.id})
    db.commit()


def run(db: Session, publication_id: int, progress: Callable[[float], None]) -> None:
    """Publish: re-check the approval, build and leak-scan with the library, store the files; raises PostersError."""
    pub = db.get(Publication, publication_id)
    if pub is None or pub.state not in ("queued", "running"):
        return
    pub.state = "running"
    db.commit()
    progress(0.05)
    case = db.get(CaseRecord, pub.case_id)
    approval = db.get(ApprovalRecord, pub.approval_id)
    current = valid_approval(db, case) if case is not None else None
    if case is None or approval is None or current is None or approval.id != current.id:
        raise Conflict("the approval no longer covers the case as it is now (it changed after approval); "
                       "approve again before publishing")
    if is_author(approval.user, case):
        raise NotAllowed("the approval was given by the case's author")
    progress(PUBLISH_START)
    # The library re-checks everything the CLI checks (a stale or missing approval, a preparer approving,
    # a failed check), renders, leak-scans, and commits the files with its "publish" audit entry through
    # the store; nothing is visible until this transaction commits, and a failure rolls all of it back.
    store = DbStore(db, case, publication=pub)

    def library_step(fraction: float, step: str) -> None:
        # The library's steps fill the bar from 0.2 to 0.95. Its last report ("write", 1.0) comes once the
        # files are flushed into this session's transaction: another connection must not write then (SQLite
        # would wait on this session's lock), and the commit below sets 1.0 with the files anyway.
        if fraction < 1.0:
            progress(PUBLISH_START + (PUBLISH_END - PUBLISH_START) * fraction)

    result = library.publish(store, f"{LOCATION}{pub.id}", actor=pub.requested_by.username, progress=library_step)
    # No progress write from here on: this session holds the publication's uncommitted writes (SQLite locks).
    if result.release_hash != approval.release_hash:
        raise Conflict("the library built a different release than the one approved; nothing was published")
    kinds = {f.name: f.kind for f in result.files}
    for a in pub.artifacts:
        a.kind = "manifest" if a.name == "manifest.json" else kinds.get(a.name, "other")
    manifest = next(a for a in pub.artifacts if a.name == "manifest.json")
    pub.manifest = json.loads(manifest.data)
    pub.state, pub.progress, pub.finished_at = "done", 1.0, utcnow()
    case.state = "published"
    db.commit()
