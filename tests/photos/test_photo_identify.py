"""Identifying the child: manual box, single face, reference match, refusals; and covering bystanders."""
from __future__ import annotations

import numpy as np
import pytest

from posters.errors import PhotoError
from posters.photos import (
    COVER_FILL,
    Box,
    FaceCache,
    cover_bystanders,
    detect_in_image,
    locate_child,
    reference_encoding,
    uncovered_faces,
)

ASTRONAUT_FACE = Box.from_trbl((76, 265, 166, 175))
PATCH = Box.from_trbl((335, 215, 425, 126))
OBAMA_LEFT, BIDEN_LEFT = 253, 778


@pytest.fixture(scope="module")
def obama_ref(photo, face_cache: FaceCache) -> np.ndarray:
    return reference_encoding(photo("obama.jpg"), None, cache=face_cache)


@pytest.fixture(scope="module")
def two_people(photo, face_cache: FaceCache, obama_ref):
    return locate_child(photo("two_people.jpg"), obama_ref, None, cache=face_cache)


@pytest.fixture(scope="module")
def covered(photo, two_people):
    return cover_bystanders(photo("two_people.jpg").image, two_people.bystanders, keep=[two_people.child])


def near_left(box: Box, left: int) -> bool:
    return abs(box.left - left) < 0.15 * box.width


@pytest.mark.parametrize("name", ["obama.jpg", "obama2.jpg", "biden2.jpg", "obama_exif_rotated.jpg"])
def test_single_face_photo_is_the_child(photo, face_cache: FaceCache, name: str) -> None:
    result = locate_child(photo(name), None, None, cache=face_cache)
    assert result.bystanders == [] and result.how == "the only face in the photo"


def test_astronaut_patch_false_positive_is_not_the_child_but_is_covered(photo, face_cache: FaceCache) -> None:
    astronaut = photo("astronaut.png")
    assert len(face_cache.faces(astronaut, 1)) == 2  # the HOG false positive is really there
    result = locate_child(astronaut, None, None, cache=face_cache)
    assert result.child.iou(ASTRONAUT_FACE) > 0.6
    assert len(result.bystanders) == 1 and result.bystanders[0].iou(PATCH) > 0.6


@pytest.mark.parametrize("name", ["coffee.png", "chelsea.png"])
def test_no_face_is_refused_unless_a_box_is_given(photo, face_cache: FaceCache, name: str) -> None:
    with pytest.raises(PhotoError) as info:
        locate_child(photo(name), None, None, cache=face_cache)
    assert info.value.message == (
        f"{name}: no face found in the photo; give the child's face box by hand in the case file "
        "(face: {left, top, right, bottom} on this photo)"
    )
    manual = Box(100, 50, 200, 150)
    result = locate_child(photo(name), None, manual, cache=face_cache)
    assert result.child == manual and result.bystanders == [] and result.how == "face box from the case file"


def test_manual_box_wins_and_every_other_face_is_a_bystander(photo, face_cache: FaceCache) -> None:
    manual = Box(770, 50, 970, 250)  # the case file says the child is the right-hand face
    result = locate_child(photo("two_people.jpg"), None, manual, cache=face_cache)
    assert result.child == manual
    assert len(result.bystanders) == 1 and near_left(result.bystanders[0], OBAMA_LEFT)


@pytest.mark.parametrize("manual", [Box(10, 10, 10, 50), Box(600, 600, 2000, 700), Box(-5, 0, 50, 50)])
def test_manual_box_outside_or_empty_is_refused(photo, face_cache: FaceCache, manual: Box) -> None:
    with pytest.raises(PhotoError, match=r"two_people\.jpg: the face box .* (is empty|lies outside the photo, which is 1126 x 661)"):
        locate_child(photo("two_people.jpg"), None, manual, cache=face_cache)


def test_two_people_child_found_by_reference(two_people) -> None:
    assert near_left(two_people.child, OBAMA_LEFT)
    assert two_people.distance is not None and two_people.distance <= 0.5
    assert len(two_people.bystanders) == 1 and near_left(two_people.bystanders[0], BIDEN_LEFT)


def test_two_people_without_clear_reference_asks_for_a_box(photo, face_cache: FaceCache) -> None:
    astronaut = reference_encoding(photo("astronaut.png"), None, cache=face_cache)
    with pytest.raises(PhotoError, match=r"none matches the primary photo clearly .* give the child's face box by hand"):
        locate_child(photo("two_people.jpg"), astronaut, None, cache=face_cache)
    with pytest.raises(PhotoError, match="no reference photo to tell which is the child"):
        locate_child(photo("two_people.jpg"), None, None, cache=face_cache)


def test_one_clear_face_that_is_someone_else_is_refused_when_others_are_around(photo, face_cache: FaceCache, obama_ref) -> None:
    # The astronaut is not the child of the obama reference, and there is another "face" (the patch).
    with pytest.raises(PhotoError, match=r"does not match the primary photo \(distance 0\.\d\d, needed <= 0\.5\) "
                                         r"and 1 other possible face\(s\) were found"):
        locate_child(photo("astronaut.png"), obama_ref, None, cache=face_cache)


def test_one_face_that_is_someone_else_is_refused(photo, face_cache: FaceCache, obama_ref) -> None:
    # Fail closed: a single clear face that is not the child (biden2 against the obama
    # reference, distance 0.83) must not be published as the missing child.
    with pytest.raises(PhotoError, match=r"biden2\.jpg: the one clear face does not match the primary photo "
                                         r"\(distance 0\.8\d, needed <= 0\.5\); give the child's face box"):
        locate_child(photo("biden2.jpg"), obama_ref, None, cache=face_cache)


def test_sibling_on_the_poster_is_kept_not_covered(photo, face_cache: FaceCache, obama_ref) -> None:
    biden_ref = reference_encoding(photo("biden2.jpg"), None, cache=face_cache)
    result = locate_child(photo("two_people.jpg"), obama_ref, None, cache=face_cache, allowed_encodings=[biden_ref])
    assert result.bystanders == [] and len(result.kept) == 1 and near_left(result.kept[0], BIDEN_LEFT)


def test_covering_fills_the_bystander_and_leaves_the_child(photo, two_people, covered) -> None:
    original = np.asarray(photo("two_people.jpg").image)
    out = np.asarray(covered)
    assert out.shape == original.shape
    by = two_people.bystanders[0]
    assert (out[by.top:by.bottom, by.left:by.right] == np.array(COVER_FILL, dtype=np.uint8)).all()
    grown = by.expanded(0.35, covered.size)
    assert (out[grown.top:grown.bottom, grown.left:grown.right] == np.array(COVER_FILL, dtype=np.uint8)).all()
    ch = two_people.child
    assert np.array_equal(out[ch.top:ch.bottom, ch.left:ch.right], original[ch.top:ch.bottom, ch.left:ch.right])
    assert covered is not photo("two_people.jpg").image


@pytest.mark.parametrize("upsample", [1, 2])
def test_covered_face_is_no_longer_found(two_people, covered, upsample: int) -> None:
    found = detect_in_image(covered, upsample=upsample)
    assert len(found) == 1 and found[0].same_face(two_people.child)


def test_uncovered_faces_reports_strays_and_accepts_the_covered_image(photo, two_people, covered) -> None:
    assert uncovered_faces(covered, [two_people.child]) == []
    stray = uncovered_faces(photo("two_people.jpg").image, [two_people.child], upsamples=(1,))
    assert len(stray) == 1 and near_left(stray[0], BIDEN_LEFT)


def test_cover_margin_yields_to_the_kept_face_but_the_bystander_box_never_does() -> None:
    from PIL import Image

    image = Image.new("RGB", (100, 40), (255, 0, 0))
    child, bystander = Box(10, 10, 40, 30), Box(45, 10, 75, 30)
    out = np.asarray(cover_bystanders(image, [bystander], keep=[child], margin=0.5))
    assert (out[10:30, 10:40] == (255, 0, 0)).all()  # the margin reached the child: not painted
    assert (out[10:30, 40:45] == COVER_FILL).all() and (out[10:30, 45:75] == COVER_FILL).all()
    overlapping = Box(30, 10, 60, 30)  # the bystander's own box overlaps the child's
    out = np.asarray(cover_bystanders(image, [overlapping], keep=[child], margin=0.5))
    assert (out[10:30, 30:60] == COVER_FILL).all()
    assert (out[10:30, 10:30] == (255, 0, 0)).all()


def test_a_generous_manual_box_does_not_shelter_a_neighbour(photo, face_cache: FaceCache) -> None:
    # One box drawn around both heads: one face is the child's, the other is still a bystander.
    result = locate_child(photo("two_people.jpg"), None, Box(200, 0, 1000, 300), cache=face_cache)
    assert len(result.bystanders) == 1
