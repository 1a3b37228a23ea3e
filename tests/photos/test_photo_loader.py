"""Loader: hostile and unusual photo files give a clear PhotoError or a correct upright RGB image."""
from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from posters.errors import PhotoError
from posters.photos import load_photo
from posters.photos.loader import clear_memo
from tests.imageutil import png_declaring

# A warning escaping the loader would reach the user as noise: fail on any.
pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def _fresh_memo():
    clear_memo()
    yield
    clear_memo()


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    return folder


def noise_jpeg(path: Path, size=(64, 48)) -> bytes:
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)).save(path, "JPEG", quality=90)
    return path.read_bytes()


def refused(case: Path, rel: str, **kw) -> str:
    with pytest.raises(PhotoError) as info:
        load_photo(case, rel, **kw)
    # Every message names the photo as the case file wrote it.
    assert info.value.photo == rel
    assert info.value.message.startswith(f"{rel}: ")
    return info.value.message


def test_plain_jpeg_loads_with_hash_and_format(case: Path) -> None:
    data = noise_jpeg(case / "a.jpg")
    got = load_photo(case, "a.jpg")
    import hashlib

    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert (got.rel, got.size, got.source_format, got.image.mode) == ("a.jpg", (64, 48), "JPEG", "RGB")


@pytest.mark.parametrize("name", ["-v.jpg", "--out.jpg", "-", "sub dir/ü photo.jpg"])
def test_names_that_look_like_options_are_just_names(case: Path, name: str) -> None:
    (case / name).parent.mkdir(parents=True, exist_ok=True)
    noise_jpeg(case / name)
    assert load_photo(case, name).rel == name


@pytest.mark.parametrize(
    "rel, expected",
    [
        ("../x.jpg", "'..' is not allowed"),  # climbing out
        ("photos/../../x.jpg", "'..' is not allowed"),  # climbing out from a subfolder
        ("..\\x.jpg", "'..' is not allowed"),  # Windows separator
        ("/etc/passwd", "not absolute"),
        ("C:\\photos\\x.jpg", "not absolute"),  # Windows drive
        ("", "relative to the case folder"),
        ("missing.jpg", "photo file not found"),
    ],
)
def test_bad_paths_are_refused(case: Path, rel: str, expected: str) -> None:
    (case.parent / "x.jpg").write_bytes(b"not read")
    message = refused(case, rel) if rel else None
    if rel:
        assert expected in message
    else:
        with pytest.raises(PhotoError, match=expected):
            load_photo(case, rel)


def test_symlink_leading_outside_is_refused(case: Path) -> None:
    noise_jpeg(case.parent / "secret.jpg")
    (case / "link.jpg").symlink_to(case.parent / "secret.jpg")
    assert "leads outside the case folder" in refused(case, "link.jpg")


def test_symlinked_folder_leading_outside_is_refused(case: Path) -> None:
    outside = case.parent / "elsewhere"
    outside.mkdir()
    noise_jpeg(outside / "a.jpg")
    (case / "photos").symlink_to(outside, target_is_directory=True)
    assert "leads outside the case folder" in refused(case, "photos/a.jpg")


def test_symlink_inside_the_case_folder_is_allowed(case: Path) -> None:
    noise_jpeg(case / "real.jpg")
    (case / "alias.jpg").symlink_to(case / "real.jpg")
    assert load_photo(case, "alias.jpg").size == (64, 48)


def test_directory_and_fifo_are_not_photos(case: Path) -> None:
    (case / "dir.jpg").mkdir()
    assert "not a regular file" in refused(case, "dir.jpg")
    os.mkfifo(case / "pipe.jpg")
    assert "not a regular file" in refused(case, "pipe.jpg")  # and it did not hang


def test_byte_cap(case: Path) -> None:
    noise_jpeg(case / "a.jpg")
    assert "photos are limited to 100 bytes" in refused(case, "a.jpg", max_bytes=100)


def test_empty_file(case: Path) -> None:
    (case / "a.jpg").write_bytes(b"")
    assert "the file is empty" in refused(case, "a.jpg")


def test_text_file_named_jpg(case: Path) -> None:
    (case / "a.jpg").write_text("name: Jane\nthis is not a photo\n")
    assert "is a text file, not an image; expected JPEG, PNG, WEBP, TIFF or GIF" in refused(case, "a.jpg")


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_jpeg(case: Path, keep: float) -> None:
    data = noise_jpeg(case / "full.jpg", size=(256, 256))
    (case / "cut.jpg").write_bytes(data[: int(len(data) * keep)])
    assert "damaged or incomplete" in refused(case, "cut.jpg")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "TIFF"])
def test_truncated_photo_refused_even_if_someone_set_load_truncated(case: Path, monkeypatch, fmt: str) -> None:
    # WeasyPrint and face_recognition turn the switch on when imported; the loader neither
    # relies on it nor flips it (a process-wide switch is a race under a threaded server).
    buf = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(buf, fmt)
    data = buf.getvalue()
    (case / "cut.img").write_bytes(data[: len(data) // 2])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert "damaged or incomplete" in refused(case, "cut.img")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # never touched


def test_weasyprint_import_does_not_let_a_cut_photo_through(case: Path) -> None:
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)

    data = noise_jpeg(case / "full.jpg", size=(256, 256))
    (case / "cut.jpg").write_bytes(data[: int(len(data) * 0.9)])
    assert "damaged or incomplete" in refused(case, "cut.jpg")


def test_truncated_png(case: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 200, 30)).save(buf, "PNG")
    Image.effect_noise((300, 300), 64).convert("RGB").save(buf := io.BytesIO(), "PNG")
    (case / "cut.png").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    assert "damaged or incomplete" in refused(case, "cut.png")


def test_huge_declared_png_is_an_error_not_a_warning(case: Path) -> None:
    (case / "bomb.png").write_bytes(png_declaring(100_000, 100_000))
    assert "decompression bomb" in refused(case, "bomb.png")


def test_header_over_our_pixel_cap_is_refused_before_decoding(case: Path) -> None:
    # 8000 x 8000 is under Pillow's own limit but over ours: our check, from the header.
    (case / "big.png").write_bytes(png_declaring(8000, 8000))
    message = refused(case, "big.png")
    assert "declares 8000 x 8000 pixels (64,000,000); photos are limited to 60,000,000 pixels" in message


def test_pixel_cap_is_configurable(case: Path) -> None:
    noise_jpeg(case / "a.jpg")
    assert "photos are limited to 1,000 pixels" in refused(case, "a.jpg", max_pixels=1000)


def test_heic_is_refused_by_name(peer_data: Path) -> None:
    heic = peer_data / "mat2" / "dirty.heic"
    if not heic.is_file():
        pytest.skip(f"peer test data not available at {heic}")
    with pytest.raises(PhotoError) as info:
        load_photo(heic.parent, "dirty.heic")
    assert info.value.message == "dirty.heic: HEIC is not supported; export the photo as JPEG or PNG"


def test_avif_is_refused_by_name(case: Path) -> None:
    # Only the ISO-BMFF header matters: the loader refuses before decoding.
    (case / "a.avif").write_bytes(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64)
    assert refused(case, "a.avif") == "a.avif: AVIF is not supported; export the photo as JPEG or PNG"


@pytest.mark.parametrize("fmt, what", [("BMP", "a BMP image"), ("PDF", "a PDF document")])
def test_other_formats_are_refused_with_their_name(case: Path, fmt: str, what: str) -> None:
    Image.new("RGB", (8, 8), "red").save(case / "a.jpg", fmt)
    assert f"is {what}, not a supported photo" in refused(case, "a.jpg")


def test_cmyk_jpeg_becomes_rgb(case: Path) -> None:
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(case / "cmyk.jpg", "JPEG", quality=95)
    got = load_photo(case, "cmyk.jpg")
    r, g, b = got.image.getpixel((20, 15))
    assert got.image.mode == "RGB" and r > 200 and g < 60 and b < 60


def test_sixteen_bit_png_is_scaled_not_clipped(case: Path) -> None:
    arr = np.zeros((10, 20), dtype=np.uint16)
    arr[:, :10] = 32768  # mid grey
    arr[:, 10:] = 65535
    Image.fromarray(arr).save(case / "deep.png")
    with Image.open(case / "deep.png") as raw:
        assert raw.mode.startswith("I")
    got = load_photo(case, "deep.png")
    assert got.image.getpixel((2, 2)) == (128, 128, 128)
    assert got.image.getpixel((15, 2)) == (255, 255, 255)


def test_palette_with_transparency_is_flattened_on_white(case: Path) -> None:
    im = Image.new("P", (10, 10), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(1, (5, 0, 10, 10))
    im.save(case / "p.png", transparency=0)
    got = load_photo(case, "p.png").image
    assert got.getpixel((1, 1)) == (255, 255, 255)
    assert got.getpixel((8, 1)) == (255, 0, 0)


@pytest.mark.parametrize("mode, clear, solid", [("RGBA", (0, 0, 0, 0), (0, 0, 255, 255)), ("LA", (0, 0), (0, 255))])
def test_alpha_is_flattened_on_white(case: Path, mode: str, clear, solid) -> None:
    im = Image.new(mode, (10, 10), clear)
    im.paste(solid, (5, 0, 10, 10))
    im.save(case / "a.png")
    got = load_photo(case, "a.png").image
    assert got.getpixel((1, 1)) == (255, 255, 255)
    assert got.getpixel((8, 1)) == ((0, 0, 255) if mode == "RGBA" else (0, 0, 0))


def test_animated_gif_is_refused_single_frame_gif_loads(case: Path) -> None:
    frames = [Image.new("RGB", (10, 10), c) for c in ("red", "blue")]
    frames[0].save(case / "anim.gif", save_all=True, append_images=frames[1:], duration=100)
    assert "is an animated image" in refused(case, "anim.gif")
    Image.new("L", (10, 10), 90).save(case / "still.gif")
    assert load_photo(case, "still.gif").source_format == "GIF"


def test_multipage_tiff_is_refused(case: Path) -> None:
    pages = [Image.new("RGB", (10, 10), c) for c in ("red", "blue")]
    pages[0].save(case / "two.tiff", save_all=True, append_images=pages[1:])
    assert "is a multi-page image" in refused(case, "two.tiff")


@pytest.mark.parametrize("fmt, name", [("WEBP", "a.webp"), ("TIFF", "a.tif"), ("PNG", "a.png")])
def test_allowed_formats_load(case: Path, fmt: str, name: str) -> None:
    Image.new("RGB", (12, 8), (200, 10, 10)).save(case / name, fmt)
    got = load_photo(case, name)
    assert (got.source_format, got.size) == (fmt, (12, 8))


def test_exif_orientation_is_applied(photo) -> None:
    rotated, upright = photo("obama_exif_rotated.jpg"), photo("obama.jpg")
    assert rotated.size == upright.size == (910, 1137)
    diff = np.abs(np.asarray(rotated.image, dtype=int) - np.asarray(upright.image, dtype=int)).mean()
    assert diff < 6  # same picture up to JPEG re-encoding


def test_memo_hands_out_independent_images(case: Path) -> None:
    noise_jpeg(case / "a.jpg")
    first = load_photo(case, "a.jpg")
    first.image.paste((1, 2, 3), (0, 0, 64, 48))
    second = load_photo(case, "a.jpg")
    assert second.sha256 == first.sha256
    assert second.image.getpixel((0, 0)) != (1, 2, 3)


def test_memo_notices_a_changed_file(case: Path) -> None:
    Image.new("RGB", (8, 8), "red").save(case / "a.png")
    assert load_photo(case, "a.png").image.getpixel((0, 0)) == (255, 0, 0)
    Image.new("RGB", (8, 8), "blue").save(case / "a.png")
    assert load_photo(case, "a.png").image.getpixel((0, 0)) == (0, 0, 255)


def _seed_files() -> list[bytes]:
    seeds = []
    for fmt in ("JPEG", "PNG", "GIF", "WEBP", "TIFF"):
        buf = io.BytesIO()
        Image.new("RGB", (16, 12), (30, 120, 200)).save(buf, fmt)
        seeds.append(buf.getvalue())
    return seeds


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.sampled_from(_seed_files()),
    cuts=st.lists(st.tuples(st.integers(0, 400), st.binary(max_size=8)), max_size=4),
    keep=st.integers(0, 2000),
)
def test_fuzzed_files_load_or_raise_photo_error(tmp_path: Path, seed: bytes, cuts, keep: int) -> None:
    data = bytearray(seed)
    for pos, junk in cuts:
        data[pos:pos + len(junk)] = junk
    (tmp_path / "f.jpg").write_bytes(bytes(data[:keep]))
    clear_memo()
    try:
        got = load_photo(tmp_path, "f.jpg", max_pixels=4_000_000)
    except PhotoError as exc:
        assert exc.message.startswith("f.jpg: ")
    else:
        assert got.image.mode == "RGB" and got.image.width * got.image.height <= 4_000_000
