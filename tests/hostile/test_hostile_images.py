"""Hostile and unusual images: a clear error, or correct upright RGB pixels; nothing else."""
from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from hostile_support import PEER_DATA, SAMPLE_PHOTO

from posters.cli import main
from posters.errors import PhotoError
from posters.photos.loader import load_photo
from tests.imageutil import png_declaring

SUPPORTED = "expected JPEG, PNG, WEBP, TIFF or GIF"
EXPORT = "export the photo as JPEG or PNG"


def _save(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def _jpeg_declaring(width: int, height: int) -> bytes:
    """The sample JPEG with its frame header rewritten to declare width x height."""
    data = bytearray(SAMPLE_PHOTO.read_bytes())
    sof = next(i for i in range(2, len(data)) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC1, 0xC2))
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _load(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    return load_photo(tmp_path, name)


def _error(tmp_path: Path, name: str, data: bytes) -> str:
    with pytest.raises(PhotoError) as err:
        _load(tmp_path, name, data)
    return err.value.message


def _animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (32, 32), c) for c in ((255, 0, 0), (0, 0, 255))]
    return _save(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


# Each row: file name, bytes, exact message after "<name>: ".
REFUSED = [
    ("cut.jpg", SAMPLE_PHOTO.read_bytes()[:6000],
     "the image is damaged or incomplete (the file ends before the image does); re-export or re-copy the original"),
    ("notes.jpg", b"Ava was last seen near the bus station.\n", f"is a text file, not an image; {SUPPORTED}"),
    ("vector.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
     f"is a text file, not an image; {SUPPORTED}"),
    ("noise.jpg", bytes(range(256)) * 8, f"is not an image in a supported format; {SUPPORTED}"),
    ("empty.jpg", b"", "the file is empty; expected a JPEG, PNG, WEBP, TIFF or GIF image"),
    # a header declaring 10 gigapixels: refused from the header, never decoded (an error, not a warning)
    ("bomb.png", png_declaring(100_000, 100_000),
     "declares too many pixels (decompression bomb?); photos are limited to 60,000,000 pixels"),
    ("bomb.jpg", _jpeg_declaring(65_000, 65_000),
     "declares too many pixels (decompression bomb?); photos are limited to 60,000,000 pixels"),
    # above our cap but below Pillow's warning threshold: our own check, with the size
    ("big.png", png_declaring(8_000, 8_000),
     "declares 8000 x 8000 pixels (64,000,000); photos are limited to 60,000,000 pixels (decompression bomb?); "
     "scale the photo down"),
    ("anim.gif", _animated("GIF"), "is an animated image; export the single frame to use as JPEG or PNG"),
    ("anim.png", _animated("PNG"), "is an animated image; export the single frame to use as JPEG or PNG"),
    ("anim.webp", _animated("WEBP"), "is an animated image; export the single frame to use as JPEG or PNG"),
    ("pages.tif", _animated("TIFF"), "is a multi-page image; export the single frame to use as JPEG or PNG"),
    ("float.tif", _save(Image.new("F", (8, 8), 0.5), "TIFF"), f"floating-point images are not supported; {EXPORT}"),
    ("photo.bmp", _save(Image.new("RGB", (8, 8)), "BMP"),
     f"is a BMP image, not a supported photo; {SUPPORTED}; {EXPORT}"),
    ("photo.jpg", _save(Image.new("RGB", (8, 8)), "BMP"),  # a BMP renamed .jpg: the bytes decide, not the name
     f"is a BMP image, not a supported photo; {SUPPORTED}; {EXPORT}"),
    ("photo.ico", _save(Image.new("RGB", (16, 16)), "ICO"),
     f"is an icon file, not a supported photo; {SUPPORTED}; {EXPORT}"),
    ("scan.pdf.jpg", b"%PDF-1.7\n1 0 obj<<>>endobj\n", f"is a PDF document, not a supported photo; {SUPPORTED}; {EXPORT}"),
    ("heic.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, f"HEIC is not supported; {EXPORT}"),
    ("movie.jpg", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64,
     f"looks like a video or ISO media file, not a photo; {EXPORT}"),
]


@pytest.mark.parametrize("name, data, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_unusable_images_give_one_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    assert _error(tmp_path, name, data) == f"{name}: {message}"


def test_peer_heic_is_refused_by_name() -> None:
    heic = PEER_DATA / "mat2" / "dirty.heic"
    if not heic.is_file():
        pytest.skip(f"the peer test data is not available at {heic}")
    with pytest.raises(PhotoError) as err:
        load_photo(heic.parent, heic.name)
    assert err.value.message == f"dirty.heic: HEIC is not supported; {EXPORT}"


# -- handled correctly: upright 8-bit RGB with the right colours ------------------------

def _rgba_half_transparent() -> Image.Image:
    im = Image.new("RGBA", (4, 2), (255, 0, 0, 255))
    for y in range(2):
        im.putpixel((0, y), (0, 0, 0, 0))
    return im


def _palette_with_transparency() -> bytes:
    im = Image.new("P", (4, 2), 1)
    im.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    for y in range(2):
        im.putpixel((0, y), 0)
    return _save(im, "PNG", transparency=0)


def _sixteen_bit() -> bytes:
    import numpy as np

    arr = np.full((2, 4), 0x8000, dtype=np.uint16)
    arr[:, 0] = 0xFFFF
    return _save(Image.fromarray(arr), "PNG")


def _rotated_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    return _save(Image.new("RGB", (40, 20), (0, 128, 0)), "JPEG", exif=exif.tobytes())


HANDLED = [
    # name, bytes, upright size, pixel at (1, 1) of the result, pixel at (0, 0)
    ("cmyk.jpg", _save(Image.new("CMYK", (4, 2), (0, 255, 255, 0)), "JPEG", quality=100), (4, 2), "reddish", None),
    ("cmyk.tif", _save(Image.new("CMYK", (4, 2), (0, 255, 255, 0)), "TIFF"), (4, 2), (255, 0, 0), None),
    ("deep.png", _sixteen_bit(), (4, 2), (128, 128, 128), (255, 255, 255)),
    ("alpha.png", _save(_rgba_half_transparent(), "PNG"), (4, 2), (255, 0, 0), (255, 255, 255)),
    ("alpha.webp", _save(_rgba_half_transparent(), "WEBP", lossless=True), (4, 2), (255, 0, 0), (255, 255, 255)),
    ("la.png", _save(Image.new("LA", (4, 2), (0, 0)), "PNG"), (4, 2), (255, 255, 255), (255, 255, 255)),
    ("palette.png", _palette_with_transparency(), (4, 2), (0, 0, 255), (255, 255, 255)),
    ("palette.gif", _save(Image.new("P", (4, 2), 3), "GIF"), (4, 2), "any", None),
    ("grey.jpg", _save(Image.new("L", (4, 2), 200), "JPEG", quality=100), (4, 2), (200, 200, 200), None),
    ("onebit.png", _save(Image.new("1", (4, 2), 1), "PNG"), (4, 2), (255, 255, 255), None),
    ("rotated.jpg", _rotated_jpeg(), (20, 40), "green", None),
]


@pytest.mark.parametrize("name, data, size, centre, corner", HANDLED, ids=[r[0] for r in HANDLED])
def test_unusual_but_valid_images_become_upright_rgb(tmp_path: Path, name: str, data: bytes, size, centre, corner) -> None:
    photo = _load(tmp_path, name, data)
    assert photo.image.mode == "RGB"
    assert photo.size == size == photo.image.size
    px = photo.image.getpixel((1, 1))
    if centre == "reddish":
        assert px[0] > 200 and px[1] < 60 and px[2] < 60, px
    elif centre == "green":
        assert px[1] > 100 and px[0] < 40 and px[2] < 40, px
    elif centre != "any":
        assert px == centre
    if corner is not None:
        assert photo.image.getpixel((0, 0)) == corner


def test_cli_with_an_unusable_photo_writes_nothing(make_case, tmp_path: Path, capsys, no_output) -> None:
    case = make_case(photo=b"GIF89a" + b"\x00" * 10)
    out = tmp_path / "out"
    assert main(["render", str(case), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: photos/ava-2026.jpg: is not an image in a supported format; {SUPPORTED}\n"
    no_output(out)
