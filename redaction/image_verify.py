"""verify_clean(): re-read a written image and list every metadata carrier left.

Done means re-detected as clean: the file is parsed at the byte level (JPEG
segments, PNG chunks, trailing data) and by Pillow, independently of how it
was written. Anything not known to be harmless counts as metadata.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import ImageFormatError, ImageMetadataError

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_ALLOWED = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"pHYs"}
# Markers whose segment carries no payload length.
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
# Strings that only metadata blocks contain; 'Exif' with its NULs so that
# compressed pixel data cannot spell it by chance.
_RAW_SIGNS = {b"Exif\x00\x00": "EXIF block", b"<x:xmpmeta": "XMP packet",
              b"http://ns.adobe.com/xap": "XMP namespace", b"Photoshop 3.0": "IPTC/Photoshop block",
              b"ICC_PROFILE": "ICC profile"}
_PILLOW_INFO_OK = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
                   "progression"}


def verify_clean(path: str | Path) -> None:
    """Check a JPEG or PNG carries no metadata; raises ImageMetadataError listing what remains, ImageFormatError otherwise."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageFormatError(f"{path}: cannot be read ({exc.strerror}); check the path") from None
    if data.startswith(_PNG_SIGNATURE):
        found = _png_problems(data)
    elif data.startswith(b"\xff\xd8"):
        found = _jpeg_problems(data)
    else:
        raise ImageFormatError(f"{path}: not a JPEG or PNG file; only those are published. "
                               "Re-encode it with redaction.clean_image()")
    found += [label for sign, label in _RAW_SIGNS.items() if sign in data]
    found += _pillow_problems(path)
    if found:
        raise ImageMetadataError(str(path), list(dict.fromkeys(found)))


def _png_problems(data: bytes) -> list[str]:
    found: list[str] = []
    pos = len(_PNG_SIGNATURE)
    while True:
        if pos + 12 > len(data):
            return found + ["truncated PNG (no IEND chunk)"]
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            return found + ["truncated PNG chunk"]
        if zlib.crc32(ctype + body) != struct.unpack(">I", crc)[0]:
            found.append(f"PNG chunk {ctype!r} with a bad checksum")
        if ctype not in _PNG_ALLOWED:
            found.append(f"PNG {ctype.decode('latin-1')} chunk")
        pos += 12 + length
        if ctype == b"IEND":
            if pos < len(data):
                found.append(f"{len(data) - pos} bytes of trailing data after IEND")
            return found


def _jpeg_problems(data: bytes) -> list[str]:
    found: list[str] = []
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return found + [f"JPEG structure broken at byte {pos}"]
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos >= len(data):
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            if pos < len(data):
                found.append(f"{len(data) - pos} bytes of trailing data after the end of the JPEG")
            return found
        if marker in _JPEG_STANDALONE:
            continue
        if pos + 2 > len(data):
            break
        length = struct.unpack(">H", data[pos:pos + 2])[0]
        segment = data[pos + 2:pos + length]
        if 0xE0 <= marker <= 0xEF:
            if not (marker == 0xE0 and _bare_jfif(segment)):
                found.append(f"JPEG APP{marker - 0xE0} segment ({_app_name(segment)})")
        elif marker == 0xFE:
            found.append("JPEG comment (COM) segment")
        pos += length
        if marker == 0xDA:  # SOS: skip entropy-coded data up to the next real marker
            # Jump from one 0xFF to the next (bytes.find runs in C): stuffed 0xFF00 and
            # restart markers belong to the scan; anything else ends it.
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= len(data):
                    pos = len(data)
                    break
                if data[pos + 1] == 0x00 or 0xD0 <= data[pos + 1] <= 0xD7:
                    pos += 2
                    continue
                break
    return found + ["truncated JPEG (no end-of-image marker)"]


def _bare_jfif(segment: bytes) -> bool:
    # JFIF header without a thumbnail: identifier, version, units, density, 0x0 thumbnail.
    return len(segment) == 14 and segment.startswith(b"JFIF\x00") and segment[12:14] == b"\x00\x00"


def _app_name(segment: bytes) -> str:
    head = segment[:12].split(b"\x00", 1)[0]
    name = head.decode("latin-1", "replace")
    return name if name.isprintable() and name else "unknown"


def _pillow_problems(path: Path) -> list[str]:
    try:
        with Image.open(path) as im:
            found = [f"image info {key!r}" for key in im.info if key not in _PILLOW_INFO_OK]
            # For PNG, Pillow finds chunks after the image data only by decoding every pixel;
            # the chunk walk above already refuses every chunk but IHDR/PLTE/IDAT/IEND/pHYs,
            # wherever it stands, so only JPEG's EXIF (read from the header) is asked here.
            if im.format == "JPEG" and len(im.getexif()):
                found.append("EXIF tags")
            if getattr(im, "n_frames", 1) != 1:
                found.append("extra frames")
            return found
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return [f"unreadable image ({exc.__class__.__name__})"]
