"""Fitness: small faces, blur and print resolution are reported; good photos pass."""
from __future__ import annotations

import pytest
from PIL import ImageFilter

from posters.photos import Box, FaceCache, assess, face_sharpness
from posters.photos.fitness import BLUR_THRESHOLD
from posters.photos.loader import LoadedPhoto


def codes(findings) -> set[str]:
    return {f.code for f in findings}


@pytest.mark.parametrize("name", ["obama.jpg", "obama2.jpg", "biden2.jpg"])
def test_good_portraits_pass_at_a_modest_print_size(photo, face_cache: FaceCache, name: str) -> None:
    (face,) = face_cache.faces(photo(name), 1)
    assert assess(photo(name), face.box, print_box_inches=(2.0, 2.5)) == []


def test_a_large_print_box_reports_the_effective_dpi(photo, face_cache: FaceCache) -> None:
    (face,) = face_cache.faces(photo("obama.jpg"), 1)
    (finding,) = assess(photo("obama.jpg"), face.box, print_box_inches=(3.5, 4.5), dpi=300)
    assert (finding.level, finding.code) == ("warning", "low_resolution")
    assert "300 dpi needs 1050 x 1350 px" in finding.message
    assert finding.message.startswith("obama.jpg: the photo prints at about ")


def test_astronaut_is_blurry_and_too_small_to_print(photo) -> None:
    findings = assess(photo("astronaut.png"), Box(175, 76, 265, 166), print_box_inches=(3.5, 4.35))
    assert codes(findings) == {"blurry", "low_resolution"}
    assert all(f.level == "warning" for f in findings)


def test_blurred_photo_is_flagged(photo, face_cache: FaceCache) -> None:
    original = photo("obama2.jpg")
    (face,) = face_cache.faces(original, 1)
    blurred = original.image.filter(ImageFilter.GaussianBlur(3))
    assert face_sharpness(original.image, face.box) > 150  # README: 211
    assert face_sharpness(blurred, face.box) < BLUR_THRESHOLD  # README: 3.5
    soft = LoadedPhoto(original.rel, original.sha256, blurred, original.size, original.source_format)
    assert "blurry" in codes(assess(soft, face.box, print_box_inches=(2.0, 2.5)))


def test_small_face_is_flagged(photo, face_cache: FaceCache) -> None:
    (face,) = face_cache.faces(photo("two_people.jpg"), 1)[:1]
    small = Box(face.box.left, face.box.top, face.box.left + 70, face.box.top + 70)
    assert "face_small" in codes(assess(photo("two_people.jpg"), small, print_box_inches=(1, 1), dpi=72))
