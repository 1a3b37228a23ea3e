"""Sentence splitting keeps abbreviations together and reports spans."""
from __future__ import annotations

import pytest

from redaction.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    ("Seen at 1420 N. Oak St. in town. Then left.", ["Seen at 1420 N. Oak St. in town.", "Then left."]),
    ("Prepared by J. Rivera today.", ["Prepared by J. Rivera today."]),
    ("Line one\nLine two", ["Line one", "Line two"]),
    ("About 5 ft. tall. Brown hair.", ["About 5 ft. tall.", "Brown hair."]),
    ("Left at 9 p.m. She ran.", ["Left at 9 p.m.", "She ran."]),
    ("  \n ", []),
    ("¿Dónde está? Nadie sabe.", ["¿Dónde está?", "Nadie sabe."]),
])
def test_split(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected
