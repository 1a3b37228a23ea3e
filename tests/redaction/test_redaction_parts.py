"""Case values match by their significant parts; contacts, languages, children's names, emptied fields."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import redaction
from redaction import Policy, build_scanner, redact

MakeCase = Callable[..., dict[str, Any]]
# Surnames that are not everyday words, so they match in any case (see value_terms.py).
SURNAMES = ["Okafor", "Lindqvist", "Raghunathan", "Wojcik", "Achterberg", "Nakamura", "Oyelaran"]


def people_case(make_case: MakeCase, surname: str) -> dict[str, Any]:
    return make_case(contacts__guardian__name=f"Tanisha {surname}",
                     sensitive__foster_care__caseworker={"name": f"Tanisha {surname}", "phone": None,
                                                         "email": None})


@pytest.mark.parametrize("text", [
    "Ms. Okafor called.", "Mrs Okafor called.", "Sra. Okafor llamó.", "Okafor, Tanisha called.",
    "T. Okafor called.", "Tanisha called.", "OKAFOR called.", "okafor called.",
])
def test_every_part_of_a_withheld_name(make_case: MakeCase, policy: Policy, text: str) -> None:
    scanner = build_scanner(people_case(make_case, "Okafor"), policy)
    assert any(h.source == "case-value" for h in scanner.find(text)), text


def test_an_everyday_surname_matches_only_capitalised(make_case: MakeCase, policy: Policy) -> None:
    scanner = build_scanner(make_case(contacts__guardian__name="Lisa Brown"), policy)
    assert not [h for h in scanner.find("She wore a brown hoodie.") if h.source == "case-value"]
    assert [h for h in scanner.find("Ms. Brown drove her.") if h.source == "case-value"]
    assert [h for h in scanner.find("lisa brown drove her.") if h.source == "case-value"]  # whole name


def test_a_part_shared_with_the_child_is_not_a_term(make_case: MakeCase, policy: Policy) -> None:
    # The guardian is the child's mother: her surname alone is the child's name.
    case = make_case(contacts__guardian__name="Maria Sample", children__0__first_name="Ava")
    scanner = build_scanner(case, policy)
    assert not scanner.find("Ava Sample was last seen at noon.")
    assert scanner.find("Maria called.") and scanner.find("Mrs. Sample called.")


@pytest.mark.parametrize("field, value, text", [
    ("sensitive__other", ["Half-brother Marcus is at Buckeye Ranch"], "She may go to Buckeye Ranch."),
    ("sensitive__other", ["Court hearing pending in Delaware County"], "She may be in Delaware County."),
    ("sensitive__medical__medications", ["Seroquel 100 mg"], "She takes Seroquel."),
    ("sensitive__medical__medications", ["Oxtellar XR 600mg twice daily"], "She needs her Oxtellar XR."),
    ("sensitive__medical__notes", "Sees Dr. Ananya Raghunathan weekly", "Raghunathan may call."),
    ("sensitive__foster_care__placement_name", "Whitfield Family Home", "She left the Whitfield Family Home."),
    ("sensitive__trafficking_indicators", ["Boyfriend known as Dre pays for motels"], "She may be with Dre."),
    ("sensitive__foster_care__placement_address", "2291 Sunbury Rd, Columbus, OH", "Seen at 2291 Sunbury."),
    ("sensitive__foster_care__placement_address", "2291 Sunbury Rd, Columbus, OH", "Seen on Sunbury Road."),
    ("sensitive__foster_care__placement_address", "2291 N. Sunbury Rd Apt 4", "Seen at 2291 North Sunbury."),
])
def test_significant_parts_of_withheld_text(make_case: MakeCase, policy: Policy, field: str,
                                            value: Any, text: str) -> None:
    scanner = build_scanner(make_case(**{field: value}), policy)
    assert any(h.source == "case-value" for h in scanner.find(text)), text


def test_the_public_city_is_not_a_part_of_a_withheld_note(make_case: MakeCase) -> None:
    case = make_case(sensitive__other=["Previous placement in Springfield and Decatur"])
    release = redact(case)
    assert release.public["missing"]["city"] == "Springfield"
    assert build_scanner(case, redaction.load_policy()).find("She may go to Decatur.")


def disguise(word: str) -> st.SearchStrategy[str]:
    leet = {"o": "0", "a": "4", "e": "3", "i": "1", "s": "5", "t": "7"}
    look = {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "k": "к", "i": "і"}

    @st.composite
    def build(draw: Callable[..., Any]) -> str:
        out = []
        for ch in word:
            kind = draw(st.sampled_from(["same", "same", "upper", "lower", "leet", "look", "zw", "space"]))
            low = ch.lower()
            if kind == "upper":
                out.append(ch.upper())
            elif kind == "lower":
                out.append(low)
            elif kind == "leet" and low in leet:
                out.append(leet[low])
            elif kind == "look" and low in look:
                out.append(look[low] if ch.islower() else look[low].upper())
            elif kind == "zw":
                out.append(ch + "\u200b")
            elif kind == "space" and out:
                out.append(" " + ch)
            else:
                out.append(ch)
        return "".join(out)
    return build()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_significant_part_of_a_withheld_name_disguised_never_survives(
        make_case: MakeCase, data: st.DataObject) -> None:
    surname = data.draw(st.sampled_from(SURNAMES))
    first = data.draw(st.sampled_from(["Tanisha", "Dmitri", "Yolanda", "Ignatius"]))
    part = data.draw(st.sampled_from([surname, first]))
    hidden = data.draw(disguise(part))
    template = data.draw(st.sampled_from([
        "Call {} about her.", "{} said she left.", "She was with {} at noon.", "Ask Ms. {} first.",
        "Per {}, she ran.",
    ]))
    case = make_case(contacts__guardian__name=f"{first} {surname}",
                     missing__public_circumstances=f"She was last seen at the library. {template.format(hidden)}")
    release = redact(case)
    published = release.public["missing"].get("public_circumstances", "")
    assert redaction.normalize(part) not in redaction.normalize(published), (hidden, published)
    assert published in ("She was last seen at the library.", ""), (hidden, published)


@pytest.mark.parametrize("text", [
    "Call 614-555-2233.", "Text (312) 555-0198 tonight.", "Call +52 55 1234 5678.", "Call 555-0142.",
    "Write kayla.b@gmail.com.", "Write kayla at gmail dot com.", "See kaylab.com/me.",
    "Her page is https://example.org/k.", "Find her at @kayla.b.x on Instagram.",
])
def test_phone_email_and_web_addresses_are_withheld(make_case: MakeCase, text: str) -> None:
    release = redact(make_case(missing__public_circumstances=f"She is tall. {text}"))
    assert release.public["missing"]["public_circumstances"] == "She is tall."
    dropped = [d for d in release.decisions if d.action == "sentence_dropped"]
    assert dropped and dropped[0].reason == "CONF-CONTACT"


@pytest.mark.parametrize("text", [
    "Call the Springfield Police Department at 217-555-0100.", "Call 1-800-THE-LOST (1-800-843-5678).",
    "See www.missingkids.org.", "Case 26-001234 was filed on 11/02/2026.",
])
def test_allowed_contacts_and_ordinary_numbers_survive(make_case: MakeCase, text: str) -> None:
    release = redact(make_case(missing__public_circumstances=text))
    assert release.public["missing"]["public_circumstances"] == text


def test_text_per_language_keeps_its_shape(make_case: MakeCase) -> None:
    case = make_case(
        missing__public_circumstances={"en": "She was seen at the library. She is in foster care.",
                                       "es": "Fue vista en la biblioteca. Vive en un hogar de crianza."},
        children__0__clothing={"en": "Red coat", "es": "Abrigo rojo"},
        children__0__distinguishing_marks=[{"en": "Scar on chin", "es": "Cicatriz en la barbilla"}])
    release = redact(case)
    assert release.public["missing"]["public_circumstances"] == {"en": "She was seen at the library.",
                                                          "es": "Fue vista en la biblioteca."}
    child = release.public["children"][0]
    assert child["clothing"] == {"en": "Red coat", "es": "Abrigo rojo"}
    assert child["distinguishing_marks"] == [{"en": "Scar on chin", "es": "Cicatriz en la barbilla"}]
    paths = {d.path for d in release.decisions}
    assert {"missing.public_circumstances.en#2", "missing.public_circumstances.es#2"} <= paths


def test_short_text_per_language_is_withheld_in_all_languages(make_case: MakeCase) -> None:
    case = make_case(children__0__hair={"en": "Brown", "es": "Castaño, hogar de crianza"})
    assert "hair" not in redact(case).public["children"][0]


def test_a_key_that_is_no_lexicon_language_makes_an_unlisted_mapping(make_case: MakeCase) -> None:
    release = redact(make_case(children__0__clothing={"English": "Red coat"}))
    assert "clothing" not in release.public["children"][0]
    assert any(d.path == "children[0].clothing.English" and d.rule_id == "UNLISTED" for d in release.decisions)


def test_the_childs_own_name_never_triggers_a_drop(make_case: MakeCase) -> None:
    case = make_case(children__0__first_name="Hope", children__0__last_name="Foster",
                     missing__public_circumstances="Hope Foster was last seen at noon. Ms. Foster is 15. "
                                                   "She ran from her foster home.")
    assert redact(case).public["missing"]["public_circumstances"] == (
        "Hope Foster was last seen at noon. Ms. Foster is 15.")


def test_foster_city_is_a_place(make_case: MakeCase) -> None:
    case = make_case(missing__city="Foster City", missing__state="CA",
                     missing__public_circumstances="She was last seen in Foster City. She is in foster care.")
    release = redact(case)
    assert release.public["missing"]["city"] == "Foster City"
    assert release.public["missing"]["public_circumstances"] == "She was last seen in Foster City."


def test_emptied_headline_fields_are_listed(make_case: MakeCase) -> None:
    case = make_case(missing__city="Sunrise House", children__0__clothing="Group home sweatshirt",
                     children__0__distinguishing_marks=["Scar on chin", "Insulin pump on left hip"])
    release = redact(case)
    emptied = {e.path: e.shows for e in release.emptied}
    assert set(emptied) == {"missing.city", "children[0].clothing", "children[0].distinguishing_marks[1]"}
    assert "state" in emptied["missing.city"]
    reasons = {e.path: e.reason for e in release.emptied}
    assert reasons == {"missing.city": "CONF-LOCATION", "children[0].clothing": "CONF-CARE",
                       "children[0].distinguishing_marks[1]": "CONF-MEDICAL"}
    assert release.to_review_dict()["emptied"][0]["path"] in emptied
    assert "Sunrise" not in release.canonical_json() and "emptied" not in release.canonical_json()


@pytest.mark.parametrize("disguised", ["Ꮪunrise House", "ꓢunrise House", "𝐒unrise House", "Sunrіse House"])
def test_confusables_beyond_cyrillic_and_greek(scanner: redaction.Scanner, disguised: str) -> None:
    assert scanner.find(f"She ran from {disguised}.")
