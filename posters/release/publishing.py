"""Publishing: the only way to public artifacts, and all or nothing.

Order: checks and approval; build posters and social images in the store's
staging folder; write manifest.json; leak-scan everything; commit the files
through the store (the case-folder store moves them into place, keeping what
they replace aside); append the ``publish`` audit entry. Any failure or
interruption up to that point puts the destination back exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ..case import Case
from ..errors import LeakFound, ReleaseRefused
from ..public import build_public_release
from ..timing import stage as stage_timer
from . import audit
from .approval import Approval, refusals, refused_message, require_approval, resolve
from .leakscan import scanner_for

if TYPE_CHECKING:
    from ..store import CaseStore

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "posters/manifest-v1"

Progress = Callable[[float, str], None]
"""publish(progress=...): called with the fraction of the work done (0..1) and the step just finished."""


class _Steps:
    """Counts the publish's steps (each poster, each social card, the leak scan, the write) for `progress`."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def __call__(self, label: str, *, last: bool = False) -> None:
        # Never 1.0 before the last step, so a caller can take 1.0 to mean "published".
        self.done = self.total if last else min(self.done + 1, self.total - 1)
        if self.progress is not None:
            self.progress(self.done / self.total, label)


@dataclass(frozen=True)
class ManifestFile:
    """One published file as manifest.json lists it."""

    name: str
    sha256: str
    bytes: int
    kind: str
    pixels: list[int] | None = None
    preset: str | None = None
    lang: str | None = None
    paper: str | None = None


@dataclass(frozen=True)
class PublishResult:
    """What a publish wrote, where, and for which approved release."""

    out_dir: Path
    release_hash: str
    published_at: str
    approval: Approval
    files: tuple[ManifestFile, ...]
    manifest_sha256: str
    seconds: float = field(default=0.0)

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / MANIFEST


def publish(case: "Case | str | Path", out_dir: str | Path, *, store: "CaseStore | None" = None,
            papers: Sequence[str] = ("letter", "a4"), langs: Sequence[str] = ("en", "es"),
            now: dt.datetime | None = None, actor: str | None = None,
            progress: Progress | None = None) -> PublishResult:
    """Publish the case's approved release into out_dir through `store` (default: the case's folder).

    `progress(fraction, step)` is called after each step: every poster ("poster letter en"), every social
    card ("social instagram-square en"), "leak scan", and last "write" with 1.0, once the store has
    committed the files and the audit entry. It is called in this thread; what it raises ends the publish
    (nothing is published), so a callback that only reports should catch its own errors.
    Raises ReleaseRefused (LeakFound), OutputError, AuditError, CaseFileError, PhotoError.
    """
    from ..render.i18n import check_languages
    from ..render.poster import check_papers

    started = time.monotonic()
    langs, papers = check_languages(langs), check_papers(papers)
    with stage_timer("validate"):
        case, store = resolve(case, store)
        reasons = refusals(case, None, now=now, store=store)
    if reasons:
        raise ReleaseRefused(refused_message("publish", case, reasons))
    public = build_public_release(case, store=store)
    with stage_timer("approval"):
        approval = require_approval(case, public, store)
    out = Path(out_dir)
    published_at = audit.now_utc(now)
    today = (now or dt.datetime.now(dt.timezone.utc)).date()
    steps = _Steps(progress, len(langs) * len(papers) + _card_count(langs) + 2)
    with store.staging(str(out)) as stage:
        files = _build(public, stage, papers=papers, langs=langs, today=today, steps=steps)
        with stage_timer("manifest"):
            manifest = _manifest(public.release_hash, published_at, files)
            (stage / MANIFEST).write_bytes(manifest)
        with stage_timer("leak scan"):
            findings = scanner_for(case, (public.public.get("case") or {}).get("public_url"),
                                   restored=public.restored_texts()).scan_folder(stage)
        if findings:
            raise LeakFound(findings)
        steps("leak scan")
        with stage_timer("write"), store.commit_artifacts(stage, str(out)) as location:
            store.append_audit("publish", actor=actor, release_hash=public.release_hash, now=now,
                               details={"out_dir": location, "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
                                        "approved_by": approval.reviewer, "approved_at": approval.approved_at,
                                        "files": [asdict(f) for f in files]})
    steps("write", last=True)
    return PublishResult(out, public.release_hash, published_at, approval, tuple(files),
                         hashlib.sha256(manifest).hexdigest(), round(time.monotonic() - started, 2))


def _card_count(langs: Sequence[str]) -> int:
    from ..social.presets import load_presets

    return len(load_presets()) * len(dict.fromkeys(langs))


def _build(public: Any, stage: Path, *, papers: Sequence[str], langs: Sequence[str], today: dt.date,
           steps: _Steps) -> list[ManifestFile]:
    from posters.render.previews import poster_files

    posters = poster_files(public, stage, langs=langs, papers=papers, template=None, watermark=False, today=today,
                           each=lambda lang, paper: steps(f"poster {paper} {lang}"))
    files = [_describe(stage, f.path, f"poster-{f.kind}", lang=f.lang, paper=f.paper) for f in posters]
    social_dir = stage / "social"
    social_dir.mkdir()
    with stage_timer("social"):
        social = _export_social(public, social_dir, langs=langs, today=today,
                                each=lambda preset, lang: steps(f"social {preset} {lang}"))
    for s in social:
        files.append(_describe(stage, Path(s.path), "social-image", preset=s.preset, lang=s.lang))
        if getattr(s, "caption_path", None):
            files.append(_describe(stage, Path(s.caption_path), "social-caption", preset=s.preset, lang=s.lang))
    known = {f.name for f in files}
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        name = path.relative_to(stage).as_posix()
        if name not in known:  # social-index.json and anything else written: listed too
            files.append(_describe(stage, path, "social-index" if path.name == "social-index.json" else "other"))
    return files


def _export_social(public: Any, folder: Path, *, langs: Sequence[str], today: dt.date,
                   each: Callable[[str, str], None] | None = None) -> list[Any]:
    from ..social import export_social

    return list(export_social(public, folder, presets=None, langs=list(langs), watermark=False, today=today,
                              each=each))


def _describe(stage: Path, path: Path, kind: str, *, preset: str | None = None, lang: str | None = None,
              paper: str | None = None) -> ManifestFile:
    path = Path(path)
    if not path.is_absolute():
        path = stage / path
    data = path.read_bytes()
    pixels = None
    if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
        from PIL import Image

        with Image.open(path) as im:
            pixels = [im.width, im.height]
    return ManifestFile(name=path.relative_to(stage).as_posix(), sha256=hashlib.sha256(data).hexdigest(),
                        bytes=len(data), kind=kind, pixels=pixels, preset=preset, lang=lang, paper=paper)


def _manifest(release_hash: str, published_at: str, files: list[ManifestFile]) -> bytes:
    doc = {"schema": MANIFEST_SCHEMA, "release_hash": release_hash, "published_at": published_at,
           "files": [{**asdict(f), "release_hash": release_hash, "time": published_at} for f in files]}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
