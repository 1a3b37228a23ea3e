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

from .errors import OutputError


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


@contextmanager
def staged_output(dest: Path) -> Iterator[Path]:
    """Yield a staging folder beside `dest`; on success move its files into `dest`, else remove it."""
    dest = prepare_destination(dest)
    stage = Path(tempfile.mkdtemp(prefix=".posters-staging-", dir=dest.parent if dest.parent.exists() else None))
    try:
        yield stage
        commit_staged(stage, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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
