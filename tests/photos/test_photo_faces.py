"""Face detection against the README's measured boxes, EXIF handling, and the detection cache."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from posters.photos import Box, FaceCache, detect_faces, face_distance, face_encoding
from posters.photos import faces as faces_module
from posters.photos.cache import default_cache_dir

# From /work/shared/test-photos/README.md, HOG at upsample 1 on the full-size photo, (top, right, bottom, left).
README_BOXES = {
    "obama.jpg": [(142, 617, 409, 349)],
    "obama2.jpg": [(290, 438, 558, 171)],
    "biden2.jpg": [(297, 913, 759, 451)],
    "obama_exif_rotated.jpg": [(142, 617, 409, 349)],
}


def close_to(found: Box, expected: Box, tolerance: float = 0.10) -> bool:
    """Same face within `tolerance` of the face size: centre offset, and size within 1.5 x that."""
    size = max(expected.width, expected.height)
    (fx, fy), (ex, ey) = found.center, expected.center
    return (
        abs(fx - ex) <= tolerance * size
        and abs(fy - ey) <= tolerance * size
        and abs(found.width - expected.width) <= 1.5 * tolerance * size
        and abs(found.height - expected.height) <= 1.5 * tolerance * size
    )


@pytest.mark.parametrize("name", sorted(README_BOXES))
def test_single_face_matches_readme_box(photo, face_cache: FaceCache, name: str) -> None:
    found = [f.box for f in face_cache.faces(photo(name), 1)]
    assert len(found) == 1
    assert close_to(found[0], Box.from_trbl(README_BOXES[name][0])), found


def test_exif_rotated_gives_the_upright_box(photo, face_cache: FaceCache) -> None:
    rotated = [f.box for f in face_cache.faces(photo("obama_exif_rotated.jpg"), 1)]
    upright = [f.box for f in face_cache.faces(photo("obama.jpg"), 1)]
    assert len(rotated) == len(upright) == 1
    assert rotated[0].iou(upright[0]) > 0.8


def test_two_people_has_two_faces_in_readme_places(photo, face_cache: FaceCache) -> None:
    found = sorted((f.box for f in face_cache.faces(photo("two_people.jpg"), 1)), key=lambda b: b.left)
    assert len(found) == 2
    assert close_to(found[0], Box.from_trbl((47, 408, 202, 253)), 0.15)  # Obama
    assert close_to(found[1], Box.from_trbl((57, 964, 242, 778)), 0.15)  # Biden


@pytest.mark.parametrize("name", ["coffee.png", "chelsea.png"])
def test_no_face_in_coffee_or_cat(photo, face_cache: FaceCache, name: str) -> None:
    assert face_cache.faces(photo(name), 1) == []


def test_encodings_follow_the_readme_distances(photo, face_cache: FaceCache) -> None:
    (obama,) = face_cache.faces(photo("obama.jpg"), 1)
    (obama2,) = face_cache.faces(photo("obama2.jpg"), 1)
    (biden,) = face_cache.faces(photo("biden2.jpg"), 1)
    assert face_distance(obama.encoding, obama2.encoding) < 0.45  # README: 0.346
    assert face_distance(obama.encoding, biden.encoding) > 0.7  # README: 0.833
    again = face_encoding(photo("obama.jpg"), obama.box)
    assert face_distance(again, obama.encoding) < 1e-6


def test_large_photo_is_detected_on_a_downscaled_copy(photo) -> None:
    from PIL import Image

    original = photo("obama.jpg")
    big = Image.new("RGB", (original.size[0] * 3, original.size[1] * 3))
    big.paste(original.image.resize(big.size))
    from posters.photos import detect_in_image

    (small_box,) = detect_faces(original)
    (big_box,) = detect_in_image(big)
    assert big_box.right <= big.size[0] and big_box.bottom <= big.size[1]
    assert close_to(big_box.scaled(1 / 3), small_box, 0.15)


def counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = faces_module.detect_faces

    def spy(photo, *, upsample: int = 1):
        calls.append(upsample)
        return real(photo, upsample=upsample)

    monkeypatch.setattr(faces_module, "detect_faces", spy)
    return calls


def test_cache_hit_avoids_detection_in_memory_and_on_disk(photo, tmp_path: Path, monkeypatch) -> None:
    calls = counting(monkeypatch)
    astronaut = photo("astronaut.png")
    first = FaceCache(tmp_path / "cache")
    boxes = [f.box for f in first.faces(astronaut, 1)]
    assert calls == [1]
    assert [f.box for f in first.faces(astronaut, 1)] == boxes  # memory layer
    second = FaceCache(tmp_path / "cache")  # a later process: the disk layer
    again = second.faces(astronaut, 1)
    assert calls == [1]
    assert [f.box for f in again] == boxes
    assert face_distance(again[0].encoding, first.faces(astronaut, 1)[0].encoding) < 1e-9
    files = list((tmp_path / "cache").iterdir())
    assert [p.name for p in files] == [first.path_for(astronaut.sha256, 1).name]
    assert files[0].stat().st_mode & 0o077 == 0  # biometric data: private to the user


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated JSON
        lambda text: "not json at all",
        lambda text: json.dumps({**json.loads(text), "faces": [{"box": [1, 2], "encoding": []}]}),
        lambda text: json.dumps({**json.loads(text), "size": [1, 1]}),  # for some other photo
        lambda text: json.dumps([1, 2, 3]),
    ],
)
def test_corrupt_cache_file_is_recomputed(photo, tmp_path: Path, monkeypatch, damage) -> None:
    astronaut = photo("astronaut.png")
    FaceCache(tmp_path).faces(astronaut, 0)
    path = FaceCache(tmp_path).path_for(astronaut.sha256, 0)
    path.write_text(damage(path.read_text()))
    calls = counting(monkeypatch)
    fresh = FaceCache(tmp_path).faces(astronaut, 0)
    assert calls == [0]
    assert [f.box for f in fresh] == detect_faces(astronaut, upsample=0)
    json.loads(path.read_text())  # rewritten whole


def test_unwritable_cache_folder_only_costs_time(photo, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = FaceCache(blocker / "sub")
    assert len(cache.faces(photo("astronaut.png"), 0)) == 1


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POSTERS_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("POSTERS_CACHE_DIR")
    assert default_cache_dir() == Path.home() / ".cache" / "posters" / "faces"


def test_importing_the_package_does_not_load_face_recognition() -> None:
    import subprocess
    import sys

    heavy = ("face_recognition", "numpy", "onnxruntime", "onnx", "rapidocr_onnxruntime", "cv2")
    code = f"import sys, posters.photos; print(*[m in sys.modules for m in {heavy!r}])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * len(heavy)
    assert out.stderr == ""


def test_face_recognition_import_is_silent() -> None:
    import subprocess
    import sys

    code = "from posters.photos.faces import face_recognition; face_recognition()"
    out = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, check=True)
    assert "pkg_resources" not in out.stderr
