"""redact(): only allowlisted data is public, every decision is recorded."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Callable

import pytest

from redaction import Decision, RedactionError, Release, load_policy, redact

MakeCase = Callable[..., dict[str, Any]]


def decision(release: Release, path: str) -> Decision:
    return next(d for d in release.decisions if d.path == path)


def test_public_release_of_the_standard_case(make_case: MakeCase) -> None:
    release = redact(make_case())
    assert release.public == {
        "schema": "posters/case-v1",
        "case": {"ncmec_number": "NCMC2041234", "case_type": "endangered_runaway",
                 "status": "active", "language": "en"},
        "children": [{
            "first_name": "Ava", "middle_name": "Grace", "last_name": "Sample", "nicknames": ["Avie"],
            "date_of_birth": "2010-05-14", "sex": "female", "race": "White",
            "height": {"feet": 5, "inches": 4}, "weight": {"lb": 120}, "hair": "Brown",
            "eyes": "Green", "distinguishing_marks": ["Scar above left eyebrow"],
            "clothing": "Red hooded sweatshirt, black jeans",
            "photos": [
                {"file": "photos/ava-2026.jpg", "taken": "2026-08-01", "role": "primary",
                 "face": {"left": 10, "top": 12, "right": 90, "bottom": 110}},
                {"file": "photos/ava-age-17.jpg", "role": "age_progressed", "age_progressed_to": 17},
            ],
        }],
        "missing": {"date": "2026-11-01", "city": "Springfield", "state": "IL", "country": "US",
                    "public_circumstances": "Ava was last seen near the bus station on Main Street."},
        "contacts": {"law_enforcement": {"agency": "Springfield Police Department",
                                         "phone": "217-555-0100", "report_number": "26-001234"}},
    }
    assert release.policy_version == "ncmec/2026.1"


def test_every_withheld_leaf_has_a_decision(make_case: MakeCase) -> None:
    release = redact(make_case())
    withheld = {d.path: d for d in release.withheld()}
    assert withheld["case.id"].reason == "CONF-INTERNAL"
    assert withheld["contacts.guardian.phone"].reason == "CONF-CONTACT"
    assert withheld["sensitive.foster_care.placement_name"].reason == "CONF-LOCATION"
    assert withheld["sensitive.foster_care.placement_address"].text == "1420 N Oak St, Springfield, IL"
    assert withheld["sensitive.foster_care.in_care"].reason == "CONF-CARE"
    assert withheld["consent.guardian_consulted_at"].rule_id == "W-CONSENT"
    assert all(d.citation for d in release.decisions)


def test_names_are_kept_without_scanning(make_case: MakeCase) -> None:
    case = make_case(children__0__first_name="Casa", children__0__last_name="Foster",
                     children__0__middle_name="Placement")
    child = redact(case).public["children"][0]
    assert (child["first_name"], child["middle_name"], child["last_name"]) == ("Casa", "Placement", "Foster")


@pytest.mark.parametrize("extra_path, value", [
    ("case__priority", "high"),
    ("children__0__photos__0__alt", "Photo taken at Sunrise House"),
    ("missing__weather", "rain"),
    ("children__0__height__meters", 1.6),
])
def test_unlisted_fields_are_withheld(make_case: MakeCase, extra_path: str, value: Any) -> None:
    release = redact(make_case(**{extra_path: value}))
    path = extra_path.replace("__0__", "[0].").replace("__", ".")
    d = decision(release, path)
    assert (d.action, d.rule_id, d.reason) == ("withheld", "UNLISTED", "CONF-INTERNAL")
    assert str(value) not in release.canonical_json()


def test_absent_values_need_no_decision(make_case: MakeCase) -> None:
    release = redact(make_case())
    paths = {d.path for d in release.decisions}
    assert "case.public_url" not in paths and "children[0].height.cm" not in paths
    assert "sensitive.medical.notes" not in paths


def test_internal_narrative_is_withheld_whole_even_without_public_circumstances(
        make_case: MakeCase) -> None:
    # Sentences no lexicon knows ("after dinner") used to be proposed: the narrative now
    # never reaches the public, whole or in part, and is one CONF-INTERNAL decision.
    narrative = ("Ava was last seen near the library. She ran from Sunrise House after dinner.\n"
                 "She is in foster care. She was wearing a red coat.")
    release = redact(make_case(missing__circumstances=narrative, missing__public_circumstances=None))
    assert "public_circumstances" not in release.public["missing"]
    assert "circumstances" not in release.public["missing"]
    assert "library" not in release.canonical_json() and "red coat" not in release.canonical_json()
    about = [d for d in release.decisions if d.path.startswith("missing.circumstances")]
    assert len(about) == 1
    d = about[0]
    assert (d.action, d.rule_id, d.reason, d.text) == (
        "withheld", "W-CIRCUMSTANCES-INTERNAL", "CONF-INTERNAL", narrative)


def test_public_circumstances_are_checked_sentence_by_sentence(make_case: MakeCase) -> None:
    case = make_case(missing__public_circumstances=(
        "Ava was last seen near the library. She ran from Sunrise House after dinner.\n"
        "She is in foster care. She was wearing a red coat."))
    release = redact(case)
    assert release.public["missing"]["public_circumstances"] == (
        "Ava was last seen near the library. She was wearing a red coat.")
    d2 = decision(release, "missing.public_circumstances#2")
    d3 = decision(release, "missing.public_circumstances#3")
    assert (d2.action, d2.reason, d2.matched) == ("sentence_dropped", "CONF-LOCATION", "Sunrise House")
    assert d2.text == "She ran from Sunrise House after dinner."
    assert (d3.action, d3.reason) == ("sentence_dropped", "CONF-CARE")
    assert decision(release, "missing.public_circumstances#1").action == "kept"


def test_public_circumstances_replace_the_internal_narrative(make_case: MakeCase) -> None:
    case = make_case(missing__circumstances="She ran from her group home.",
                     missing__public_circumstances="She was last seen near the library. "
                                                   "She takes Zoloft.")
    release = redact(case)
    assert release.public["missing"] == {
        "date": "2026-11-01", "city": "Springfield", "state": "IL", "country": "US",
        "public_circumstances": "She was last seen near the library."}
    assert decision(release, "missing.circumstances").rule_id == "W-CIRCUMSTANCES-INTERNAL"
    assert decision(release, "missing.public_circumstances#2").reason == "CONF-MEDICAL"


def test_circumstances_with_no_surviving_sentence_are_absent(make_case: MakeCase) -> None:
    release = redact(make_case(missing__public_circumstances="She is in DCFS custody."))
    assert "public_circumstances" not in release.public["missing"]


def test_sentences_meeting_after_a_drop_are_rescanned(make_case: MakeCase) -> None:
    # Dropping the middle sentence makes "...group. Home..." adjacent: both must go.
    case = make_case(missing__public_circumstances="She met a group. She takes Zoloft. Home was far. She is tall.")
    release = redact(case)
    assert release.public["missing"]["public_circumstances"] == "She is tall."


@pytest.mark.parametrize("changes, path, reason", [
    ({"missing__city": "Sunrise House, Springfield"}, "missing.city", "CONF-LOCATION"),
    ({"children__0__clothing": "Sweatshirt from the group home"}, "children[0].clothing#1", "CONF-CARE"),
    ({"children__0__distinguishing_marks": ["Branding tattoo on neck"]},
     "children[0].distinguishing_marks[0]#1", "CONF-TRAFFICKING"),
    ({"children__0__nicknames": ["Ritalin"]}, "children[0].nicknames[0]#1", "CONF-MEDICAL"),
    ({"children__0__hair": "Brown (ask Dana Example)"}, "children[0].hair", "CONF-CONTACT"),
    ({"contacts__law_enforcement__phone": "(217) 555-0142"}, "contacts.law_enforcement.phone",
     "CONF-CONTACT"),
    ({"children__0__photos__0__file": "photos/MFC-2026-0142.jpg"}, "children[0].photos[0].file",
     "CONF-INTERNAL"),
])
def test_one_leak_per_reason_code_is_stopped(make_case: MakeCase, changes: dict[str, Any],
                                             path: str, reason: str) -> None:
    release = redact(make_case(**changes))
    d = decision(release, path)
    assert d.action in ("withheld", "sentence_dropped") and d.reason == reason
    leaked = next(iter(changes.values()))
    leaked = leaked[0] if isinstance(leaked, list) else leaked
    assert leaked not in release.canonical_json()


def test_short_fields_are_withheld_whole(make_case: MakeCase) -> None:
    release = redact(make_case(missing__city="Sunrise House, Springfield"))
    assert "city" not in release.public["missing"]


def test_no_code_rule_or_placeholder_reaches_public_data(make_case: MakeCase) -> None:
    case = make_case(missing__public_circumstances="She is in foster care. She loves soccer.",
                     missing__city="Sunrise House")
    public = redact(case).canonical_json()
    for marker in ("CONF-", "LEX-", "VALUE:", "REDACTED", "***", "UNLISTED", "W-"):
        assert marker not in public


def test_release_is_frozen_and_independent_of_the_input(make_case: MakeCase) -> None:
    case = make_case()
    release = redact(case)
    with pytest.raises(dataclasses.FrozenInstanceError):
        release.public = {}  # type: ignore[misc]
    case["children"][0]["first_name"] = "Changed"
    assert release.public["children"][0]["first_name"] == "Ava"


def test_canonical_json_and_hash(make_case: MakeCase) -> None:
    a, b = redact(make_case()), redact(make_case())
    assert a.canonical_json() == b.canonical_json()
    assert " " not in a.canonical_json().replace("Ava was last seen near the bus station on Main Street.", "")\
        .replace("Scar above left eyebrow", "").replace("Red hooded sweatshirt, black jeans", "")\
        .replace("Springfield Police Department", "")
    assert a.public_hash() == b.public_hash() and len(a.public_hash()) == 64
    other = Release(a.public, a.decisions, "ncmec/2026.2")
    assert other.public_hash() != a.public_hash()


def test_review_dict_is_json_ready(make_case: MakeCase) -> None:
    release = redact(make_case(missing__public_circumstances="She is in foster care. She loves soccer."))
    review = json.loads(json.dumps(release.to_review_dict()))
    assert review["policy_version"] == "ncmec/2026.1"
    assert review["public_hash"] == release.public_hash()
    assert review["counts"]["sentence_dropped"] == 1
    assert len(review["decisions"]) == len(release.decisions)
    assert set(review["decisions"][0]) == {"path", "action", "rule_id", "reason", "matched", "text", "citation", "review"}
    assert len(list(release.kept())) + len(list(release.withheld())) == len(release.decisions)


def test_date_objects_are_accepted(make_case: MakeCase) -> None:
    release = redact(make_case(missing__date=dt.date(2026, 11, 1)))
    assert release.public["missing"]["date"] == "2026-11-01"


@pytest.mark.parametrize("bad", [["not", "a", "mapping"], "text", None])
def test_case_data_must_be_a_mapping(bad: Any) -> None:
    with pytest.raises(RedactionError, match="must be a mapping"):
        redact(bad)


def test_unsupported_value_types_are_an_error(make_case: MakeCase) -> None:
    with pytest.raises(RedactionError, match="unsupported value type bytes"):
        redact(make_case(missing__city=b"Springfield"))


def test_rich_case_redaction_is_idempotent(make_case: MakeCase, as_case: Callable[..., Any]) -> None:
    case = make_case(
        missing__public_circumstances=("Ava left Sunrise House at 9 p.m. She was last seen near the library.\n"
                                "Her caseworker Dana Example called 217-555-0142. She may be pregnant. "
                                "She was wearing a red coat."),
        children__0__clothing="Red coat. Hospital bracelet from the psych ward.",
        sensitive__medical__medications=["Abilify"])
    first = redact(case, load_policy())
    second = redact(as_case(first.public), load_policy())
    assert second.public == first.public
    assert first.public["missing"]["public_circumstances"] == (
        "She was last seen near the library. She was wearing a red coat.")


def test_text_given_per_language_is_checked_in_every_language(make_case: MakeCase) -> None:
    case = make_case(children__0__clothing={"en": "Red hooded sweatshirt. She ran from her group home.",
                                            "es": "Sudadera roja. Vive en un hogar de acogida."},
                     missing__public_circumstances={"en": "She was last seen near the library.",
                                                    "es": "Está bajo la custodia del estado."})
    release = redact(case)
    assert release.public["children"][0]["clothing"] == {"en": "Red hooded sweatshirt.", "es": "Sudadera roja."}
    assert release.public["missing"]["public_circumstances"] == {"en": "She was last seen near the library."}
    assert decision(release, "children[0].clothing.en#2").action == "sentence_dropped"
    assert decision(release, "children[0].clothing.es#2").reason == "CONF-CARE"
    assert decision(release, "missing.public_circumstances.es#1").action == "sentence_dropped"


def test_a_mapping_under_a_text_field_with_other_keys_is_withheld(make_case: MakeCase) -> None:
    release = redact(make_case(children__0__clothing={"en": "Red coat", "note": "from the group home"}))
    assert "clothing" not in release.public["children"][0]
    assert decision(release, "children[0].clothing.note").reason == "CONF-INTERNAL"
