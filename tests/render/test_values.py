"""Computed values: ages, measures in both systems, places, shortening at sentence boundaries."""
from __future__ import annotations

import datetime as dt

import pytest

from posters.render.values import age_on, height_text, place_text, shorten, weight_text


@pytest.mark.parametrize("born,day,age", [
    (dt.date(2010, 5, 14), dt.date(2026, 5, 13), 15),  # the day before the birthday
    (dt.date(2010, 5, 14), dt.date(2026, 5, 14), 16),  # on the birthday
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # leap-day birthday in a common year
    (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
])
def test_age(born, day, age):
    assert age_on(born, day) == age


def test_heights_and_weights_in_both_systems():
    assert height_text({"feet": 5, "inches": 4}) == "5'4\" (163 cm)"
    assert height_text({"cm": 142}) == "4'8\" (142 cm)"
    assert height_text({"feet": 4, "inches": 11.7}) == "5'0\" (152 cm)"  # 11.7 in rounds up to a whole foot
    assert weight_text({"lb": 120}) == "120 lb (54 kg)"
    assert weight_text({"kg": 36}) == "79 lb (36 kg)"
    assert height_text(None) is None and weight_text({}) is None


def test_place():
    assert place_text({"city": "Springfield", "state": "IL", "country": "US"}) == "Springfield, IL"
    assert place_text({"city": "Tijuana", "state": "BC", "country": "MX"}) == "Tijuana, BC, MX"
    assert place_text({"state": "IL"}) == "IL"  # a withheld city leaves the state


def test_shorten_keeps_whole_sentences():
    text = "First one here. Second one is longer. Third."
    assert shorten(text, 100) == text
    assert shorten(text, 40) == "First one here. Second one is longer."
    assert shorten(text, 20) == "First one here."
    # When even the first sentence is too long, cut at a word boundary, never mid-word.
    assert shorten("Averyveryverylongword and more words follow here", 30) == "Averyveryverylongword and…"
