"""Image leftovers: EXIF thumbnails, XMP, ICC, comments and data after the end of the image never survive re-encoding."""
from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

import redaction
from hostile_support import SAMPLE_PHOTO, jpeg_segments, pdf_objects, png_chunks

MARKS = [b"THUMB-SECRET", b"EXIF-SECRET", b"XMP-SECRET", b"COMMENT-SECRET", b"ACROPALYPSE-SECRET", b"TEXT-SECRET",
         b"ITXT-SECRET", b"ZTXT-SECRET"]
# JFIF header, quantization and Huffman tables, frame, restart interval, scan: pixels only.
PIXEL_MARKERS = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA}


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _exif_with_thumbnail(thumbnail: bytes) -> bytes:
    """An EXIF block (little-endian TIFF) with a description in IFD0 and a JPEG thumbnail in IFD1."""
    desc = b"EXIF-SECRET uncropped original\0"
    ifd0 = 8
    ifd1 = ifd0 + 2 + 12 + 4
    desc_at = ifd1 + 2 + 2 * 12 + 4
    thumb_at = desc_at + len(desc)
    out = b"II*\0" + struct.pack("<I", ifd0)
    out += struct.pack("<H", 1) + struct.pack("<HHII", 0x010E, 2, len(desc), desc_at) + struct.pack("<I", ifd1)
    out += struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, thumb_at)
    out += struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail)) + struct.pack("<I", 0)
    return b"Exif\0\0" + out + desc + thumbnail


def _dirty_jpeg() -> bytes:
    original = SAMPLE_PHOTO.read_bytes()
    full = Image.open(io.BytesIO(original)).convert("RGB")
    thumb = io.BytesIO()
    full.resize((160, 120)).save(thumb, "JPEG", quality=60, comment=b"THUMB-SECRET")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
           b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description>XMP-SECRET GPS 39.78,-89.65"
           b"</rdf:Description></rdf:RDF></x:xmpmeta>")
    segments = (_segment(0xE1, _exif_with_thumbnail(thumb.getvalue())) + _segment(0xE1, xmp)
                + _segment(0xE2, b"ICC_PROFILE\0\x01\x01" + icc) + _segment(0xFE, b"COMMENT-SECRET"))
    # aCropalypse: the uncropped original left after the end of the image.
    trailer = b"ACROPALYPSE-SECRET" + original
    return original[:2] + segments + original[2:] + trailer


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _dirty_png() -> bytes:
    buf = io.BytesIO()
    Image.open(SAMPLE_PHOTO).convert("RGB").save(buf, "PNG", compress_level=1)
    data = buf.getvalue()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    extra = (_png_chunk(b"tEXt", b"Comment\0TEXT-SECRET") + _png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0ITXT-SECRET")
             + _png_chunk(b"zTXt", b"Author\0\0" + zlib.compress(b"ZTXT-SECRET"))
             + _png_chunk(b"iCCP", b"sRGB\0\0" + zlib.compress(icc))
             + _png_chunk(b"eXIf", _exif_with_thumbnail(b"\xff\xd8THUMB-SECRET\xff\xd9")[6:]))
    ihdr_end = 8 + 25
    return data[:ihdr_end] + extra + data[ihdr_end:] + b"ACROPALYPSE-SECRET" + data


def _assert_clean_jpeg(data: bytes, where: str) -> None:
    segments, trailing = jpeg_segments(data)
    assert {m for m, _ in segments} <= PIXEL_MARKERS, f"{where}: {[hex(m) for m, _ in segments]}"
    app0 = [body for m, body in segments if m == 0xE0]
    assert all(body.startswith(b"JFIF\0") for body in app0), where
    assert trailing == b"", f"{where}: {len(trailing)} bytes after the end of the image"
    assert data.count(b"\xff\xd8\xff") == 1, f"{where}: a second image (thumbnail) inside"
    for mark in MARKS:
        assert mark not in data, f"{where}: {mark!r}"
    with Image.open(io.BytesIO(data)) as im:
        assert not im.getexif() and "icc_profile" not in im.info and "xmp" not in im.info and "comment" not in im.info


def test_the_dirty_fixtures_really_are_dirty() -> None:
    jpeg, png = _dirty_jpeg(), _dirty_png()
    with Image.open(io.BytesIO(jpeg)) as im:
        assert im.getexif()[0x010E].startswith("EXIF-SECRET") and im.info["icc_profile"] and im.info["comment"]
    with Image.open(io.BytesIO(png)) as im:
        assert im.info["Comment"] == "TEXT-SECRET" and im.info["icc_profile"]
    for data in (jpeg, png):
        assert b"ACROPALYPSE-SECRET" in data and b"THUMB-SECRET" in data


@pytest.fixture(scope="module")
def dirty_jpeg_case(tmp_path_factory, release_of):
    from hostile_support import sample_data, write_case

    folder = tmp_path_factory.mktemp("dirty-jpeg")
    path = write_case(folder / "case", sample_data(), photo=_dirty_jpeg())
    return release_of(path)


def test_public_photo_from_a_dirty_jpeg_is_clean(dirty_jpeg_case, tmp_path: Path) -> None:
    [photo] = dirty_jpeg_case.photos
    _assert_clean_jpeg(photo.jpeg, "public photo")
    (tmp_path / "p.jpg").write_bytes(photo.jpeg)
    redaction.verify_clean(tmp_path / "p.jpg")


def test_public_photo_from_a_dirty_png_is_clean(tmp_path: Path, release_of) -> None:
    from hostile_support import sample_data, write_case

    data = sample_data()
    data["children"][0]["photos"][0]["file"] = "photos/ava.png"
    [photo] = release_of(write_case(tmp_path / "case", data, photo=_dirty_png())).photos
    _assert_clean_jpeg(photo.jpeg, "public photo")


def test_poster_pdf_and_png_from_a_dirty_photo_are_clean(dirty_jpeg_case, tmp_path: Path) -> None:
    from posters.render.previews import poster_files

    files = poster_files(dirty_jpeg_case, tmp_path, langs=["en"], papers=["letter"], template=None,
                         watermark=True, dpi=72)
    assert sorted(f.path.name for f in files) == ["poster-letter-en-DRAFT.pdf", "poster-letter-en-DRAFT.png"]
    pdf = (tmp_path / "poster-letter-en-DRAFT.pdf").read_bytes()
    raw = pdf_objects(pdf)
    for mark in MARKS:
        assert mark not in raw, mark
    images = [m.group(1) for m in re.finditer(rb"stream\r?\n(\xff\xd8.*?\xff\xd9)\r?\nendstream", pdf, re.S)]
    assert images, "the poster embeds the photo as a JPEG"
    for n, image in enumerate(images):
        _assert_clean_jpeg(image, f"PDF image {n}")
    png = (tmp_path / "poster-letter-en-DRAFT.png").read_bytes()
    kinds, trailing = png_chunks(png)
    # pHYs carries only the print resolution (300 dpi), so the page prints at its size.
    assert set(kinds) <= {b"IHDR", b"pHYs", b"IDAT", b"IEND"} and trailing == b""
    for mark in MARKS:
        assert mark not in png
    redaction.verify_clean(tmp_path / "poster-letter-en-DRAFT.png")


@pytest.mark.parametrize("name", ["dirty.jpg", "dirty.png", "dirty.webp", "dirty.tiff", "control_chars.jpg"])
def test_peer_dirty_fixtures_come_out_clean(tmp_path: Path, name: str) -> None:
    from posters.photos.loader import load_photo
    from posters.public import _clean_jpeg

    from hostile_support import PEER_DATA

    folder = PEER_DATA / "mat2"
    if not (folder / name).is_file():
        pytest.skip(f"the peer test data is not available at {folder}")
    clean = _clean_jpeg(load_photo(folder, name).image, name)
    _assert_clean_jpeg(clean, name)
    (tmp_path / "clean.jpg").write_bytes(clean)
    redaction.verify_clean(tmp_path / "clean.jpg")


def test_peer_dirty_gif_is_refused_as_animated() -> None:
    from posters.errors import PhotoError
    from posters.photos.loader import load_photo

    from hostile_support import PEER_DATA

    folder = PEER_DATA / "mat2"
    if not (folder / "dirty.gif").is_file():
        pytest.skip(f"the peer test data is not available at {folder}")
    with pytest.raises(PhotoError) as err:  # 8 frames: which one is the photo is the person's choice
        load_photo(folder, "dirty.gif")
    assert err.value.message == "dirty.gif: is an animated image; export the single frame to use as JPEG or PNG"
