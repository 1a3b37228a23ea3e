"""Pixel normalisation shared by the photo loader (posters) and the image cleaner (redaction).

One implementation of what turns a decoded image into plain sRGB pixels: which
ISO-media brands are refused, whether a file was cut off, 16-bit grey scaled
(not clipped), transparency flattened on white (as on paper), the ICC profile
applied and then dropped. It lives here because ``redaction`` never imports
``posters`` and both need it. It reads no process-wide switch and sets none:
in particular Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES``, which WeasyPrint and
face_recognition turn on when imported, does not decide whether a cut-off file
is accepted; :func:`is_truncated` looks at the bytes instead.
"""
from __future__ import annotations

import io
import struct

from PIL import Image

from .errors import ImageFormatError

HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
AVIF_BRANDS = frozenset({b"avif", b"avis"})
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


def iso_media_kind(data: bytes) -> str | None:
    """'heic', 'avif' or 'iso' for an ISO-BMFF file (phones' HEIC, AVIF, video), None for anything else; never raises."""
    head = data[:64]
    if head[4:8] != b"ftyp":
        return None
    brands = {head[i:i + 4] for i in range(8, min(len(head), 32), 4)}
    if brands & AVIF_BRANDS:
        return "avif"
    if brands & HEIF_BRANDS:
        return "heic"
    return "iso"


def is_truncated(data: bytes, fmt: str) -> bool:
    """Whether the bytes of a JPEG, PNG, GIF or WEBP stop before the image does; never raises.

    Pillow fills a cut-off image with grey when LOAD_TRUNCATED_IMAGES is on, so the
    decode alone cannot be trusted to notice.
    """
    if fmt == "JPEG":
        last_scan = data.rfind(b"\xff\xda")
        # Scan data stuffs every 0xFF as FF 00, so an end-of-image marker after the last
        # start-of-scan is the real end.
        return last_scan < 0 or data.find(b"\xff\xd9", last_scan) < 0
    if fmt == "PNG":
        return b"IEND" not in data
    if fmt == "GIF":
        return b"\x3b" not in data[-16:]
    if fmt == "WEBP":
        if len(data) < 12:
            return True
        (size,) = struct.unpack("<I", data[4:8])
        return len(data) < size + 8
    return False


def tiff_truncated(im: Image.Image, size: int) -> bool:
    """Whether a TIFF's strips or tiles point past the end of its `size` bytes; never raises."""
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return False
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if any(int(o) + int(c) > size for o, c in zip(offsets, counts)):
            return True
    return False


def to_srgb(im: Image.Image, icc: bytes | None = None) -> Image.Image:
    """A new 8-bit RGB image of `im`'s pixels in sRGB; raises ImageFormatError for float or unknown modes.

    `icc` is the profile read before decoding (compositing and rotating drop im.info).
    """
    icc = icc if icc is not None else im.info.get("icc_profile")
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        im, mode = sixteen_bit_to_l(im), "L"
    elif mode == "F":
        raise ImageFormatError("floating-point images are not supported")
    if mode in _ALPHA_MODES or ("transparency" in im.info and mode in ("P", "L", "RGB")):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))  # transparency prints as paper, not black
        im, mode = flat, "RGB"
    if icc and mode in ("RGB", "CMYK", "L"):
        converted = _icc_to_srgb(im, icc)
        if converted is not None:
            im = converted
    try:
        rgb = im.convert("RGB")
    except (ValueError, OSError):
        raise ImageFormatError(f"colour mode {mode} is not supported") from None
    # tobytes/frombytes: nothing but pixel values crosses into the new image.
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def sixteen_bit_to_l(im: Image.Image) -> Image.Image:
    """16-bit (or 32-bit integer) grey as 8-bit grey, scaled; never raises for such an image."""
    import numpy as np

    # Pillow's own convert clips 16-bit values at 255 (a white image); scale instead.
    arr = np.asarray(im).astype(np.uint32)
    return Image.fromarray((np.clip(arr, 0, 65535) >> 8).astype(np.uint8), mode="L")


def _icc_to_srgb(im: Image.Image, icc: bytes) -> Image.Image | None:
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except Exception:  # noqa: BLE001 - a broken profile only costs colour accuracy; it is dropped either way
        return None
