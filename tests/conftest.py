"""Shared fixtures: paths to the repository's samples and to ../shared."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
TEST_PHOTOS = SHARED / "test-photos"
PEER_DATA = SHARED / "peer-data"


@pytest.fixture
def sample_copy(tmp_path: Path):
    """Copy a sample case folder into tmp_path (tests never write into the repository)."""
    def make(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(SAMPLES / name, dest)
        return dest / "case.yaml"
    return make


def need_shared() -> Path:
    """The shared test photos (real public figures: used in place, never copied), or skip with the reason.

    Under CI (CI=true) their absence fails the test: a run that skipped every face test is not a pass.
    """
    if not (TEST_PHOTOS / "README.md").is_file():
        message = f"the shared test photos are absent ({TEST_PHOTOS}); face tests need them"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(message + " (CI=true: set them up, see ../shared/test-photos/README.md)", pytrace=False)
        pytest.skip(message)
    return TEST_PHOTOS


@pytest.fixture(scope="session")
def face_cache():
    """Detections shared by every test of the session, in memory only (nothing written to ~/.cache)."""
    from posters.photos import FaceCache

    return FaceCache(None)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden poster images instead of comparing with them")
