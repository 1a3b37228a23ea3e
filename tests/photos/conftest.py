"""Shared fixtures: the public test photos beside the project, loaded and detected once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from posters.photos import FaceCache, LoadedPhoto, load_photo

# Real public figures: used in place from ../shared, never copied into the project.
TEST_PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "test-photos"
PEER_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "peer-data"


def require_test_photos() -> Path:
    if not (TEST_PHOTOS / "README.md").is_file():
        pytest.skip(f"the shared test photos are not available at {TEST_PHOTOS}")
    return TEST_PHOTOS


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    return require_test_photos()


@pytest.fixture(scope="session")
def face_cache() -> FaceCache:
    # Memory only: detections are shared by every test, nothing is written to ~/.cache.
    return FaceCache(None)


@pytest.fixture(scope="session")
def photo(photos_dir: Path):
    loaded: dict[str, LoadedPhoto] = {}

    def get(name: str) -> LoadedPhoto:
        if name not in loaded:
            loaded[name] = load_photo(photos_dir, name)
        return loaded[name]

    return get


@pytest.fixture(scope="session")
def peer_data() -> Path:
    return PEER_DATA
