"""Load a case photo safely: path checks, format allowlist, full decode, upright RGB."""
from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from PIL import Image, ImageFile, ImageOps

from posters.errors import PhotoError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "GIF")
_ALLOWED_TEXT = "JPEG, PNG, WEBP, TIFF or GIF"
_EXPORT_HINT = "export the photo as JPEG or PNG"

# ISO-BMFF brands: Pillow (with its AVIF plugin) would happily open some of
# these, but phones' HEIC output is not decodable here, so both are refused by name.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

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
    case_dir: Path, rel: str, *, max_bytes: int = 40_000_000, max_pixels: int = 60_000_000
) -> LoadedPhoto:
    """Load `rel` (relative to `case_dir`) as upright RGB; raises PhotoError for any unusable photo."""
    path = _checked_path(Path(case_dir), rel)
    data = _read_capped(path, rel, max_bytes)
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


def _checked_path(case_dir: Path, rel: str) -> Path:
    if not isinstance(rel, str) or not rel.strip():
        raise PhotoError(repr(rel), "a photo must be given as a file name relative to the case folder")
    if "\x00" in rel:
        raise PhotoError(repr(rel), "the photo name contains a NUL character")
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or rel.startswith(("/", "\\")):
        raise PhotoError(rel, "photo paths must be relative to the case folder, not absolute")
    if ".." in posix.parts or ".." in windows.parts:
        raise PhotoError(rel, "photo paths must stay inside the case folder ('..' is not allowed)")
    try:
        root = case_dir.resolve(strict=True)
    except OSError:
        raise PhotoError(rel, f"the case folder {str(case_dir)!r} does not exist") from None
    candidate = root / posix
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PhotoError(rel, "photo file not found in the case folder") from None
    except (OSError, RuntimeError):
        raise PhotoError(rel, "the photo path cannot be resolved (symlink loop?)") from None
    # A symlink (anywhere along the path) that leads out of the case folder is refused.
    if resolved != root and root not in resolved.parents:
        raise PhotoError(rel, "the photo path leads outside the case folder (symlink?); copy the photo into the case folder")
    return resolved


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


def _sniff_refused(data: bytes, rel: str) -> None:
    head = data[:64]
    if head[4:8] == b"ftyp":
        brands = {head[i:i + 4] for i in range(8, min(len(head), 32), 4)}
        if brands & _AVIF_BRANDS:
            raise PhotoError(rel, f"AVIF is not supported; {_EXPORT_HINT}")
        if brands & _HEIF_BRANDS:
            raise PhotoError(rel, f"HEIC is not supported; {_EXPORT_HINT}")
        raise PhotoError(rel, f"looks like a video or ISO media file, not a photo; {_EXPORT_HINT}")
    known = {b"%PDF": "a PDF document", b"BM": "a BMP image", b"8BPS": "a Photoshop file",
             b"PK\x03\x04": "a ZIP archive", b"\x00\x00\x01\x00": "an icon file"}
    for magic, what in known.items():
        if head.startswith(magic):
            raise PhotoError(rel, f"is {what}, not a supported photo; expected {_ALLOWED_TEXT}; {_EXPORT_HINT}")


def _decode(data: bytes, rel: str, max_pixels: int) -> tuple[Image.Image, str]:
    _sniff_refused(data, rel)
    saved_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    # Another module setting this globally must not let a damaged photo through.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
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
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved_truncated


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
        im.load()
        try:
            upright = ImageOps.exif_transpose(im) or im
        except Exception:  # noqa: BLE001 - unreadable EXIF means no known orientation
            upright = im
        return _to_rgb(upright, icc, rel), fmt


def _to_rgb(im: Image.Image, icc: bytes | None, rel: str) -> Image.Image:
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        im = _sixteen_bit_to_l(im)
        mode = "L"
    elif mode == "F":
        raise PhotoError(rel, f"floating-point images are not supported; {_EXPORT_HINT}")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in im.info) or (
        mode in ("L", "RGB") and "transparency" in im.info
    ):
        rgba = im.convert("RGBA")
        # Flattened on white: a transparent background prints as paper, not black.
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if icc and mode in ("RGB", "CMYK"):
        converted = _icc_to_srgb(im, icc)
        if converted is not None:
            return converted
    try:
        return im.convert("RGB")
    except (ValueError, OSError):
        raise PhotoError(rel, f"colour mode {mode} is not supported; {_EXPORT_HINT}") from None


def _sixteen_bit_to_l(im: Image.Image) -> Image.Image:
    import numpy as np

    # Pillow's own convert clips 16-bit values at 255 (a white image); scale instead.
    arr = np.asarray(im).astype(np.uint32)
    scaled = (np.clip(arr, 0, 65535) >> 8).astype(np.uint8)
    return Image.fromarray(scaled, mode="L")


def _icc_to_srgb(im: Image.Image, icc: bytes) -> Image.Image | None:
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        dst = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(im, src, dst, outputMode="RGB")
    except Exception:  # noqa: BLE001 - a broken profile falls back to the plain conversion
        return None


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
