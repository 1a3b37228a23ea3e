"""Text in photos: read, covered when the scanner flags it, put before the reviewer otherwise; asserted on pixels."""
from __future__ import annotations

import datetime as dt
import json
import hashlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from posters.case import load_case
from posters.errors import ReleaseRefused
from posters.photos import Box, FaceCache, load_photo
from posters.photos.findings import (CHILD, TEXT_COVERED, TEXT_KEPT, TEXT_TO_DECIDE, PhotoDecisions)
from posters.photos.ocr import read_text
from posters.photos.children import identify_photos
from posters.photos.plan import plan_of, still_reads
from posters.public import build_public_release, case_scanner
from posters.release import approve, publish
from posters.review.casefolder import save_decisions
from posters.review.decisions import DecisionLog
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone.utc)
FLAGGED = "DANA EXAMPLE"  # sample 01's caseworker: a withheld value of the case
PLAIN = "BLUE RIVER SOCCER"  # nothing the scanner knows: the reviewer decides


def _label(image: Image.Image, text: str, xy: tuple[int, int], size: int = 44, angle: int = 0) -> Box:
    """Draw `text` black on a white badge at `xy` (turned by `angle`); returns the badge's box."""
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    badge = Image.new("RGB", (right - left + 24, bottom - top + 24), (255, 255, 255))
    ImageDraw.Draw(badge).text((12 - left, 12 - top), text, fill=(0, 0, 0), font=font)
    if angle:
        badge = badge.rotate(angle, expand=True, fillcolor=(255, 255, 255))
    image.paste(badge, xy)
    return Box(xy[0], xy[1], xy[0] + badge.width, xy[1] + badge.height)


def _case_with(folder: Path, photos: list[tuple[str, Image.Image, str]]) -> Path:
    """Sample 01's data with these photos (file name, image, role) written into a new case folder."""
    (folder / "photos").mkdir(parents=True)
    text = (SAMPLES / "01-standard" / "case.yaml").read_text(encoding="utf-8")
    old = "      - file: photos/ava-2026.jpg\n        taken: 2026-08-01\n        role: primary\n"
    assert old in text, "sample 01's photo entry changed; update this helper"
    entries = ""
    for name, image, role in photos:
        image.save(folder / "photos" / name)
        entries += f"      - file: photos/{name}\n        role: {role}\n"
    (folder / "case.yaml").write_text(text.replace(old, entries), encoding="utf-8")
    return folder / "case.yaml"


def _reads(image: Image.Image, box: Box) -> str:
    """The Latin letters and digits OCR reads in `box` of `image` (with some room around it)."""
    # (The OCR model also reads Chinese, and makes up a stray glyph on a grey edge now and then.)
    crop = image.crop(box.expanded(0.3, image.size).as_ltrb())
    return "".join(c for r in read_text(crop) for c in r.text if c.isascii() and c.isalnum())


@pytest.fixture(scope="module")
def texted(photos_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """obama.jpg with a flagged badge below the face, a plain one, and the flagged one again turned 90 degrees."""
    image = load_photo(photos_dir, "obama.jpg").image.copy()
    boxes = {
        "flagged": _label(image, FLAGGED, (120, 720)),
        "plain": _label(image, PLAIN, (120, 900)),
        "turned": _label(image, FLAGGED, (800, 480), size=36, angle=90),
    }
    case_path = _case_with(tmp_path_factory.mktemp("texted"), [("badge.png", image, "primary")])
    return case_path, image, boxes


def _plan(case_path: Path, cache: FaceCache, decisions: PhotoDecisions = PhotoDecisions()):
    case = load_case(case_path)
    [found] = identify_photos(case, cache).photos
    return plan_of(found, scanner=case_scanner(case), decisions=decisions, cache=cache)


def _decided(case_path: Path, findings: list, action: str):
    """A reviewer's decision log with `action` (keep or cover) on each of these text findings."""
    from posters.review import deciding
    from posters.review.decisions import DecisionLog

    log, case = DecisionLog(), load_case(case_path)
    for f in findings:
        log, _ = deciding.photo_text(case, log, "children[0].photos[0]", f.finding_id, f.box.as_ltrb(), action,
                                     reason="a team name, not a place", reviewer="A. Reviewer", now=NOW)
    return log


def test_every_line_is_read_with_its_box(texted, face_cache: FaceCache) -> None:
    case_path, image, boxes = texted
    plan = _plan(case_path, face_cache)
    texts = [f for f in plan.findings if f.kind == "text"]
    assert {f.text.replace(" ", "") for f in texts} >= {FLAGGED.replace(" ", ""), PLAIN.replace(" ", "")}
    for name in ("flagged", "plain", "turned"):
        assert any(f.box.intersection(boxes[name]) for f in texts), f"the {name} badge was not read"


def test_flagged_text_is_covered_until_ocr_reads_nothing_there(texted, face_cache: FaceCache) -> None:
    case_path, image, boxes = texted
    plan = _plan(case_path, face_cache)
    labels = {name: {f.label for f in plan.findings if f.kind == "text" and f.box.intersection(box)}
              for name, box in boxes.items()}
    assert labels["flagged"] == {TEXT_COVERED} and labels["turned"] == {TEXT_COVERED}
    assert labels["plain"] == {TEXT_TO_DECIDE}
    out = plan.render()
    assert _reads(image, boxes["flagged"]), "the test badge must be legible before covering"
    for name in ("flagged", "turned"):
        assert _reads(out, boxes[name]) == "", f"the {name} badge can still be read"


def test_the_childs_face_pixels_are_untouched(texted, face_cache: FaceCache) -> None:
    case_path, image, _ = texted
    plan = _plan(case_path, face_cache, PhotoDecisions(text={}))
    child = next(f.box for f in plan.findings if f.label == CHILD)
    out = plan.render()
    assert out.crop(child.as_ltrb()).tobytes() == image.crop(child.as_ltrb()).tobytes()


def test_undecided_text_stops_approval_and_a_decision_lets_it_through(texted, face_cache: FaceCache,
                                                                       tmp_path: Path) -> None:
    case_path, image, boxes = texted
    with pytest.raises(ReleaseRefused, match="photo-text-undecided|must keep or cover"):
        approve(case_path, "A. Reviewer", now=NOW)
    public = build_public_release(load_case(case_path), cache=face_cache)
    undecided = [f for _, f in public.undecided]
    assert undecided and all(f.box.intersection(boxes["plain"]) for f in undecided)
    keep, cover = _decided(case_path, undecided, "keep"), _decided(case_path, undecided, "cover")
    kept = build_public_release(load_case(case_path), cache=face_cache, decisions=keep)
    covered = build_public_release(load_case(case_path), cache=face_cache, decisions=cover)
    assert not kept.undecided and not covered.undecided
    # The decision is part of what is approved: keep and cover are two different releases.
    assert len({public.release_hash, kept.release_hash, covered.release_hash}) == 3
    assert {f.label for f in kept.photos[0].findings if f.box.intersection(boxes["plain"])} == {TEXT_KEPT}
    assert PLAIN.split()[0] in _reads(kept.photos[0].image(), boxes["plain"]).upper()
    assert still_reads("BLUERIVER", PLAIN) and not still_reads("店", PLAIN)
    assert _reads(covered.photos[0].image(), boxes["plain"]) == ""
    # Approve with the decisions recorded beside the case, then publish.
    save_decisions(case_path.parent, cover)
    approval = approve(case_path, "B. Approver", now=NOW)
    assert approval.release_hash == covered.release_hash
    result = publish(case_path, tmp_path / "out", now=NOW)
    assert result.release_hash == covered.release_hash
    snapshot = approval.snapshot_path.read_text(encoding="utf-8")
    assert undecided[0].finding_id in snapshot and "covered text" in snapshot
    # Without the decisions it is a different release, which was never approved.
    save_decisions(case_path.parent, DecisionLog())
    with pytest.raises(ReleaseRefused):
        publish(case_path, tmp_path / "out2", now=NOW)


def test_text_analysis_is_cached_by_photo_hash_in_a_private_folder(texted, tmp_path: Path) -> None:
    case_path, _, _ = texted
    cache = FaceCache(tmp_path / "cache")
    photo = load_photo(case_path.parent, "photos/badge.png")
    first = cache.texts(photo)
    assert cache.analyses == 1
    again = FaceCache(tmp_path / "cache")
    assert again.texts(photo) == first and again.analyses == 0
    files = list((tmp_path / "cache").glob(f"{photo.sha256}-text-*.json"))
    assert files and all(f.stat().st_mode & 0o077 == 0 for f in files)
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0
    assert hashlib.sha256((case_path.parent / "photos/badge.png").read_bytes()).hexdigest() == photo.sha256


def test_the_reviewer_sees_every_finding_outlined_and_labelled(texted, face_cache: FaceCache) -> None:
    from posters.photos.annotate import COLOURS, review_photos
    from posters.review.diff import diff_html, diff_json

    case_path, image, boxes = texted
    case = load_case(case_path)
    public = build_public_release(case, cache=face_cache)
    [shown] = review_photos(public, case)
    data = shown.to_json()
    labels = {f["label"] for f in data["findings"]}
    assert {CHILD, TEXT_COVERED, TEXT_TO_DECIDE} <= labels and data["undecided"] >= 1
    # Each finding is outlined in its colour, and the text to decide is shown so it can be judged.
    for f in shown.findings:
        assert shown.image.getpixel((f.box.left - 1, (f.box.top + f.box.bottom) // 2)) == COLOURS[f.label]
    assert PLAIN.split()[0] in _reads(shown.image, boxes["plain"]).upper()
    assert _reads(public.photos[0].image(), boxes["plain"]) == ""  # ... but covered in the public pixels
    page = diff_html(public, case)
    assert "data:image/jpeg;base64," in page and "text to decide" in page and "img-src data:" in page
    assert diff_json(public)["photos"][0]["undecided"] == data["undecided"]


def test_decisions_from_the_review_log_become_photo_decisions() -> None:
    from types import SimpleNamespace as NS

    from posters.photos.findings import photo_decisions_from

    box = NS(as_ltrb=lambda: (1, 2, 30, 40))
    log = NS(active=lambda: (NS(kind="photo_text", photo="children[0].photos[0]", region="text-abc", action="keep"),
                             NS(kind="face_cover", photo="children[0].photos[1]", box=box, reason="mirror"),
                             NS(kind="restore", path="children[0].clothing")))
    got = photo_decisions_from(log)
    assert got.text == {"text-abc": "keep"}
    assert got.covers_of("children[0].photos[1]")[0].box == Box(1, 2, 30, 40)
    assert photo_decisions_from(None) == PhotoDecisions()


@pytest.mark.parametrize("angle", [0, 20, 45, 90, 180, 270])
def test_text_is_read_at_any_turn(photos_dir: Path, angle: int) -> None:
    image = load_photo(photos_dir, "obama.jpg").image.copy()
    box = _label(image, FLAGGED, (100, 650), size=40, angle=angle)
    read = [r for r in read_text(image) if r.box.intersection(box)]
    assert [r.text for r in read] == [FLAGGED]


def test_posters_review_records_photo_decisions(texted, capsys) -> None:
    from posters.cli import main

    case_path, _, boxes = texted
    save_decisions(case_path.parent, DecisionLog())

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["review", str(case_path.parent), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    assert main(["redact", str(case_path.parent), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [undecided] = [f for f in data["photos"][0]["findings"] if f["label"] == TEXT_TO_DECIDE]
    code, out, _ = run("--keep-text", undecided["id"], "--reason", "a team name", "--reviewer", "A. Reviewer")
    assert code == 0 and "photo_text" in out
    code, out, _ = run("--cover-face", "children[0].photos[0]:600,800,900,1100", "--reason", "a face in the mirror",
                       "--reviewer", "A. Reviewer")
    assert code == 0 and "face_cover" in out
    public = build_public_release(load_case(case_path))
    labels = {f.label for f in public.photos[0].findings}
    assert TEXT_KEPT in labels and "covered by reviewer" in labels and not public.undecided
    code, _, err = run("--cover-text", "text-nothing-like-this", "--reason", "x", "--reviewer", "A. Reviewer")
    assert code != 0 and "posters redact CASE --json" in err
    save_decisions(case_path.parent, DecisionLog())
