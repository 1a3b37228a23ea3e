"""The one place the web front end calls the posters library.

A case is loaded from its text and photo bytes (load_case_text); approve,
publish and takedown run on it with the database store (posters.web.dbstore),
so they write approvals, audit entries and published files to the web's tables
in the caller's transaction. Only the DRAFT previews still go through a private
temporary folder, because the preview renderers take a case file path. Results
that need face detection are cached per content hash, so the case page does
not detect faces on every visit.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import CaseFileError, PhotoError, PostersError

CASE_FILE = "case.yaml"


@dataclass(frozen=True)
class FieldProblem:
    """One field-level message, the same words `posters check` prints."""

    path: str
    message: str
    line: int | None = None
    level: str = "error"

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "line": self.line, "level": self.level}


@dataclass
class CheckResult:
    """What `posters check` says about a case: problems that stop it loading, then readiness findings."""

    case_ref: str | None = None
    problems: list[FieldProblem] = field(default_factory=list)  # the case file does not load
    findings: list[FieldProblem] = field(default_factory=list)  # it loads; readiness errors and warnings
    readiness: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def ready(self) -> bool:
        return self.valid and not any(f.level == "error" for f in self.findings)

    def by_path(self) -> dict[str, list[FieldProblem]]:
        out: dict[str, list[FieldProblem]] = {}
        for p in self.problems + self.findings:
            out.setdefault(p.path, []).append(p)
        return out


def safe_photo_name(name: str) -> str:
    """A photo path as the case file names it, refused if it could leave the case folder; raises PostersError."""
    p = PurePosixPath(name.replace("\\", "/"))
    if not name or p.is_absolute() or ".." in p.parts or any(part.startswith(".") for part in p.parts):
        raise PostersError(f"the photo name {name!r} is not a plain relative path like photos/child.jpg")
    return p.as_posix()


@contextlib.contextmanager
def case_folder(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None = None) -> Iterator[Path]:
    """The case as a private temporary folder (0700) with its review decisions, removed afterwards."""
    from posters.review.casefolder import review_path

    folder = Path(tempfile.mkdtemp(prefix="posters-web-"))
    try:
        (folder / CASE_FILE).write_text(yaml_text, encoding="utf-8")
        if review_json:
            review_path(folder).write_text(review_json, encoding="utf-8")
        for name, data in photos.items():
            target = folder / safe_photo_name(name)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def content_key(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None = None) -> str:
    h = hashlib.sha256(yaml_text.encode("utf-8"))
    h.update(b"\0review\0" + (review_json or "").encode("utf-8"))
    for name in sorted(photos):
        h.update(b"\0" + name.encode("utf-8") + b"\0" + hashlib.sha256(photos[name]).digest())
    return h.hexdigest()


class _Cache:
    """A small per-process LRU of results that took face detection to compute."""

    def __init__(self, size: int = 64) -> None:
        self.size, self.lock = size, threading.Lock()
        self.items: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_CACHE = _Cache()


def forget_cached() -> None:
    """Empty this process's cache of checks, diffs and previews (after a case is deleted); never raises."""
    with _CACHE.lock:
        _CACHE.items.clear()


def photo_names(yaml_text: str) -> list[str]:
    """The photo files the case file names (empty when it does not parse); never raises."""
    import yaml

    try:
        data = yaml.safe_load(yaml_text)
        people = [*(data.get("children") or []), *(data.get("companions") or [])]  # a companion's photo too
        return [str(ph["file"]) for person in people if isinstance(person, dict)
                for ph in person.get("photos") or [] if isinstance(ph, dict) and ph.get("file")]
    except Exception:  # noqa: BLE001  (a broken file is reported by check(), not here)
        return []


def check(yaml_text: str, photos: Mapping[str, bytes], *, faces: bool = True,
          review_json: str | None = None) -> CheckResult:
    """Validate the case file and check readiness as `posters check` does; never raises for a user mistake."""
    return _CACHE.get("check:" + str(faces) + content_key(yaml_text, photos, review_json),
                      lambda: _check(yaml_text, photos, faces, review_json))


def text_case(yaml_text: str, photos: Mapping[str, bytes], source: str = CASE_FILE) -> Any:
    """The case from its text and photo bytes (never a folder); raises CaseFileError."""
    from posters.case import load_case_text

    return load_case_text(yaml_text, dict(photos), source=source)


def decisions_of(review_json: str | None) -> Any:
    """The reviewer's decisions document as posters.review reads it; raises ReviewError."""
    from posters.review.casefolder import parse_decisions
    from posters.review.decisions import DecisionLog

    return parse_decisions(review_json, "the review decisions") if review_json else DecisionLog()


def _check(yaml_text: str, photos: Mapping[str, bytes], faces: bool, review_json: str | None) -> CheckResult:
    from posters.check.readiness import check_readiness

    result = CheckResult()
    missing = [n for n in photo_names(yaml_text) if n not in photos]
    for name in missing:
        result.problems.append(FieldProblem("photos", f"the case file names {name} but no such photo was uploaded; "
                                            "upload it under that name"))
    try:
        try:
            case = text_case(yaml_text, photos)
        except CaseFileError as exc:
            result.problems += [FieldProblem(p.path, p.message, p.line) for p in exc.problems]
            return result
        result.case_ref = case.case_id
        if missing:
            return result
        try:
            # The reviewer's decisions are the database's (review_json): text in a photo they kept or
            # covered is decided, as approval and publish see it through the store.
            readiness = check_readiness(case, photos=faces, decisions=decisions_of(review_json))
        except PhotoError as exc:
            result.problems.append(FieldProblem("photos", exc.message))
            return result
        result.readiness = readiness.to_json()
        result.findings = [FieldProblem(f.path, f.message, None, f.level) for f in readiness.findings]
    except PostersError as exc:
        result.problems.append(FieldProblem("photos", exc.message))
    return result


def review(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None = None) -> dict[str, Any]:
    """The redaction diff as `posters redact --json` gives it, with release_hash; raises PostersError."""
    return _CACHE.get("review:" + content_key(yaml_text, photos, review_json),
                      lambda: _review(yaml_text, photos, review_json))


def _review(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None) -> dict[str, Any]:
    from posters.public import build_public_release
    from posters.release.diffing import photo_records
    from posters.review.diff import diff_json

    # The same decisions the database store hands the library at approve and publish time.
    public = build_public_release(text_case(yaml_text, photos), decisions=decisions_of(review_json))
    doc = diff_json(public)
    doc["_photos"] = {p.path: p.jpeg for p in public.photos}  # a companion's photo 0 is not a child's
    doc["_snapshot"] = {"public": public.public, "photos": photo_records(public.photos),
                        "policy_version": public.release.policy_version}
    return doc


def reviewer(name: str, user_id: int) -> Any:
    """The library's Reviewer for a user: the name people read and the account's id."""
    from posters.review import Reviewer

    return Reviewer(name=" ".join(name.split()), user_id=str(user_id))


def changes_since(snapshot: dict[str, Any], yaml_text: str, photos: Mapping[str, bytes],
                  review_json: str | None = None) -> list[str]:
    """What differs between an approval's snapshot and the current release, as the CLI words it."""
    from posters.release.diffing import diff_snapshot

    now = review(yaml_text, photos, review_json)["_snapshot"]
    return diff_snapshot(snapshot, now["public"], now["photos"], now["policy_version"]).lines()


def approve(store: Any, who: Any, note: str | None) -> Any:
    """The library's approval of the case's current release, recorded in the database store; raises PostersError."""
    from posters.release import approve as approve_release

    return approve_release(store.load_case(), who, note, store=store)


def publish(store: Any, destination: str, *, actor: str,
            progress: Callable[[float, str], None] | None = None) -> Any:
    """The library's publish into the store (approval check, render, leak scan, files committed with its audit
    entry); raises PostersError. The store's case must carry an approval of this release. `progress` gets the
    library's (fraction, step) after each poster, card, the leak scan and the write."""
    from posters.release import publish as publish_release

    return publish_release(store.load_case(), destination, store=store, actor=actor, progress=progress)


def takedown(store: Any, *, actor: str) -> Any:
    """The library's takedown: lists every published file and removes the server's copies; raises PostersError."""
    from posters.release import takedown as takedown_release

    return takedown_release(store.load_case(), store=store, delete=True, actor=actor)


def draft_poster_png(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None = None) -> bytes:
    """The first page of the DRAFT-watermarked preview poster (PNG); raises PostersError."""
    return _CACHE.get("poster:" + content_key(yaml_text, photos, review_json),
                      lambda: _draft(yaml_text, photos, review_json, "poster"))


def draft_card_png(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None = None) -> bytes:
    """The DRAFT-watermarked square social card (PNG or JPEG); raises PostersError."""
    return _CACHE.get("card:" + content_key(yaml_text, photos, review_json),
                      lambda: _draft(yaml_text, photos, review_json, "card"))


def _draft(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None, kind: str) -> bytes:
    with case_folder(yaml_text, photos, review_json) as folder:
        out = folder / "preview"
        if kind == "poster":
            from posters.render.previews import render_previews

            paths = render_previews(folder / CASE_FILE, out, papers=["letter"])
        else:
            from posters.social.previews import social_previews

            paths = social_previews(folder / CASE_FILE, out, presets=["instagram-square"])
        images = sorted(Path(p) for p in paths if Path(p).suffix.lower() in (".png", ".jpg", ".jpeg"))
        if not images:
            raise PostersError("the preview produced no image")
        return images[0].read_bytes()


DECISIONS = ("restore", "withhold", "undo", "face_cover", "photo_text")


def decide(yaml_text: str, photos: Mapping[str, bytes], review_json: str | None, who: Any, action: str, *,
           target: str = "", reason: str = "", span: str | None = None,
           box: Any = None, region: str = "", choice: str = "") -> tuple[str, dict[str, Any]]:
    """A reviewer's decision (restore, withhold, undo; face_cover: target is the photo, e.g.
    children[0].photos[0] or companions[0].photos[0], box is left, top, right, bottom in the published photo's pixels) with
    posters.review's rules; photo_text: keep or cover (choice) the text finding `region` of that photo
    at `box`; returns the new decisions document and the decision as JSON; raises
    ReviewError saying why not."""
    from posters.errors import ReviewError
    from posters.review import deciding
    from posters.review.casefolder import dump_decisions

    log = decisions_of(review_json)
    case = text_case(yaml_text, photos)
    decision: Any
    if action == "restore":
        new, decision = deciding.restore(case, log, target, reason=reason, reviewer=who)
    elif action == "withhold":
        if span:  # a span is found in the whole field: the diff's row may name one of its sentences (PATH#N)
            target = target.split("#", 1)[0]
        new, decision = deciding.withhold(case, log, target, reason=reason, reviewer=who, span=span or None)
    elif action == "undo":
        new, decision = deciding.undo(log, target, reviewer=who, reason=reason or None)
    elif action == "face_cover":
        new, decision = deciding.face_cover(case, log, target, box, reason=reason, reviewer=who)
    elif action == "photo_text":
        if not region:
            raise ReviewError("say which line of text in the photo (its finding id)")
        new, decision = deciding.photo_text(case, log, target, region, box, choice, reason=reason, reviewer=who)
    else:
        raise ReviewError(f"unknown decision {action!r}; expected {', '.join(DECISIONS)}")
    return dump_decisions(new), decision.model_dump(mode="json", exclude={"undone"})
