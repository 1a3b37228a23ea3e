"""Creating and editing cases on database records: who wrote what, and what that does to the state."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, library
from .errors import Conflict, Invalid
from .models import CasePhoto, CaseRecord, Publication, User
from .security import require
from .uploads import check_case_text

MAX_PHOTO_BYTES = 25 * 1024 * 1024


def match_photo_names(yaml_text: str, uploads: Mapping[str, bytes]) -> dict[str, bytes]:
    """Uploaded files under the names the case file gives them (matched by full name, else by file name)."""
    named = library.photo_names(yaml_text)
    by_base = {n.rsplit("/", 1)[-1]: n for n in named}
    out: dict[str, bytes] = {}
    for filename, data in uploads.items():
        if not filename:
            continue
        if len(data) > MAX_PHOTO_BYTES:
            raise Invalid(f"the photo {filename.rsplit('/', 1)[-1]} is larger than 25 MB; send a smaller copy")
        clean = filename.replace("\\", "/")
        name = clean if clean in named else by_base.get(clean.rsplit("/", 1)[-1], "photos/" + clean.rsplit("/", 1)[-1])
        out[library.safe_photo_name(name)] = data
    return out


def create(db: Session, user: User, yaml_text: str, uploads: Mapping[str, bytes], *,
           require_valid: bool) -> tuple[CaseRecord, library.CheckResult]:
    """Store a new case (as a draft); with require_valid, refuse one that does not load (Invalid, 422)."""
    require(user, "case.create")
    check_case_text(yaml_text)
    photos = match_photo_names(yaml_text, uploads)
    result = library.check(yaml_text, photos, faces=False)
    if require_valid and not result.valid:
        raise Invalid("the case file has problems; nothing was stored", errors=[p.as_json() for p in result.problems])
    case = CaseRecord(case_ref=result.case_ref or "", yaml_text=yaml_text, state="draft", created_by_id=user.id,
                      last_edited_by_id=user.id, holder_id=user.id)
    db.add(case)
    db.flush()
    _put_photos(case, photos)
    audit.append(db, case.id, "create", user.username, details={"content_version": 1, "photos": len(photos)})
    db.commit()
    return case, result


def edit(db: Session, user: User, case: CaseRecord, yaml_text: str | None, uploads: Mapping[str, bytes],
         remove: Sequence[str] = ()) -> library.CheckResult:
    """Change the case's text and/or photos; the editor becomes its last editor and the case a draft again."""
    require(user, "case.edit", case)
    if case.state == "taken_down":
        raise Conflict("this case was taken down; it cannot be edited")
    text = case.yaml_text if yaml_text is None else yaml_text
    if text != case.yaml_text:
        check_case_text(text)
    photos = match_photo_names(text, uploads)
    changed = text != case.yaml_text or bool(photos) or bool(remove)
    if changed:
        case.yaml_text = text
        for p in list(case.photos):
            if p.name in remove:
                case.photos.remove(p)
        _put_photos(case, photos)
        case.content_version += 1
        case.last_edited_by_id = user.id
        case.holder_id = user.id
        case.state = "draft"
    result = library.check(case.yaml_text, {p.name: p.data for p in case.photos}, faces=False)
    if result.case_ref:
        case.case_ref = result.case_ref
    if changed:
        audit.append(db, case.id, "edit", user.username,
                     details={"content_version": case.content_version, "photos": len(case.photos)})
    db.commit()
    return result


def submit_for_review(db: Session, user: User, case: CaseRecord) -> library.CheckResult:
    """Move a draft to 'ready for review' when `posters check` finds no error; raises Invalid otherwise."""
    require(user, "case.edit", case)
    result = library.check(case.yaml_text, {p.name: p.data for p in case.photos}, review_json=case.review_json)
    if not result.ready:
        raise Invalid("the case is not ready: fix the errors listed first",
                      errors=[p.as_json() for p in result.problems + result.findings if p.level == "error"])
    case.state, case.holder_id = "ready_for_review", None
    audit.append(db, case.id, "submit", user.username, details={"content_version": case.content_version})
    db.commit()
    return result


def take_down(db: Session, user: User, case: CaseRecord, reason: str, data_dir: Path | None = None) -> Any:
    """Take a closed case down with the library's takedown: every published file is listed and the server's
    copies removed, with its audit entry, in one transaction; then this server's release zips of the case
    in `data_dir` (other servers sweep theirs). The case file must say the case is closed
    (case.status recovered or cancelled), as the CLI requires; raises ReleaseRefused otherwise."""
    from .dbstore import DbStore

    require(user, "case.edit", case)
    if case.state == "taken_down":
        raise Conflict("this case was already taken down")
    if not ever_published(db, case):
        # Nothing to take down: a takedown entry would say files were listed and removed that never existed.
        raise Conflict("this case was never published; there is nothing to take down "
                       "(a case that was never published can be deleted instead)")
    audit.append(db, case.id, "close", user.username, details={"reason": reason[:200]})
    try:
        result = library.takedown(DbStore(db, case), actor=user.username)
    except BaseException:
        db.rollback()
        raise
    case.state, case.holder_id = "taken_down", None
    db.commit()
    if data_dir is not None:
        from . import zips

        zips.remove_case(data_dir, list(db.scalars(select(Publication.id).where(Publication.case_id == case.id))))
    return result


def ever_published(db: Session, case: CaseRecord) -> bool:
    """Whether any publication of the case finished (its files were public at some time)."""
    return db.scalar(select(Publication.id).where(Publication.case_id == case.id, Publication.state == "done")
                     .limit(1)) is not None


def _put_photos(case: CaseRecord, photos: Mapping[str, bytes]) -> None:
    existing = {p.name: p for p in case.photos}
    for name, data in photos.items():
        sha = hashlib.sha256(data).hexdigest()
        if name in existing:
            existing[name].data, existing[name].sha256 = data, sha
        else:
            case.photos.append(CasePhoto(name=name, data=data, sha256=sha))
