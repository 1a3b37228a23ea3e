"""Normalization: every disguise of a word folds to the same skeleton, with spans back."""
from __future__ import annotations

import pytest

from redaction import analyze, normalize

SAME_AS_GROUP_HOME = [
    "group home",
    "GROUP HOME",            # all caps
    "group-home",            # hyphen
    "grouphome",             # run together
    "g r o u p home",        # spaced out
    "G.R.O.U.P H-O-M-E",     # punctuation between letters
    "ｇｒｏｕｐ ｈｏｍｅ",      # fullwidth (NFKC)
    "gro\u200bup\u00adhome",  # zero-width space and soft hyphen
    "gro\u202eup home",      # bidi control
    "grоup hоme",            # Cyrillic о
    "grουp home",            # Greek ο and υ
    "gr0up h0m3",            # leetspeak
    "group&nbsp;home",       # HTML entity
    "group&amp;nbsp;home",   # entity inside an entity
    "group\u00a0home",       # non-breaking space
    "gróup hòme",            # combining accents
    "gro<b>up</b> home",     # markup
]


@pytest.mark.parametrize("text", SAME_AS_GROUP_HOME)
def test_disguises_fold_to_one_skeleton(text: str) -> None:
    assert normalize(text) == normalize("group home")


@pytest.mark.parametrize("a, b", [
    ("217-555-0142", "(217) 555 0142"),
    ("217-555-0142", "2175550142"),
    ("f0ster", "foster"),
    ("$ocial w0rker", "social worker"),
    ("c@seworker", "caseworker"),
    ("p1acement", "placement"),   # '1' stands for 'l' too
    ("tr4ff1ck3d", "trafficked"),
    ("ﬁne", "fine"),              # ligature
])
def test_equivalent_spellings(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_skeleton_has_no_separators() -> None:
    assert normalize("Hi, there!  ") .isalnum()
    assert normalize("") == ""
    assert normalize("... --- ...") == ""


def test_spans_point_back_into_the_original() -> None:
    text = "Seen at the Ｓｕｎｒｉｓｅ&nbsp;House today"
    norm = analyze(text)
    start = norm.skeleton.index(normalize("Sunrise House"))
    span = norm.span_of_skeleton(start, start + len(normalize("Sunrise House")))
    assert text[span[0]:span[1]] == "Ｓｕｎｒｉｓｅ&nbsp;House"


def test_word_starts_respect_separators_and_invisible_breaks() -> None:
    norm = analyze("legal gal")
    assert [i for i in range(len(norm.skeleton)) if norm.starts_word(i)] == [0, 5]
    zw = analyze("bus\u200bSunrise")  # a zero-width space still separates words
    assert zw.starts_word(3)


def test_digit_runs_join_phone_punctuation_only() -> None:
    assert "2175550142" in analyze("call +1 (217) 555-0142 now").digits
    assert "2175550142" not in analyze("217 apples 555 0142").digits

