"""Shared fixtures: a case as plain data, like model_dump(mode="json") gives it."""
from __future__ import annotations

import copy
from typing import Any, Callable

import pytest

import redaction

CASE: dict[str, Any] = {
    "schema": "posters/case-v1",
    "case": {
        "id": "MFC-2026-0142", "ncmec_number": "NCMC2041234", "case_type": "endangered_runaway",
        "status": "active", "prepared_by": "J. Rivera", "language": "en", "public_url": None,
        "learned_missing_at": "2026-11-02T08:10:00-06:00",
        "reported": {"law_enforcement_at": "2026-11-02T09:30:00-06:00",
                     "ncic_entered_at": "2026-11-02T10:45:00-06:00",
                     "ncmec_at": "2026-11-02T13:00:00-06:00"},
    },
    "children": [{
        "first_name": "Ava", "middle_name": "Grace", "last_name": "Sample", "nicknames": ["Avie"],
        "date_of_birth": "2010-05-14", "sex": "female", "race": "White",
        "height": {"feet": 5, "inches": 4, "cm": None}, "weight": {"lb": 120, "kg": None},
        "hair": "Brown", "eyes": "Green", "distinguishing_marks": ["Scar above left eyebrow"],
        "clothing": "Red hooded sweatshirt, black jeans",
        "photos": [
            {"file": "photos/ava-2026.jpg", "taken": "2026-08-01", "role": "primary",
             "age_progressed_to": None, "face": {"left": 10, "top": 12, "right": 90, "bottom": 110}},
            {"file": "photos/ava-age-17.jpg", "taken": None, "role": "age_progressed",
             "age_progressed_to": 17, "face": None},
        ],
    }],
    "missing": {
        "date": "2026-11-01", "city": "Springfield", "state": "IL", "country": "US",
        # The internal narrative (never published) and the text written for the public.
        "circumstances": "Ava left Sunrise House after curfew; her caseworker reported her at 9 p.m.\n",
        "public_circumstances": "Ava was last seen near the bus station on Main Street.\n",
    },
    "contacts": {
        "law_enforcement": {"agency": "Springfield Police Department", "phone": "217-555-0100",
                            "report_number": "26-001234"},
        "guardian": {"name": "Dana Example", "relationship": "caseworker",
                     "phone": "217-555-0142", "email": "dana@example.org"},
    },
    "sensitive": {
        "foster_care": {
            "in_care": True, "custody_agency": "Example County Children's Services",
            "placement_type": "group_home", "placement_name": "Sunrise House",
            "placement_address": "1420 N Oak St, Springfield, IL",
            "caseworker": {"name": "Dana Example", "phone": "217-555-0142", "email": "dana@example.org"},
        },
        "trafficking_indicators": [],
        "medical": {"conditions": [], "medications": [], "autism_spectrum": False, "notes": None},
        "other": [],
    },
    "consent": {"guardian_consulted_at": "2026-11-02T15:00:00-06:00",
                "law_enforcement_consulted_at": "2026-11-02T15:20:00-06:00"},
}


def _make_case(**changes: Any) -> dict[str, Any]:
    """A fresh copy of CASE; keys like missing__city="x" set nested values."""
    case = copy.deepcopy(CASE)
    for key, value in changes.items():
        node = case
        parts = key.split("__")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        node[parts[-1]] = value
    return case


def _as_case(public: dict[str, Any]) -> dict[str, Any]:
    """A release's public data as a case again (the public narrative keeps its own key)."""
    return copy.deepcopy(public)


@pytest.fixture(scope="session")
def as_case() -> Callable[[dict[str, Any]], dict[str, Any]]:
    return _as_case


@pytest.fixture(scope="session")
def make_case() -> Callable[..., dict[str, Any]]:
    return _make_case


@pytest.fixture(scope="session")
def policy() -> redaction.Policy:
    return redaction.load_policy()


@pytest.fixture(scope="session")
def scanner(policy: redaction.Policy) -> redaction.Scanner:
    return redaction.build_scanner(CASE, policy)
