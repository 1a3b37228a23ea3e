"""Face-aware crops: whole face inside, face in the upper part, target aspect, never outside the image."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posters.photos import Box, FaceCache, face_crop
from posters.photos.crop import CENTER_FROM_TOP

ASPECTS = {"1:1": 1.0, "4:5": 4 / 5, "9:16": 9 / 16, "1.91:1": 1.91, "16:9": 16 / 9}


def contains(crop: tuple[int, int, int, int], face: Box) -> bool:
    left, top, right, bottom = crop
    return left <= face.left and top <= face.top and face.right <= right and face.bottom <= bottom


def inside(crop: tuple[int, int, int, int], size: tuple[int, int]) -> bool:
    left, top, right, bottom = crop
    return 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]


@pytest.mark.parametrize("name", ["obama.jpg", "obama2.jpg", "biden2.jpg", "two_people.jpg", "astronaut.png"])
@pytest.mark.parametrize("aspect", ASPECTS.values(), ids=ASPECTS.keys())
def test_crops_of_real_photos(photo, face_cache: FaceCache, name: str, aspect: float) -> None:
    loaded = photo(name)
    face = face_cache.faces(loaded, 1)[-1].box if name != "astronaut.png" else Box(175, 76, 265, 166)
    crop = face_crop(loaded.size, face, aspect)
    assert inside(crop, loaded.size) and contains(crop, face)
    left, top, right, bottom = crop
    # Face in the upper part, unless it fills over half the crop (a tight portrait in a wide frame).
    assert (face.center[1] - top) / (bottom - top) < 0.5 or face.height > 0.5 * (bottom - top)
    if (right - left) >= face.width * 1.6 and (bottom - top) >= face.height * 2:
        assert abs((right - left) / (bottom - top) - aspect) < 0.01


def test_roomy_photo_gets_preferred_framing() -> None:
    size, face = (4000, 3000), Box(1900, 1000, 2100, 1200)
    for aspect in ASPECTS.values():
        left, top, right, bottom = face_crop(size, face, aspect)
        height = bottom - top
        assert 0.25 <= face.height / height <= 0.45
        assert abs((face.center[1] - top) / height - CENTER_FROM_TOP) < 0.01
        assert abs((face.center[0] - left) / (right - left) - 0.5) < 0.01
        assert abs((right - left) / height - aspect) < 0.01


def test_face_filling_a_small_photo_keeps_the_face_and_gives_up_the_aspect() -> None:
    size, face = (300, 200), Box(20, 10, 280, 190)
    crop = face_crop(size, face, 9 / 16)
    assert contains(crop, face) and inside(crop, size)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        face_crop((100, 100), Box(10, 10, 20, 20), 0)
    with pytest.raises(ValueError):
        face_crop((100, 100), Box(200, 200, 220, 220), 1.0)


@st.composite
def image_and_face(draw):
    width = draw(st.integers(1, 5000))
    height = draw(st.integers(1, 5000))
    left = draw(st.integers(0, width - 1))
    top = draw(st.integers(0, height - 1))
    right = draw(st.integers(left + 1, width))
    bottom = draw(st.integers(top + 1, height))
    return (width, height), Box(left, top, right, bottom)


@settings(max_examples=400, deadline=None)
@given(image_and_face(), st.sampled_from(list(ASPECTS.values())) | st.floats(0.2, 5.0))
def test_crop_properties(case, aspect: float) -> None:
    size, face = case
    crop = face_crop(size, face, aspect)
    left, top, right, bottom = crop
    assert all(isinstance(v, int) for v in crop)
    assert inside(crop, size)
    assert contains(crop, face)  # never cuts the face
    height = bottom - top
    rel_y = (face.center[1] - top) / height
    # Upper part unless the image edge (or a face as tall as the crop) forces it lower.
    assert rel_y <= 0.5 + 1e-9 or bottom == size[1] or face.height >= 0.5 * height
    # The exact aspect is kept whenever the face fits in a crop of that aspect inside the image.
    max_h = min(size[1], size[0] / aspect)
    if max_h - 1 >= face.height and (max_h - 1) * aspect >= face.width + 1 and max_h >= 10:
        assert abs((right - left) - height * aspect) <= 1.0
