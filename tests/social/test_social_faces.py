"""Faces on social cards: whole and well placed in every preset; bystanders covered; no face, no card.

Cases here are built in a temporary folder from copies of ../shared/test-photos (real public
figures: used only inside tests, never copied into the repository, never published).
"""
from __future__ import annotations

import numpy as np
import pytest

from posters.case import load_case
from posters.errors import PhotoError
from posters.check.photos import photo_findings
from posters.photos import COVER_FILL, Box, detect_in_image
from posters.public import build_public_release
from posters.social import export_social, load_presets
from posters.social.card import render_card
from posters.social.photos import CardPhotos
from tests.social.conftest import TODAY

PRESETS = load_presets()
OBAMA_IN_GROUP = Box.from_trbl((47, 408, 202, 253))
BIDEN_IN_GROUP = Box.from_trbl((57, 964, 242, 778))


@pytest.fixture(scope="module")
def group_release(photo_case, face_cache):
    """A child whose primary photo is obama.jpg and who also appears in two_people.jpg beside a bystander."""
    path = photo_case("group", [("obama.jpg", "primary", None), ("two_people.jpg", "additional", None)])
    return build_public_release(load_case(path), cache=face_cache)


@pytest.fixture(scope="module")
def cards(group_release, sample_release):
    """Every preset rendered once for the obama case (one child) and the siblings sample (two)."""
    out = {}
    for label, public in (("obama", group_release), ("siblings", sample_release("04-siblings"))):
        photos = CardPhotos(public)
        for preset in PRESETS.values():
            out[(label, preset.name)] = (public, render_card(public, preset, "en", photos=photos,
                                                             watermark=False, today=TODAY))
    return out


@pytest.mark.parametrize("label", ["obama", "siblings"])
@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_shows_the_whole_face_high_in_the_photo_box(cards, label: str, preset: str) -> None:
    public, card = cards[(label, preset)]
    assert card.image.size == PRESETS[preset].size
    assert len(card.photo_boxes) == len(card.crops) == len(public.children())
    for i, (crop, (bl, bt, br, bb)) in enumerate(zip(card.crops, card.photo_boxes)):
        assert 0 <= bl and 0 <= bt and br <= card.image.width and bb <= card.image.height
        cl, ct, cr, cb = crop.box
        sx, sy = (br - bl) / (cr - cl), (bb - bt) / (cb - ct)
        assert sx == pytest.approx(sy, rel=0.01), "the photo is shown distorted or cropped again"
        face = public.primary_photo(i).face
        fl, ft = bl + (face.left - cl) * sx, bt + (face.top - ct) * sy
        fr, fb = bl + (face.right - cl) * sx, bt + (face.bottom - ct) * sy
        assert bl <= fl < fr <= br and bt <= ft < fb <= bb, "the face is cut"
        height = bb - bt
        assert ft - bt >= 0.05 * height, "no head room above the face"
        assert (ft + fb) / 2 - bt <= 0.5 * height, "the face is not in the upper part of the photo"


def test_in_the_group_photo_exactly_the_bystander_is_covered(group_release, photo_case) -> None:
    group = next(p for p in group_release.photos if p.role == "additional")
    original = np.asarray(_original(photo_case, "two_people.jpg"), dtype=np.int16)
    public = np.asarray(group.image(), dtype=np.int16)
    assert group.face.iou(OBAMA_IN_GROUP) > 0.5
    assert len(group.covered) == 1 and group.covered[0].iou(BIDEN_IN_GROUP) > 0.5

    def region(img: np.ndarray, box: Box) -> np.ndarray:
        return img[box.top:box.bottom, box.left:box.right]

    # The bystander's face is an opaque fill; the child's face is untouched (JPEG noise only).
    assert np.abs(region(public, BIDEN_IN_GROUP) - np.array(COVER_FILL)).max() <= 3
    assert np.abs(region(public, OBAMA_IN_GROUP) - region(original, OBAMA_IN_GROUP)).mean() < 3
    found = [b for up in (1, 2) for b in detect_in_image(group.image(), upsample=up)]
    assert any(b.same_face(OBAMA_IN_GROUP) for b in found)
    assert not any(b.same_face(BIDEN_IN_GROUP) for b in found)


def test_a_photo_without_a_face_is_refused_unless_a_face_box_is_given(photo_case, face_cache, tmp_path) -> None:
    no_box = load_case(photo_case("coffee", [("coffee.png", "primary", None)]))
    with pytest.raises(PhotoError, match=r"coffee\.png: no face found in the photo; give the child's face box"):
        build_public_release(no_box, cache=face_cache)
    assert [f.code for f in photo_findings(no_box, cache=face_cache) if f.level == "error"] == ["no-face"]

    box = {"left": 250, "top": 60, "right": 350, "bottom": 160}
    with_box = load_case(photo_case("coffee-box", [("coffee.png", "primary", box)]))
    assert not [f for f in photo_findings(with_box, cache=face_cache) if f.level == "error"]
    files = export_social(build_public_release(with_box, cache=face_cache), tmp_path, presets=["story"],
                          langs=["en"], watermark=False, today=TODAY)
    assert files[0].path.is_file()


def test_check_warns_about_unfit_and_unmatched_photos(photo_case, face_cache) -> None:
    fine = load_case(photo_case("fine", [("obama.jpg", "primary", None), ("two_people.jpg", "additional", None)]))
    assert [f for f in photo_findings(fine, cache=face_cache) if f.level == "error"] == []

    small = load_case(photo_case("small", [("astronaut.png", "primary", None)]))
    assert "photo-low-resolution" in {f.code for f in photo_findings(small, cache=face_cache)}

    # Someone else's face in an additional photo is an error (fail closed), not a warning.
    other = load_case(photo_case("other", [("obama.jpg", "primary", None), ("biden2.jpg", "additional", None)]))
    findings = photo_findings(other, cache=face_cache)
    assert [(f.level, f.path) for f in findings if "does not match the primary photo" in f.message] == [
        ("error", "children[0].photos[1]")]


def _original(photo_case, name: str):
    from PIL import Image

    from tests.social.conftest import TEST_PHOTOS

    with Image.open(TEST_PHOTOS / name) as im:
        return im.convert("RGB")
