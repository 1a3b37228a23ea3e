"""Rendered sample posters, built once per test session (a render costs about a second)."""
from __future__ import annotations

import datetime as dt

import pytest

from posters.case import load_case
from posters.public import build_public_release
from tests.conftest import SAMPLES

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session")
def release_of():
    cache = {}

    def get(sample: str):
        if sample not in cache:
            cache[sample] = build_public_release(load_case(SAMPLES / sample))
        return cache[sample]
    return get


@pytest.fixture(scope="session")
def poster_of(release_of):
    from posters.render.poster import render_poster

    cache = {}

    def get(sample: str, lang: str | None = None, paper: str = "letter", watermark: bool = True):
        key = (sample, lang, paper, watermark)
        if key not in cache:
            cache[key] = render_poster(release_of(sample), lang=lang, paper=paper, watermark=watermark, today=TODAY)
        return cache[key]
    return get
