"""Text and faces in a companion's (an abductor's) photo are decided like a child's: keep, cover, drawn cover.

Sample 06's abductor photo gets a line of text drawn with Pillow that the scanner does not
flag, so only a reviewer can decide it: approval waits for that decision, the decision is in
the release hash and the audit log, and it is asserted on the published pixels with OCR.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from posters.case import load_case
from posters.errors import ReleaseRefused, ReviewError
from posters.photos import Box
from posters.photos.findings import REVIEWER_COVER, TEXT_COVERED, TEXT_KEPT, TEXT_TO_DECIDE
from posters.photos.ocr import read_text
from posters.public import build_public_release
from posters.release import approve, publish
from posters.release.audit import log_path, read_entries
from posters.review import deciding
from posters.review.casefolder import load_decisions, save_decisions
from posters.review.decisions import DecisionLog
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PLAIN = "BLUE RIVER SOCCER"  # nothing the scanner knows: only a reviewer can decide it
COMPANION = "companions[0].photos[0]"


def _badge(image: Image.Image, text: str, xy: tuple[int, int], size: int = 28) -> Box:
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    badge = Image.new("RGB", (right - left + 20, bottom - top + 20), (255, 255, 255))
    ImageDraw.Draw(badge).text((10 - left, 10 - top), text, fill=(0, 0, 0), font=font)
    image.paste(badge, xy)
    return Box(xy[0], xy[1], xy[0] + badge.width, xy[1] + badge.height)


@pytest.fixture(scope="module")
def abductor_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Box]:
    """Sample 06 with a line of text below the abductor's face (his face is at about 167-322 x 150-305)."""
    folder = tmp_path_factory.mktemp("companion") / "case"
    shutil.copytree(SAMPLES / "06-family-abduction", folder)
    photo = folder / "photos" / "daniel-2025.jpg"
    image = Image.open(photo).convert("RGB")
    box = _badge(image, PLAIN, (30, 440))
    image.save(photo, quality=95)
    return folder / "case.yaml", box


def _reads(image: Image.Image, box: Box) -> str:
    """The Latin letters OCR reads in `box` of `image`, with room around it."""
    crop = image.crop(box.expanded(0.3, image.size).as_ltrb())
    return "".join(c for r in read_text(crop) for c in r.text if c.isascii() and c.isalnum()).upper()


def _companion_photo(public):
    [photo] = [p for p in public.photos if p.companion]
    return photo


def _cli(capsys, case_path: Path, *argv: str) -> tuple[int, str, str]:
    from posters.cli import main

    code = main(["review", str(case_path.parent), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_in_a_companion_photo_waits_for_a_reviewer_then_cover_publishes(abductor_case, tmp_path: Path,
                                                                           face_cache, capsys) -> None:
    case_path, box = abductor_case
    save_decisions(case_path.parent, DecisionLog())
    with pytest.raises(ReleaseRefused, match=r"companions\[0\]\.photos\[0\].*must keep or cover"):
        approve(case_path, "B. Approver")
    before = build_public_release(load_case(case_path), cache=face_cache)
    photo = _companion_photo(before)
    assert photo.path == COMPANION
    [undecided] = [f for f in photo.findings if f.label == TEXT_TO_DECIDE]
    assert undecided.box.intersection(box) and undecided.text.replace(" ", "") == PLAIN.replace(" ", "")
    assert _reads(photo.image(), box) == ""  # undecided text is covered in the pixels meanwhile

    code, out, err = _cli(capsys, case_path, "--cover-text", undecided.finding_id, "--reason", "a team name",
                          "--reviewer", "A. Reviewer")
    assert code == 0, err
    [decision] = load_decisions(case_path.parent).active()
    assert (decision.kind, decision.photo, decision.action) == ("photo_text", COMPANION, "cover")
    [entry] = [e for e in read_entries(log_path(case_path.parent)) if e.action == "review"]
    assert entry.details["decision"]["photo"] == COMPANION

    approval = approve(case_path, "B. Approver")
    result = publish(case_path, tmp_path / "out")
    assert result.release_hash == approval.release_hash != before.release_hash
    assert undecided.finding_id in approval.snapshot_path.read_text(encoding="utf-8")
    published = _companion_photo(build_public_release(load_case(case_path), cache=face_cache))
    assert {f.label for f in published.findings if f.kind == "text"} == {TEXT_COVERED}
    assert _reads(published.image(), box) == ""


def test_kept_text_in_a_companion_photo_stays_and_is_a_different_release(abductor_case, face_cache) -> None:
    case_path, box = abductor_case
    case = load_case(case_path)
    public = build_public_release(case, cache=face_cache, decisions=DecisionLog())
    [undecided] = [f for f in _companion_photo(public).findings if f.label == TEXT_TO_DECIDE]
    keep, _ = deciding.photo_text(case, DecisionLog(), COMPANION, undecided.finding_id, undecided.box.as_ltrb(),
                                  "keep", reason="a team name, harmless", reviewer="A. Reviewer")
    cover, _ = deciding.photo_text(case, DecisionLog(), COMPANION, undecided.finding_id, undecided.box.as_ltrb(),
                                   "cover", reason="a team name", reviewer="A. Reviewer")
    kept = build_public_release(case, cache=face_cache, decisions=keep)
    covered = build_public_release(case, cache=face_cache, decisions=cover)
    assert not kept.undecided and not covered.undecided
    assert len({public.release_hash, kept.release_hash, covered.release_hash}) == 3
    photo = _companion_photo(kept)
    assert {f.label for f in photo.findings if f.kind == "text"} == {TEXT_KEPT}
    assert "BLUERIVER" in _reads(photo.image(), box)


def test_a_cover_drawn_on_a_companion_photo(abductor_case, face_cache, capsys) -> None:
    case_path, _ = abductor_case
    save_decisions(case_path.parent, DecisionLog())
    code, out, err = _cli(capsys, case_path, "--cover-face", f"{COMPANION}:380,40,480,140", "--reason",
                          "a face in the window", "--reviewer", "A. Reviewer")
    assert code == 0, err
    photo = _companion_photo(build_public_release(load_case(case_path), cache=face_cache))
    drawn = Box(380, 40, 480, 140)
    assert any(f.label == REVIEWER_COVER and f.box == drawn for f in photo.findings)
    low, high = photo.image().crop((390, 50, 470, 130)).convert("L").getextrema()
    assert 120 <= low and high <= 136  # the grey cover (128), give or take the JPEG
    code, _, err = _cli(capsys, case_path, "--cover-face", "companions[1].photos[0]:1,1,9,9", "--reason", "x",
                        "--reviewer", "A. Reviewer")
    assert code != 0 and "companions[0].photos[0]" in err and "children[0].photos[0]" in err
    save_decisions(case_path.parent, DecisionLog())


def test_decisions_name_only_photos_the_case_has(abductor_case) -> None:
    case = load_case(abductor_case[0])
    for bad in ("companions[1].photos[0]", "companions[0].photos[1]", "companion[0].photos[0]"):
        with pytest.raises(ReviewError, match="has no photo"):
            deciding.face_cover(case, DecisionLog(), bad, (1, 1, 9, 9), reason="x", reviewer="A. Reviewer")
    log, d = deciding.face_cover(case, DecisionLog(), COMPANION, (1, 1, 9, 9), reason="x", reviewer="A. Reviewer")
    assert json.loads(log.model_dump_json(by_alias=True))["decisions"][0]["photo"] == COMPANION
