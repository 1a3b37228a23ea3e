"""Images: re-encoded from pixels only, re-read, and refused when anything remains."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

import redaction.images
from redaction import ImageFormatError, ImageMetadataError, RedactionError, clean_image, verify_clean

MAT2 = Path(__file__).resolve().parents[3] / "shared" / "peer-data" / "mat2"
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Sunrise House scanner"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def gps_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Sunrise House camera"
    exif[ExifTags.Base.ImageDescription] = "Taken at the group home"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (39.0, 47.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (89.0, 39.0, 1.0)})
    return exif.tobytes()


def picture(size: tuple[int, int] = (40, 20), mode: str = "RGB") -> Image.Image:
    im = Image.new(mode, size)
    for x in range(size[0]):
        for y in range(size[1]):
            if mode == "RGB":
                im.putpixel((x, y), (x * 6 % 256, y * 12 % 256, 128 if x < size[0] // 2 else 30))
            else:
                im.putpixel((x, y), (x * 6 % 256, y * 12 % 256, 90, 255 if x > 5 else 0))
    return im


def dirty_jpeg(path: Path, orientation: int = 1) -> Path:
    picture().save(path, "JPEG", exif=gps_exif(orientation), xmp=XMP, comment=b"placement: Sunrise House",
                   icc_profile=ICC, quality=95)
    return path


def dirty_png(path: Path, mode: str = "RGB") -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Sunrise House")
    info.add_text("Description", "group home", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    picture(mode=mode).save(path, "PNG", pnginfo=info, exif=gps_exif(), icc_profile=ICC)
    return path


def test_generated_dirty_files_are_detected(tmp_path: Path) -> None:
    with pytest.raises(ImageMetadataError) as jpeg:
        verify_clean(dirty_jpeg(tmp_path / "a.jpg"))
    assert {"JPEG APP1 segment (Exif)", "JPEG comment (COM) segment", "EXIF block", "XMP packet",
            "ICC profile"} <= set(jpeg.value.remaining)
    with pytest.raises(ImageMetadataError) as png:
        verify_clean(dirty_png(tmp_path / "a.png"))
    assert {"PNG tEXt chunk", "PNG zTXt chunk", "PNG iTXt chunk", "PNG eXIf chunk",
            "PNG iCCP chunk"} <= set(png.value.remaining)
    # The message names what remains, never the metadata itself.
    assert "Sunrise" not in jpeg.value.message and "Sunrise" not in png.value.message


@pytest.mark.parametrize("maker", [dirty_jpeg, dirty_png])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_clean_image_strips_everything(tmp_path: Path, maker, fmt: str) -> None:
    src = maker(tmp_path / f"in.{'jpg' if maker is dirty_jpeg else 'png'}")
    dest = tmp_path / f"out.{fmt.lower()}"
    clean_image(src, dest, fmt)
    verify_clean(dest)
    raw = dest.read_bytes()
    for needle in (b"Sunrise", b"group home", b"Exif", b"xmpmeta", b"GPS", b"ICC_PROFILE", b"tEXt", b"iTXt"):
        assert needle not in raw
    with Image.open(dest) as im:
        assert im.format == fmt and im.mode == "RGB" and not im.getexif()
        assert "icc_profile" not in im.info and "exif" not in im.info


def test_orientation_is_applied_before_the_exif_goes(tmp_path: Path) -> None:
    dest = tmp_path / "out.png"
    clean_image(dirty_jpeg(tmp_path / "in.jpg", orientation=6), dest, "PNG")
    with Image.open(dest) as im:
        assert im.size == (20, 40)  # rotated 90 degrees, as the camera meant


def test_png_pixels_survive_exactly(tmp_path: Path) -> None:
    src = tmp_path / "in.png"
    picture().save(src, "PNG")
    dest = tmp_path / "out.png"
    clean_image(src, dest, "PNG")
    with Image.open(dest) as out:
        assert out.tobytes() == picture().tobytes()


def test_transparency_becomes_white(tmp_path: Path) -> None:
    dest = tmp_path / "out.png"
    clean_image(dirty_png(tmp_path / "in.png", mode="RGBA"), dest, "PNG")
    with Image.open(dest) as im:
        assert im.mode == "RGB" and im.getpixel((0, 0)) == (255, 255, 255)


def test_pil_image_input_with_metadata(tmp_path: Path) -> None:
    im = Image.open(dirty_jpeg(tmp_path / "in.jpg"))
    dest = tmp_path / "clean.jpg"
    clean_image(im, dest, "JPEG", quality=80)
    verify_clean(dest)


@pytest.mark.parametrize("kind", ["jpg", "png"])
def test_trailing_bytes_are_detected_and_cleaned(tmp_path: Path, kind: str) -> None:
    src = tmp_path / f"in.{kind}"
    picture().save(src, "JPEG" if kind == "jpg" else "PNG")
    verify_clean(src)
    src.write_bytes(src.read_bytes() + b"lat=39.79;lon=-89.65")
    with pytest.raises(ImageMetadataError, match="trailing data"):
        verify_clean(src)
    dest = tmp_path / f"out.{kind}"
    clean_image(src, dest, "JPEG" if kind == "jpg" else "PNG")
    verify_clean(dest)


def test_dirty_output_is_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def always_dirty(path: Path) -> None:
        raise ImageMetadataError(str(path), ["pretend XMP"])

    monkeypatch.setattr(redaction.images, "verify_clean", always_dirty)
    dest = tmp_path / "out.jpg"
    with pytest.raises(ImageMetadataError):
        clean_image(dirty_jpeg(tmp_path / "in.jpg"), dest, "JPEG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jpg"]


def test_heic_is_an_unsupported_format(tmp_path: Path) -> None:
    fake = tmp_path / "photo.heic"
    fake.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    with pytest.raises(ImageFormatError, match="HEIC/HEIF is an unsupported format"):
        clean_image(fake, tmp_path / "out.jpg", "JPEG")
    assert not (tmp_path / "out.jpg").exists()


@pytest.mark.parametrize("content", [b"", b"not an image at all"])
def test_unreadable_input_is_a_format_error(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "in.jpg"
    src.write_bytes(content)
    with pytest.raises(ImageFormatError, match="unsupported format or unreadable"):
        clean_image(src, tmp_path / "out.jpg", "JPEG")


def test_bad_arguments(tmp_path: Path) -> None:
    src = tmp_path / "ava.png"
    picture().save(src, "PNG")
    with pytest.raises(ImageFormatError, match="use JPEG or PNG"):
        clean_image(src, tmp_path / "out.gif", "GIF")
    with pytest.raises(RedactionError, match="reuses the input name"):
        clean_image(src, tmp_path / "AVA.jpg", "JPEG")
    with pytest.raises(RedactionError, match="output folder does not exist"):
        clean_image(src, tmp_path / "missing" / "out.jpg", "JPEG")
    with pytest.raises(ImageFormatError, match="not a JPEG or PNG"):
        gif = tmp_path / "x.gif"
        picture().save(gif, "GIF")
        verify_clean(gif)
    with pytest.raises(ImageFormatError, match="cannot be read"):
        verify_clean(tmp_path / "nothing.png")


# --- real dirty fixtures from the mat2 project (read in place, never copied) ---

def mat2_file(name: str) -> Path:
    if not MAT2.is_dir():
        pytest.skip(f"peer data folder {MAT2} is absent; these tests need mat2's dirty fixtures")
    return MAT2 / name


@pytest.mark.parametrize("name", ["dirty.jpg", "dirty.png", "control_chars.jpg"])
def test_mat2_fixtures_are_detected_as_dirty(name: str) -> None:
    with pytest.raises(ImageMetadataError):
        verify_clean(mat2_file(name))


@pytest.mark.parametrize("name", ["dirty.jpg", "dirty.png", "dirty.webp", "dirty.tiff", "dirty.gif",
                                  "control_chars.jpg"])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_mat2_fixtures_come_out_clean(tmp_path: Path, name: str, fmt: str) -> None:
    src = mat2_file(name)
    dest = tmp_path / f"public-{fmt.lower()}.{fmt.lower()}"
    clean_image(src, dest, fmt)
    verify_clean(dest)
    with Image.open(src) as original, Image.open(dest) as out:
        assert out.info.keys() <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
        assert not out.getexif()
        assert out.size in (original.size, original.size[::-1])


def test_mat2_heic_is_an_unsupported_format(tmp_path: Path) -> None:
    with pytest.raises(ImageFormatError, match="unsupported format"):
        clean_image(mat2_file("dirty.heic"), tmp_path / "out.jpg", "JPEG")
