"""Writing results: all or nothing, in one implementation for previews, publishing and records.

Files are built in a staging folder on the destination's file system and moved
into place only when every one of them is ready. Files they replace are kept
aside until the move is complete; if anything fails or is interrupted during
the move (or in the caller's block after it, such as writing the audit entry),
every file is put back, so the destination is exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from posters.errors import OutputError

STAGE_PREFIX = ".posters-staging-"
BACKUP_PREFIX = ".posters-replaced-"


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
def staging_folder(dest: Path) -> Iterator[Path]:
    """A fresh staging folder on dest's file system, removed on exit; raises OutputError."""
    dest = check_destination(dest)
    stage = _make_stage(dest)
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@contextmanager
def staged_output(dest: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into `dest`, else remove it; raises OutputError.

    Nothing is created at `dest` until every file is ready: a failed run leaves no trace there.
    """
    with staging_folder(dest) as stage:
        yield stage
        with committed(stage, dest):
            pass


@contextmanager
def committed(stage: Path, dest: Path) -> Iterator[Path]:
    """Move every staged file into dest, then run the block; if either fails, put dest back; raises OutputError.

    The block is where the caller records what was written (the publish audit entry):
    the files count as written only if that record is made.
    """
    commit = _Commit(Path(stage), check_destination(Path(dest)))
    try:
        try:
            commit.move_all()
        except OSError as exc:
            raise OutputError(f"cannot move the finished files into {dest}: {exc.strerror or exc}") from None
        yield Path(dest)
    except BaseException:
        commit.rollback()
        raise
    finally:
        shutil.rmtree(commit.backup, ignore_errors=True)


def fsync_tree(folder: Path) -> None:
    """Flush every file under folder to disk; raises OSError."""
    for path in Path(folder).rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary beside it, flushed, then renamed); raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_bytes_synced(path: Path, data: bytes) -> None:
    """Write a file and flush it to disk."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _nearest_existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _make_stage(dest: Path) -> Path:
    # Inside dest when it exists, else in the folder it will be created in: the same
    # file system either way, so that moving each file into place is atomic.
    try:
        return Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=_nearest_existing(dest)))
    except OSError as exc:
        raise OutputError(f"cannot write into the output folder {dest}: {exc.strerror or exc}") from None


class _Commit:
    """Moves staged files into dest, keeping replaced files aside so that rollback() restores dest."""

    def __init__(self, stage: Path, dest: Path) -> None:
        self.stage, self.dest = stage, dest
        try:
            self.backup = Path(tempfile.mkdtemp(prefix=BACKUP_PREFIX, dir=stage.parent))
        except OSError as exc:
            raise OutputError(f"cannot write into the output folder {dest}: {exc.strerror or exc}") from None
        self.moved: list[tuple[Path, Path | None]] = []  # (target, its backup or None)
        self.made_dirs: list[Path] = []

    def move_all(self) -> None:
        files = sorted(p for p in self.stage.rglob("*") if p.is_file())
        self._mkdir(self.dest)
        for n, src in enumerate(files):
            target = self.dest / src.relative_to(self.stage)
            self._mkdir(target.parent)
            if target.is_dir():
                raise OutputError(f"{target} is a folder; the output needs that name for a file")
            saved = self.backup / f"{n}" if target.exists() else None
            self.moved.append((target, saved))  # recorded first, so an interruption anywhere can be undone
            if saved is not None:
                os.replace(target, saved)
            os.replace(src, target)

    def _mkdir(self, folder: Path) -> None:
        missing = []
        p = folder
        while not p.exists():
            missing.append(p)
            p = p.parent
        for d in reversed(missing):
            d.mkdir()
            self.made_dirs.append(d)

    def rollback(self) -> None:
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
