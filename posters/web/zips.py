"""The release zip: built once per published release into the file store (the data folder), then streamed.

A publication's files never change once it is done, so its zip is built the first
time someone downloads it and kept as data_dir/releases/publication-ID-MANIFEST.zip
(0600, keyed by the manifest's SHA-256, which covers the release hash and every
file's hash). Takedown removes it with the files' rows. Every server keeps its own
copies: `sweep` removes the ones whose case was taken down (or whose publication
was replaced by a newer one), and runs at start and before each download, so a
takedown made through another machine is honoured by this one too.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
import zipfile
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .config import make_private_dir
from .models import Artifact, CaseRecord, Publication

FOLDER = "releases"
_PREFIX = "publication-"


def folder_of(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER


def _path(data_dir: Path, publication_id: int, manifest_sha256: str) -> Path:
    return folder_of(data_dir) / f"{_PREFIX}{publication_id}-{manifest_sha256}.zip"


def release_zip(db: Session, data_dir: Path, pub: Publication) -> Path:
    """The zip of a done publication's files with manifest.json, built now if this server has none yet."""
    manifest = db.scalar(select(Artifact.sha256).where(Artifact.publication_id == pub.id,
                                                       Artifact.name == "manifest.json"))
    target = _path(data_dir, pub.id, manifest or "none")
    if target.is_file():
        return target
    make_private_dir(folder_of(data_dir))
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".zip", dir=folder_of(data_dir))  # 0600
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            # One file's bytes in memory at a time, not the whole release.
            for artifact_id, name in db.execute(select(Artifact.id, Artifact.name)
                                                .where(Artifact.publication_id == pub.id).order_by(Artifact.name)):
                info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))  # no local times in the archive
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, db.scalar(select(Artifact.data).where(Artifact.id == artifact_id)) or b"")
        os.replace(tmp, target)  # complete or absent: two downloads building at once both end with one whole file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def remove_case(data_dir: Path, publication_ids: list[int]) -> int:
    """Delete this server's zips of these publications (takedown); the number removed."""
    wanted = {f"{_PREFIX}{i}-" for i in publication_ids}
    removed = 0
    for path in _zips(data_dir):
        if any(path.name.startswith(w) for w in wanted):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed


def sweep(db: Session, data_dir: Path) -> int:
    """Delete the zips whose case is taken down, gone, or published again since; the number removed."""
    found: dict[int, list[Path]] = {}
    for path in _zips(data_dir):
        number = path.name.removeprefix(_PREFIX).split("-", 1)[0]
        if number.isdigit():
            found.setdefault(int(number), []).append(path)
    folder = folder_of(data_dir)
    for tmp in folder.glob(".building-*.zip") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:  # left by a server killed while building
                tmp.unlink()
    if not found:
        return 0
    newest = (select(Publication.case_id, func.max(Publication.id).label("newest"))
              .where(Publication.state == "done").group_by(Publication.case_id).subquery())
    keep = set(db.scalars(select(Publication.id)
                          .join(CaseRecord, CaseRecord.id == Publication.case_id)
                          .join(newest, newest.c.newest == Publication.id)
                          .where(Publication.id.in_(found), CaseRecord.state != "taken_down")))
    removed = 0
    for pub_id, paths in found.items():
        if pub_id not in keep:
            for path in paths:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
    return removed


def _zips(data_dir: Path) -> list[Path]:
    folder = folder_of(data_dir)
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.name.startswith(_PREFIX) and p.suffix == ".zip"]
