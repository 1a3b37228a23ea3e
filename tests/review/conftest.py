"""Fixtures for the reviewer's decisions: the confidential sample copied into tmp_path."""
from __future__ import annotations

import datetime as dt

import pytest

from posters.case import load_case

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
REVIEWER = "T. Okonkwo"
CLOTHING = "Black puffer jacket from the Maple Grove Group Home donation closet"


@pytest.fixture
def confidential(sample_copy):
    """The loaded 05-confidential sample (a copy): its clothing and city are withheld by the scan."""
    return load_case(sample_copy("05-confidential"))


PUBLIC = "He was last seen near the Greyhound station on Fifth Street. He was wearing a black puffer jacket."


@pytest.fixture
def with_public(sample_copy):
    """05-confidential with public circumstances written for the public (two sentences)."""
    path = sample_copy("05-confidential")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  endangerments:", f"  public_circumstances: {PUBLIC}\n  endangerments:", 1),
                    encoding="utf-8")
    return load_case(path)
