"""Fixtures of the social exporter tests: public releases of the samples and of cases made from the shared photos.

Expensive things (face detection, rendering) happen once per session or module. Cases built
from ../shared/test-photos live in a temporary folder holding copies made at test time.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
import pytest
import yaml

from posters.case import load_case
from posters.photos import FaceCache
from posters.public import PublicRelease, build_public_release

from tests.conftest import SAMPLES, TEST_PHOTOS, need_shared  # noqa: F401  (TEST_PHOTOS re-exported)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def sample_release(face_cache: FaceCache):
    """The public release of a sample case (cached per name)."""
    made: dict[str, PublicRelease] = {}

    def get(name: str) -> PublicRelease:
        if name not in made:
            made[name] = build_public_release(load_case(SAMPLES / name), cache=face_cache)
        return made[name]

    return get


@pytest.fixture(scope="session")
def photo_case(tmp_path_factory: pytest.TempPathFactory):
    """Write a one-child case (sample 01's data) whose photos are copies of shared test photos.

    photos: list of (file name, role, face box or None).
    """
    def make(tag: str, photos: list[tuple[str, str, dict[str, int] | None]]) -> Path:
        source = need_shared()
        folder = tmp_path_factory.mktemp(f"case-{tag}")
        (folder / "photos").mkdir()
        text = (SAMPLES / "01-standard" / "case.yaml").read_text(encoding="utf-8")
        old = "      - file: photos/ava-2026.jpg\n        taken: 2026-08-01\n        role: primary\n"
        assert old in text, "sample 01's photo entry changed; update this fixture"
        entries = ""
        for name, role, face in photos:
            shutil.copyfile(source / name, folder / "photos" / name)
            entries += f"      - file: photos/{name}\n        role: {role}\n"
            if face:
                entries += f"        face: {yaml.safe_dump(face, default_flow_style=True).strip()}\n"
        (folder / "case.yaml").write_text(text.replace(old, entries), encoding="utf-8")
        return folder / "case.yaml"

    return make
