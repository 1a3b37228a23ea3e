"""clean_image(): re-encode an image from its pixels only, then prove it clean.

The output is built from a fresh RGB pixel buffer, so nothing of the input's
container (EXIF, GPS, XMP, IPTC, ICC, comments, text chunks, thumbnails,
trailing bytes) can ride along. The EXIF orientation is applied first, because
dropping it would publish a sideways photo.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from . import pixels
from .errors import ImageFormatError, RedactionError
from .image_verify import verify_clean

FORMATS = {"JPEG": ".jpg", "PNG": ".png"}


def clean_image(src: Path | Image.Image, dest: Path, fmt: str = "JPEG", quality: int = 92) -> None:
    """Write a metadata-free copy of ``src`` to ``dest``; raises ImageFormatError, ImageMetadataError, RedactionError."""
    if fmt not in FORMATS:
        raise ImageFormatError(f"output format {fmt!r} is not supported; use JPEG or PNG")
    dest = Path(dest)
    if not dest.parent.is_dir():
        raise RedactionError(f"{dest}: the output folder does not exist; create it first")
    if isinstance(src, Image.Image):
        pixels = _pixels(src)
    else:
        src = Path(src)
        if src.stem.casefold() == dest.stem.casefold() or dest.resolve() == src.resolve():
            # The input's name may itself say something; outputs get names of their own.
            raise RedactionError(f"{dest}: output file name reuses the input name {src.name!r}; "
                                 "choose a new name")
        pixels = _pixels(_open(src))
    # Encoded in memory, then written with plain writes: a full disk is then an OSError with
    # errno ENOSPC that callers can report as such, not a half-written file that verification
    # calls truncated (Pillow's encoder writing to a descriptor loses the errno).
    encoded = io.BytesIO()
    if fmt == "JPEG":
        pixels.save(encoded, "JPEG", quality=quality, optimize=True)
    else:
        pixels.save(encoded, "PNG", optimize=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".clean-", suffix=FORMATS[fmt], dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(encoded.getbuffer())
            fh.flush()
            os.fsync(fh.fileno())
        verify_clean(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)  # a dirty or failed output never stays on disk


def _open(src: Path) -> Image.Image:
    try:
        head = src.read_bytes()[:32]
    except OSError as exc:
        raise ImageFormatError(f"{src}: cannot be read ({exc.strerror}); check the path") from None
    if pixels.iso_media_kind(head) in ("heic", "avif"):
        raise ImageFormatError(f"{src}: HEIC/HEIF is an unsupported format; export the photo "
                               "as JPEG or PNG and reference that file instead")
    try:
        im = Image.open(src)
        if pixels.is_truncated(src.read_bytes(), im.format or ""):
            raise ImageFormatError(f"{src}: the image is damaged or incomplete (the file ends before the image "
                                   "does); re-export the photo")
        im.load()
        return im
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageFormatError(f"{src}: unsupported format or unreadable image "
                               f"({exc.__class__.__name__}); use a JPEG or PNG file") from None


def _pixels(im: Image.Image) -> Image.Image:
    """A brand-new RGB image holding only the (oriented, sRGB) pixels of ``im``."""
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)  # animations and multi-page files: the first frame only
    icc = im.info.get("icc_profile")  # read first: rotating and compositing drop info
    try:
        im = ImageOps.exif_transpose(im)
    except Exception as exc:  # a malformed EXIF block must not stop or skip orientation silently
        raise ImageFormatError(f"image EXIF orientation cannot be read ({exc.__class__.__name__}); "
                               "re-export the photo") from None
    return pixels.to_srgb(im, icc)


