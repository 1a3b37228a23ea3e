"""Scanner: the case's own withheld values are caught in any spelling."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from redaction import Policy, Scanner, build_scanner, mask


@pytest.mark.parametrize("text, term", [
    ("She ran from Sunrise House.", "Sunrise House"),
    ("She ran from SUNRISE-HOUSE.", "Sunrise House"),
    ("She ran from sunrisehouse.", "Sunrise House"),
    ("She ran from S u n r i s e House.", "Sunrise House"),
    ("She ran from Sunrise Houses.", "Sunrise House"),
    ("Call 217-555-0142.", "217-555-0142"),
    ("Call (217) 555 0142.", "217-555-0142"),
    ("Call 2175550142.", "217-555-0142"),
    ("Call +1 217 555 0142.", "217-555-0142"),
    ("Call +12175550142.", "217-555-0142"),
    ("Write to dana@example.org.", "dana@example.org"),
    ("Write to dana at example dot org.", "dana@example.org"),
    ("Ask Dana Example.", "Dana Example"),
    ("Seen at 1420 North Oak Street.", "1420 N Oak St"),
    ("Seen at 1420 N. Oak St.", "1420 N Oak St"),
    ("Seen at 1420 N Oak St, Springfield, IL.", "1420 N Oak St, Springfield, IL"),
    ("Custody: Example County Children's Services.", "Example County Children's Services"),
    ("Prepared by J. Rivera.", "J. Rivera"),
    ("Case MFC-2026-0142.", "MFC-2026-0142"),
])
def test_case_values_are_found(scanner: Scanner, text: str, term: str) -> None:
    found = {h.term for h in scanner.find(text) if h.source == "case-value"}
    assert any(t.startswith(term) or term.startswith(t) for t in found), found


def test_hit_spans_index_the_original_text(scanner: Scanner) -> None:
    text = "Last seen leaving Ｓｕｎｒｉｓｅ\u200b House at noon."
    hits = [h for h in scanner.find(text) if h.term == "Sunrise House"]
    assert hits and text[hits[0].span[0]:hits[0].span[1]] == "Ｓｕｎｒｉｓｅ\u200b House"
    assert hits[0].reason == "CONF-LOCATION"
    assert hits[0].rule_id == "VALUE:sensitive.foster_care.placement_name"


def test_values_in_other_sensitive_fields_feed_the_scanner(
        make_case: Callable[..., dict[str, Any]], policy: Policy) -> None:
    case = make_case(sensitive__medical__conditions=["Kallmann syndrome"],
                     sensitive__medical__notes="Needs a daily pill. Sees Dr. Okafor weekly.",
                     sensitive__trafficking_indicators=["Met Jaylen Cross online"],
                     sensitive__other=["Brother in Joliet prison"])
    s = build_scanner(case, policy)
    assert {h.reason for h in s.find("She has Kallmann syndrome.")} == {"CONF-MEDICAL"}
    assert s.find("She sees Dr. Okafor weekly.")
    assert {h.reason for h in s.find("She met Jaylen Cross online.")} == {"CONF-TRAFFICKING"}
    assert s.find("Her brother in Joliet prison wrote.")


def test_flags_and_enums_are_not_terms(scanner: Scanner) -> None:
    # in_care: true and autism_spectrum: false must not make "true"/"false" confidential.
    assert scanner.find("It is true that she is not false.") == []


def test_innocent_text_has_no_hits(scanner: Scanner) -> None:
    text = ("She loves soccer. She was last seen near the library wearing a red coat. "
            "She was last seen at the Main Street bus station in Springfield, IL. "
            "Call the Springfield Police Department at 217-555-0100.")
    assert scanner.find(text) == []


@pytest.mark.parametrize("term, shown", [
    ("Sunrise House", "S*** (13 chars)"),
    ("217-555-0142", "2*** (12 chars)"),
    ("", "*** (0 chars)"),
])
def test_mask_shows_only_first_letter_and_length(term: str, shown: str) -> None:
    assert mask(term) == shown


@pytest.mark.parametrize("text", [
    '{"bytes": 554, "width": 1080}',  # read as "ssa" (an agency acronym) before numbers kept their digits
    "Published 554 files, 3,554 bytes.",
])
def test_a_number_is_never_read_as_a_word(scanner: Scanner, text: str) -> None:
    assert [h.term for h in scanner.find(text) if h.source != "case-value"] == []


@pytest.mark.parametrize("text", ["in f 0 s t e r care", "in f0ster care", "in fo5ter care", "in f.0.s.t.e.r c.4.r.e"])
def test_single_digits_in_a_word_still_fold(scanner: Scanner, text: str) -> None:
    assert any(h.reason == "CONF-CARE" for h in scanner.find(text)), text
