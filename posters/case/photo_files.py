"""Where a case's photo files come from: its folder on disk, or bytes handed over in memory.

A case names its photos by paths relative to the case folder (``photos/ava.jpg``).
The command line reads them from that folder; a web front end holds them in a
database and passes them as a mapping. Both go through the same name rules, so a
name that would escape the folder is refused the same way whichever the source.
This module only moves bytes; decoding is posters.photos.loader's job.
"""
from __future__ import annotations

import difflib
import errno
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Mapping, Protocol, runtime_checkable

from ..errors import PhotoError

MAX_PHOTO_BYTES = 40_000_000


def unsafe_name(rel: object) -> str | None:
    """Why a photo name cannot be used (absolute, '..', NUL, empty), or None when it can; never raises."""
    if not isinstance(rel, str) or not rel.strip():
        return "a photo must be given as a file name relative to the case folder"
    if "\x00" in rel:
        return "the photo name contains a NUL character"
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or rel.startswith(("/", "\\")):
        return "photo paths must be relative to the case folder, not absolute"
    if ".." in posix.parts or ".." in windows.parts:
        return "photo paths must stay inside the case folder ('..' is not allowed)"
    return None


def _checked_name(rel: str) -> str:
    problem = unsafe_name(rel)
    if problem is not None:
        raise PhotoError(rel if isinstance(rel, str) and rel.strip() and "\x00" not in rel else repr(rel), problem)
    return rel


def did_you_mean(rel: str, names: list[str]) -> str:
    """' did you mean photos/x.jpg?' for the closest existing name (or the list of what is there); never raises."""
    if not names:
        return " there are no photo files in the case folder"
    close = difflib.get_close_matches(rel, names, n=1, cutoff=0.5)
    if close:
        return f" did you mean {close[0]}?"
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f" the photo files there are: {shown}"


@runtime_checkable
class PhotoFiles(Protocol):
    """The photo files of one case, by the names the case file gives them."""

    def read(self, rel: str, *, max_bytes: int = MAX_PHOTO_BYTES) -> bytes:
        """The bytes of one photo; raises PhotoError (unsafe name, missing, too big, not a file)."""
        ...

    def names(self) -> list[str]:
        """Every image file name there is, sorted (for "did you mean"); never raises."""
        ...

    def exists(self, rel: str) -> bool:
        """Whether a photo of that (safe) name is there; never raises."""
        ...


_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif", ".heic", ".heif", ".avif")


class FolderPhotos:
    """Photos in the case folder on disk; symlinks leading out of it and FIFOs are refused."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"FolderPhotos({str(self.folder)!r})"

    def read(self, rel: str, *, max_bytes: int = MAX_PHOTO_BYTES) -> bytes:
        return _read_capped(self._resolved(_checked_name(rel)), rel, max_bytes)

    def exists(self, rel: str) -> bool:
        return unsafe_name(rel) is None and (self.folder / PurePosixPath(rel)).exists()

    def names(self) -> list[str]:
        try:
            found = [p for p in self.folder.rglob("*") if p.suffix.lower() in _IMAGE_SUFFIXES and p.is_file()]
        except OSError:
            return []
        return sorted(p.relative_to(self.folder).as_posix() for p in found
                      if not any(part.startswith(".") for part in p.relative_to(self.folder).parts))

    def _resolved(self, rel: str) -> Path:
        try:
            root = self.folder.resolve(strict=True)
        except OSError:
            raise PhotoError(rel, f"the case folder {str(self.folder)!r} does not exist") from None
        try:
            resolved = (root / PurePosixPath(rel)).resolve(strict=True)
        except FileNotFoundError:
            raise PhotoError(rel, "photo file not found in the case folder;" + did_you_mean(rel, self.names())) from None
        except (OSError, RuntimeError):
            raise PhotoError(rel, "the photo path cannot be resolved (symlink loop?)") from None
        # A symlink (anywhere along the path) that leads out of the case folder is refused.
        if resolved != root and root not in resolved.parents:
            raise PhotoError(rel, "the photo path leads outside the case folder (symlink?); "
                                  "copy the photo into the case folder")
        return resolved


class MemoryPhotos:
    """Photos handed over as bytes by name (a web upload, a database row)."""

    def __init__(self, photos: Mapping[str, bytes]) -> None:
        self._photos = dict(photos)

    def __repr__(self) -> str:
        return f"MemoryPhotos({sorted(self._photos)!r})"

    def read(self, rel: str, *, max_bytes: int = MAX_PHOTO_BYTES) -> bytes:
        _checked_name(rel)
        data = self._photos.get(rel)
        if data is None:
            raise PhotoError(rel, "no photo of that name was uploaded with the case;" + did_you_mean(rel, self.names()))
        if len(data) > max_bytes:
            raise PhotoError(rel, f"the file is {len(data):,} bytes; photos are limited to {max_bytes:,} bytes")
        if not data:
            raise PhotoError(rel, "the file is empty; expected a JPEG, PNG, WEBP, TIFF or GIF image")
        return bytes(data)

    def exists(self, rel: str) -> bool:
        return unsafe_name(rel) is None and rel in self._photos

    def names(self) -> list[str]:
        return sorted(self._photos)


def _read_capped(path: Path, rel: str, max_bytes: int) -> bytes:
    # O_NONBLOCK so a FIFO named like a photo cannot hang us; O_NOFOLLOW so a
    # symlink swapped in after the check above is not followed.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PhotoError(rel, "the photo path changed while reading (symlink)") from None
        raise PhotoError(rel, f"cannot open the photo ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise PhotoError(rel, f"cannot read the photo ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise PhotoError(rel, "is not a regular file; expected an image file")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > max_bytes:
            raise PhotoError(rel, f"the file is {st.st_size:,} bytes; photos are limited to {max_bytes:,} bytes")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoError(rel, f"the file is larger than the {max_bytes:,}-byte limit for photos")
    if not data:
        raise PhotoError(rel, "the file is empty; expected a JPEG, PNG, WEBP, TIFF or GIF image")
    return data
