"""Shared fixtures: the public test photos beside the project, loaded and detected once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from posters.photos import LoadedPhoto, load_photo
from tests.conftest import PEER_DATA, TEST_PHOTOS, need_shared  # noqa: F401  (TEST_PHOTOS re-exported)


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    return need_shared()


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
