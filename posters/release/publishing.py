"""Publishing: the only way to public artifacts, and all or nothing.

Order: checks and approval; build posters and social images in a staging
folder beside the destination; write manifest.json; leak-scan everything;
move the files into place (keeping what they replace aside); append the
``publish`` audit entry (fsync). Any failure or interruption up to that point
puts the destination back exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..case import load_case
from ..errors import OutputError, PostersError, ReleaseRefused
from ..public import build_public_release
from ..timing import stage as stage_timer
from . import audit
from .approval import Approval, refusals, refused_message, require_approval
from .leakscan import LeakFinding, scanner_for

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "posters/manifest-v1"


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


class LeakFound(ReleaseRefused):
    """The leak scan found something in a finished artifact; nothing was published."""

    def __init__(self, findings: list[LeakFinding]) -> None:
        self.findings = list(findings)
        lines = [f"the leak scan found {len(findings)} problem{'s' if len(findings) != 1 else ''}; nothing was published:"]
        lines += [f"  - {f}" for f in findings[:30]]
        if len(findings) > 30:
            lines.append(f"  ... and {len(findings) - 30} more")
        lines.append("Something outside the public release reached an artifact (a template or caption?); fix it and publish again.")
        super().__init__("\n".join(lines))


def publish(case_path: str | Path, out_dir: str | Path, *, papers: Sequence[str] = ("letter", "a4"),
            langs: Sequence[str] = ("en", "es"), now: dt.datetime | None = None,
            actor: str | None = None, photo_decisions: Any = None) -> PublishResult:
    """Publish the approved release into out_dir; raises ReleaseRefused (LeakFound), OutputError, PostersError.

    `photo_decisions` must be those the release was approved with (they are part of its hash).
    """
    from ..render.i18n import check_languages
    from ..render.poster import check_papers

    started = time.monotonic()
    langs, papers = check_languages(langs), check_papers(papers)
    with stage_timer("validate"):
        case = load_case(case_path)
        reasons = refusals(case, None, now=now, photo_decisions=photo_decisions)
    if reasons:
        raise ReleaseRefused(refused_message("publish", case, reasons))
    public = build_public_release(case, photo_decisions=photo_decisions)
    with stage_timer("approval"):
        approval = require_approval(case, public)
    out = Path(out_dir)
    stage = _staging_folder(out)
    published_at = audit.now_utc(now)
    today = (now or dt.datetime.now(dt.timezone.utc)).date()
    try:
        files = _build(public, stage, papers=papers, langs=langs, today=today)
        with stage_timer("manifest"):
            manifest = _manifest(public.release_hash, published_at, files)
            (stage / MANIFEST).write_bytes(manifest)
        with stage_timer("leak scan"):
            findings = scanner_for(case, (public.public.get("case") or {}).get("public_url")).scan_folder(stage)
        if findings:
            raise LeakFound(findings)
        with stage_timer("write"):
            _fsync_tree(stage)
        with _Commit(stage, out) as commit, stage_timer("write"):
            commit.move_all()
            audit.append_entry(case.folder, "publish", actor=actor, release_hash=public.release_hash, now=now,
                               details={"out_dir": str(out.resolve()), "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
                                        "approved_by": approval.reviewer, "approved_at": approval.approved_at,
                                        "files": [asdict(f) for f in files]})
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return PublishResult(out, public.release_hash, published_at, approval, tuple(files),
                         hashlib.sha256(manifest).hexdigest(), round(time.monotonic() - started, 2))


def _build(public: Any, stage: Path, *, papers: Sequence[str], langs: Sequence[str], today: dt.date) -> list[ManifestFile]:
    from posters.render.previews import poster_files

    posters = poster_files(public, stage, langs=langs, papers=papers, template=None, watermark=False, today=today)
    files = [_describe(stage, f.path, f"poster-{f.kind}", lang=f.lang, paper=f.paper) for f in posters]
    social_dir = stage / "social"
    social_dir.mkdir()
    with stage_timer("social"):
        social = _export_social(public, social_dir, langs=langs, today=today)
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


def _export_social(public: Any, folder: Path, *, langs: Sequence[str], today: dt.date) -> list[Any]:
    try:
        from ..social import export_social
    except ImportError as exc:
        if (exc.name or "").startswith("posters.social"):
            raise PostersError("the social exporter (posters.social) is missing from this installation; "
                               "reinstall posters") from None
        raise
    return list(export_social(public, folder, presets=None, langs=list(langs), watermark=False, today=today))


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


def _staging_folder(out: Path) -> Path:
    """A staging folder on out's file system (in the nearest folder that exists), so each move is atomic."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"the output folder {out} is a file; give a folder")
    near = Path(os.path.abspath(out))
    while not near.exists() and near != near.parent:
        near = near.parent
    if not near.is_dir() or not os.access(near, os.W_OK | os.X_OK):
        raise OutputError(f"cannot create or write {out}: {near} is not a writable folder")
    try:
        return Path(tempfile.mkdtemp(prefix=".posters-staging-", dir=near if near != Path(os.path.abspath(out)) else near.parent))
    except OSError as exc:
        raise OutputError(f"cannot write beside {out}: {exc.strerror or exc}") from None


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


class _Commit:
    """Move staged files into dest, keeping replaced files aside; on any exception put everything back."""

    def __init__(self, stage: Path, dest: Path) -> None:
        self.stage, self.dest = stage, dest
        self.backup = Path(tempfile.mkdtemp(prefix=".posters-replaced-", dir=stage.parent))
        self.moved: list[tuple[Path, Path | None]] = []  # (target, its backup or None)
        self.made_dirs: list[Path] = []

    def __enter__(self) -> "_Commit":
        return self

    def move_all(self) -> None:
        files = sorted(p for p in self.stage.rglob("*") if p.is_file())
        self._mkdir(self.dest)
        for n, src in enumerate(files):
            rel = src.relative_to(self.stage)
            target = self.dest / rel
            self._mkdir(target.parent)
            if target.is_dir():
                raise OutputError(f"{target} is a folder; the publish needs that name for a file")
            saved = self.backup / f"{n}" if target.exists() else None
            self.moved.append((target, saved))  # recorded first, so an interruption anywhere can be undone
            if saved is not None:
                os.replace(target, saved)
            os.replace(src, target)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        try:
            if exc_type is not None:
                self._rollback()
        finally:
            shutil.rmtree(self.backup, ignore_errors=True)
        return False

    def _mkdir(self, folder: Path) -> None:
        missing = []
        p = folder
        while not p.exists():
            missing.append(p)
            p = p.parent
        for d in reversed(missing):
            d.mkdir()
            self.made_dirs.append(d)

    def _rollback(self) -> None:
        for target, saved in reversed(self.moved):
            if saved is None:
                if target.exists():
                    os.remove(target)  # new file where there was none
            elif saved.exists():
                if target.exists():
                    os.remove(target)
                os.replace(saved, target)  # the original back in place
            # saved but not yet moved aside: target is still the original
        for d in reversed(self.made_dirs):
            try:
                d.rmdir()
            except OSError:
                pass
