"""The second face detector (CenterFace) on the shared photos and their rotations, merged with HOG; drawn covers."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from posters.photos import Box, FaceCache, LoadedPhoto, cover_bystanders, load_photo, locate_child
from posters.photos.detectors import detect_centerface
from posters.photos.faces import detect_in_image
from posters.photos.findings import CHILD, REVIEWER_COVER, PhotoDecisions, ReviewerCover
from posters.photos.identify import faces_in
from posters.photos.children import identify_photos
from posters.photos.plan import plan_of
from posters.public import case_scanner
from posters.case import load_case
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

ONE_FACE = ["obama.jpg", "obama2.jpg", "biden2.jpg", "astronaut.png", "obama_exif_rotated.jpg"]


def _turned(photo: LoadedPhoto, angle: int, tag: str = "") -> LoadedPhoto:
    image = photo.image.rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
    return LoadedPhoto(rel=f"{photo.rel}@{angle}{tag}", sha256=f"{photo.sha256}-turned-{angle}{tag}",
                       image=image, size=image.size, source_format="PNG")


@pytest.mark.parametrize("name", ONE_FACE)
@pytest.mark.parametrize("angle", [0, 30, 45, 90, 270, 330])
def test_one_face_found_at_every_turn_up_to_90_degrees(photo, name: str, angle: int) -> None:
    turned = photo(name).image.rotate(angle, expand=True)
    assert len(detect_centerface(turned)) == 1


@pytest.mark.parametrize("name", ["coffee.png", "chelsea.png"])
@pytest.mark.parametrize("angle", [0, 90])
def test_no_face_in_coffee_or_cat(photo, name: str, angle: int) -> None:
    assert detect_centerface(photo(name).image.rotate(angle, expand=True)) == []


def test_the_mission_patch_is_not_a_face_to_centerface(photo) -> None:
    found = detect_centerface(photo("astronaut.png").image)
    assert len(found) == 1 and found[0].box.same_face(Box(175, 76, 265, 166))


def test_a_face_turned_90_degrees_hog_misses_is_still_covered(photo, face_cache: FaceCache) -> None:
    # Biden turned on his side beside an upright Obama: HOG finds only Obama.
    left = photo("obama.jpg").image.resize((455, 568))
    right = photo("biden2.jpg").image.resize((500, 500)).rotate(90)
    canvas = Image.new("RGB", (1000, 600), (200, 200, 200))
    canvas.paste(left, (0, 0))
    canvas.paste(right, (490, 50))
    group = LoadedPhoto("group.png", "group-turned-test", canvas, canvas.size, "PNG")
    assert len(detect_in_image(canvas, upsample=1)) == 1, "HOG was expected to miss the turned face"
    obama = face_cache.faces(photo("obama.jpg"), 1)[0].encoding
    found = locate_child(group, obama, None, cache=face_cache)
    assert found.child.right <= 490 and len(found.bystanders) == 1
    covered = cover_bystanders(canvas, found.bystanders, keep=[found.child])
    bystander = found.bystanders[0]
    # Not found at the covered place by either detector, and the child's face untouched.
    assert not any(d.box.same_face(bystander) for d in detect_centerface(covered))
    assert covered.crop(found.child.as_ltrb()).tobytes() == canvas.crop(found.child.as_ltrb()).tobytes()


def test_a_small_face_hog_misses_is_found(photo, face_cache: FaceCache) -> None:
    small = photo("obama.jpg").image.resize((60, 75))  # face about 18 px wide
    canvas = Image.new("RGB", (1000, 1250), (120, 140, 160))
    canvas.paste(small, (700, 900))
    loaded = LoadedPhoto("small.png", "small-face-test", canvas, canvas.size, "PNG")
    assert any(f.box.intersection(Box(700, 900, 760, 975)) for f in faces_in(loaded, face_cache))


def test_a_reviewer_draws_a_cover(photos_dir: Path, tmp_path: Path, face_cache: FaceCache) -> None:
    folder = tmp_path / "case"
    (folder / "photos").mkdir(parents=True)
    load_photo(photos_dir, "obama.jpg").image.save(folder / "photos" / "p.png")
    text = (SAMPLES / "01-standard" / "case.yaml").read_text(encoding="utf-8").replace("photos/ava-2026.jpg", "photos/p.png")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    case = load_case(folder / "case.yaml")
    drawn = Box(600, 800, 900, 1100)
    decisions = PhotoDecisions(covers=[ReviewerCover("children[0].photos[0]", drawn, "a face in the mirror")])
    [found] = identify_photos(case, face_cache).photos
    plan = plan_of(found, scanner=case_scanner(case), decisions=decisions, cache=face_cache)
    assert any(f.label == REVIEWER_COVER and f.box == drawn for f in plan.findings)
    out = plan.render()
    assert out.crop(drawn.as_ltrb()).getcolors() == [(drawn.area, (128, 128, 128))]
    child = next(f.box for f in plan.findings if f.label == CHILD)
    assert out.crop(child.as_ltrb()).tobytes() == plan.photo.image.crop(child.as_ltrb()).tobytes()


def test_threads_asking_for_the_same_analysis_run_it_once(photo) -> None:
    """The read-ahead threads and the caller share one FaceCache: each analysis runs once, the others wait."""
    from concurrent.futures import ThreadPoolExecutor

    cache, obama = FaceCache(None), photo("obama.jpg")
    with ThreadPoolExecutor(max_workers=3) as pool:
        found = list(pool.map(lambda _: cache.centerface(obama), range(3)))
        faces = list(pool.map(lambda _: cache.faces(obama, 1), range(3)))
    assert cache.analyses == 1 and found[0] == found[1] == found[2] and len(found[0]) == 1
    assert cache.detections == 1 and len({id(f[0]) for f in faces}) == 1
