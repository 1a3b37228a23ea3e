"""Approve and publish apply the same photo rules: whatever approve accepts, publish publishes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posters.case import load_case
from posters.photos import load_photo
from posters.public import build_public_release
from posters.release import approve, publish
from tests.conftest import SAMPLES, need_shared

pytestmark = pytest.mark.slow

NOW = None  # the real time: every sample's consent times lie in the past
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "case.yaml").is_file())


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_that_approve_accepts_publishes(name: str, tmp_path: Path) -> None:
    case = tmp_path / name
    shutil.copytree(SAMPLES / name, case)
    approval = approve(case / "case.yaml", "Sample Reviewer", now=NOW)
    result = publish(case / "case.yaml", tmp_path / "out", now=NOW)
    assert result.release_hash == approval.release_hash
    assert {"poster-pdf", "poster-png"} <= {f.kind for f in result.files}


def test_a_withheld_value_in_a_photo_file_name_costs_nothing(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "01-standard", case)
    secret = "okafor-family-home-dana-example.jpg"  # the placement and the caseworker, both withheld
    (case / "photos" / "ava-2026.jpg").rename(case / "photos" / secret)
    yaml_path = case / "case.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("photos/ava-2026.jpg", f"photos/{secret}"),
                         encoding="utf-8")
    public = build_public_release(load_case(yaml_path))
    assert len(public.photos) == 1 and public.photos[0].asset_name == "child1-photo1.jpg"
    approve(yaml_path, "Sample Reviewer", now=NOW)
    result = publish(yaml_path, tmp_path / "out", now=NOW)  # the leak scan of every artifact passes
    names = [p.name for p in (tmp_path / "out").rglob("*")]
    assert result.files and not any("okafor" in n.lower() or "dana" in n.lower() for n in names)


def test_two_faces_in_the_primary_are_told_apart_by_a_single_face_additional_photo(tmp_path: Path) -> None:
    shared = need_shared()
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "01-standard", case)
    for name in ("two_people.jpg", "obama2.jpg"):
        shutil.copyfile(shared / name, case / "photos" / name)
    yaml_path = case / "case.yaml"
    old = "      - file: photos/ava-2026.jpg\n        taken: 2026-08-01\n        role: primary\n"
    new = ("      - file: photos/two_people.jpg\n        role: primary\n"
           "      - file: photos/obama2.jpg\n        role: additional\n")
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    public = build_public_release(load_case(yaml_path))
    primary = public.primary_photo(0)
    assert primary is not None and primary.face.left < 500  # Obama, the left face (README: left about 253)
    assert len([f for f in primary.findings if f.label == "covered bystander"]) == 1
    approve(yaml_path, "Sample Reviewer", now=NOW)
    assert publish(yaml_path, tmp_path / "out", now=NOW).files
    covered = primary.image()
    biden = next(f.box for f in primary.findings if f.label == "covered bystander")
    assert covered.crop(biden.as_ltrb()).getcolors() is not None  # a few flat colours: the grey box
    assert load_photo(case, "photos/two_people.jpg").size == primary.size
