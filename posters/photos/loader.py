"""Load a case photo safely: path checks, format allowlist, full decode, upright RGB."""
from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from posters.case.photo_files import MAX_PHOTO_BYTES, FolderPhotos, PhotoFiles
from posters.errors import PhotoError
from redaction import pixels
from redaction.errors import RedactionError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "GIF")
_ALLOWED_TEXT = "JPEG, PNG, WEBP, TIFF or GIF"
_EXPORT_HINT = "export the photo as JPEG or PNG"

_MEMO_ENTRIES = 8


@dataclass(frozen=True)
class LoadedPhoto:
    """A decoded case photo: upright RGB pixels plus where they came from."""

    rel: str
    sha256: str
    image: Image.Image
    size: tuple[int, int]
    source_format: str


# Keyed by the file's hash, so a photo is decoded once per process however it is named.
_memo: OrderedDict[str, tuple[Image.Image, str]] = OrderedDict()
_memo_lock = threading.Lock()


def load_photo(
    source: Path | PhotoFiles, rel: str, *, max_bytes: int = MAX_PHOTO_BYTES, max_pixels: int = 60_000_000
) -> LoadedPhoto:
    """Load `rel` (a case folder's file, or a case's PhotoFiles) as upright RGB; raises PhotoError for any unusable photo."""
    files = source if isinstance(source, PhotoFiles) else FolderPhotos(Path(source))
    data = files.read(rel, max_bytes=max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    with _memo_lock:
        hit = _memo.get(digest)
        if hit is not None:
            _memo.move_to_end(digest)
    if hit is not None:
        image, fmt = hit
        if image.width * image.height > max_pixels:
            raise _too_many_pixels(rel, image.width, image.height, max_pixels)
    else:
        image, fmt = _decode(data, rel, max_pixels)
        with _memo_lock:
            _memo[digest] = (image, fmt)
            while len(_memo) > _MEMO_ENTRIES:
                _memo.popitem(last=False)
    # A copy, so a caller that draws on its image cannot change what the next caller gets.
    image = image.copy()
    return LoadedPhoto(rel=rel, sha256=digest, image=image, size=image.size, source_format=fmt)


def clear_memo() -> None:
    """Forget every decoded photo; never raises."""
    with _memo_lock:
        _memo.clear()


def _sniff_refused(data: bytes, rel: str) -> None:
    head = data[:64]
    kind = pixels.iso_media_kind(data)
    if kind == "avif":
        raise PhotoError(rel, f"AVIF is not supported; {_EXPORT_HINT}")
    if kind == "heic":
        raise PhotoError(rel, f"HEIC is not supported; {_EXPORT_HINT}")
    if kind is not None:
        raise PhotoError(rel, f"looks like a video or ISO media file, not a photo; {_EXPORT_HINT}")
    known = {b"%PDF": "a PDF document", b"BM": "a BMP image", b"8BPS": "a Photoshop file",
             b"PK\x03\x04": "a ZIP archive", b"\x00\x00\x01\x00": "an icon file"}
    for magic, what in known.items():
        if head.startswith(magic):
            raise PhotoError(rel, f"is {what}, not a supported photo; expected {_ALLOWED_TEXT}; {_EXPORT_HINT}")


def _decode(data: bytes, rel: str, max_pixels: int) -> tuple[Image.Image, str]:
    _sniff_refused(data, rel)
    try:
        with warnings.catch_warnings():
            # Pillow warns about damaged metadata; the full decode below is the real test.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _open_and_convert(data, rel, max_pixels)
    except PhotoError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoError(rel, f"declares too many pixels (decompression bomb?); photos are limited to {max_pixels:,} pixels") from None
    except Image.UnidentifiedImageError:
        what = "is a text file, not an image" if _looks_like_text(data) else "is not an image in a supported format"
        raise PhotoError(rel, f"{what}; expected {_ALLOWED_TEXT}") from None
    except Exception as exc:  # noqa: BLE001 - hostile files make parsers raise anything
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise PhotoError(rel, f"the image is damaged or incomplete and cannot be decoded ({detail}); re-export or re-copy the original") from None


def _open_and_convert(data: bytes, rel: str, max_pixels: int) -> tuple[Image.Image, str]:
    with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as im:
        fmt = im.format or "unknown"
        width, height = im.size
        # Checked from the header, before a single pixel is decoded.
        if width * height > max_pixels:
            raise _too_many_pixels(rel, width, height, max_pixels)
        if width < 1 or height < 1:
            raise PhotoError(rel, "the image has no pixels")
        if getattr(im, "n_frames", 1) > 1:
            what = "an animated image" if fmt in ("GIF", "WEBP", "PNG") else "a multi-page image"
            raise PhotoError(rel, f"is {what}; export the single frame to use as JPEG or PNG")
        icc = im.info.get("icc_profile")
        # Checked on the bytes, not left to Pillow: its LOAD_TRUNCATED_IMAGES switch is
        # process-wide and WeasyPrint turns it on, which would decode a cut-off photo as grey.
        if pixels.is_truncated(data, fmt) or (fmt == "TIFF" and pixels.tiff_truncated(im, len(data))):
            raise PhotoError(rel, "the image is damaged or incomplete (the file ends before the image does); "
                                  "re-export or re-copy the original")
        im.load()
        try:
            upright = ImageOps.exif_transpose(im) or im
        except Exception:  # noqa: BLE001 - unreadable EXIF means no known orientation
            upright = im
        return _to_rgb(upright, icc, rel), fmt


def _to_rgb(im: Image.Image, icc: bytes | None, rel: str) -> Image.Image:
    try:
        return pixels.to_srgb(im, icc)
    except RedactionError as exc:
        raise PhotoError(rel, f"{exc.message}; {_EXPORT_HINT}") from None


def _too_many_pixels(rel: str, width: int, height: int, max_pixels: int) -> PhotoError:
    return PhotoError(
        rel,
        f"declares {width} x {height} pixels ({width * height:,}); photos are limited to "
        f"{max_pixels:,} pixels (decompression bomb?); scale the photo down",
    )


def _looks_like_text(data: bytes) -> bool:
    sample = data[:512]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
