"""Writing results: all or nothing.

Files are built in a temporary folder beside the destination and moved into
place only when every one of them is ready, so a failed or interrupted run
leaves the destination exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from posters.errors import OutputError


def prepare_destination(dest: Path) -> Path:
    """Check (and create) an output folder; raises OutputError when it cannot be used."""
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise OutputError(f"the output folder {dest} is a file; give a folder")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {dest}: {exc.strerror or exc}") from None
    if not os.access(dest, os.W_OK | os.X_OK):
        raise OutputError(f"the output folder {dest} is not writable")
    return dest


def check_destination(dest: Path) -> Path:
    """Check that an output folder exists or can be created, without creating it; raises OutputError."""
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise OutputError(f"the output folder {dest} is a file; give a folder")
    existing = _nearest_existing(dest)
    if not existing.is_dir():
        raise OutputError(f"cannot create the output folder {dest}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = f"the output folder {dest}" if existing == dest else f"the folder {existing}, where {dest} would be created,"
        raise OutputError(f"{what} is not writable; choose a folder you can write to")
    return dest


@contextmanager
def staged_output(dest: Path) -> Iterator[Path]:
    """Yield a staging folder on dest's file system; on success move its files into `dest`, else remove it.

    Nothing is created at `dest` until every file is ready: a failed run leaves no trace there.
    """
    dest = check_destination(dest)
    stage = _make_stage(dest)
    try:
        yield stage
        prepare_destination(dest)
        try:
            commit_staged(stage, dest)
        except OSError as exc:
            raise OutputError(f"cannot move the finished files into {dest}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _nearest_existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _make_stage(dest: Path) -> Path:
    # Inside dest when it exists, else in the folder it will be created in: the same
    # file system either way, so that moving each file into place is atomic.
    try:
        return Path(tempfile.mkdtemp(prefix=".posters-staging-", dir=_nearest_existing(dest)))
    except OSError as exc:
        raise OutputError(f"cannot write into the output folder {dest}: {exc.strerror or exc}") from None


def commit_staged(stage: Path, dest: Path) -> None:
    """Move every file of the staging folder into dest (same file system: each move is atomic)."""
    for src in sorted(stage.rglob("*")):
        if src.is_dir():
            continue
        target = dest / src.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, target)


def write_bytes_synced(path: Path, data: bytes) -> None:
    """Write a file and flush it to disk."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
