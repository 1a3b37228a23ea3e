"""Redaction evasion: a confidential term disguised in any public field never reaches the release or the poster."""
from __future__ import annotations

import json
from typing import Any

import pytest

import redaction
from hostile_support import pdf_text, squash
from posters.case import load_case

PLACEMENT = "Maple Grove Group Home"
PHONE = "217-555-0142"  # the caseworker's and guardian's number in sample 01

# Each row: a disguise of the placement name (the comment says which trick).
VARIANTS = [
    PLACEMENT,                                          # as written
    "maple grove group home",                           # case
    "Maple\u200dGrove Group\u200bHome",                 # zero-width joiner and space inside
    "Ma\u200cple Gro\u2060ve Gro\ufeffup Ho\u00adme",   # ZWNJ, word joiner, BOM, soft hyphen inside words
    "Мaple Grоve Grоup Hоme",                           # Cyrillic М and о
    "Ｍａｐｌｅ Ｇｒｏｖｅ Ｇｒｏｕｐ Ｈｏｍｅ",                   # fullwidth
    "Mäplé Gróve Gróup Hómé",                           # accents
    "M4pl3 Gr0v3 Gr0up H0m3",                           # leetspeak
    "M@ple Gr0ve Gr0up H0me",                           # leetspeak with @
    "M.a.p.l.e  G-r-o-v-e   Group---Home",              # punctuation and extra spaces
    "MAPLE GROVE G R O U P HOME",                       # spaced letters
    "Maple_Grove_Group_Home",                           # underscores
    "MapleGroveGroupHome",                              # run together
    "Maple Grove (group home)",                         # brackets
    "Maple &#71;rove Group Home",                       # an HTML entity
    "Maple<b></b>Grove Group Home",                     # an empty HTML tag
    "Maple\nGrove Group\nHome",                         # line breaks (folded to spaces in one-line fields)
    "Μaple Grove Group Home",                           # Greek capital Mu
]
GREEK_CAPITALS = [
    "Maple Grove Group Ηome",                           # Greek capital Eta (looks like H)
    "Maple Grove Group ΗΟΜΕ",                           # Greek capitals Eta, Omicron, Mu, Epsilon
]
PHONES = ["(217) 555-0142", "217.555.0142", "217 555 0142", "+1 217 555 0142", "2I7-555-OI42"]

# Public text fields (as the policy publishes them), and where they live in the case data.
FIELDS = {
    "nicknames": ("children", 0, "nicknames", 0),
    "race": ("children", 0, "race"),
    "hair": ("children", 0, "hair"),
    "eyes": ("children", 0, "eyes"),
    "distinguishing_marks": ("children", 0, "distinguishing_marks", 0),
    "clothing": ("children", 0, "clothing"),
    "city": ("missing", "city"),
    "state": ("missing", "state"),
    "circumstances": ("missing", "circumstances"),
    "public_circumstances": ("missing", "public_circumstances"),
    "agency": ("contacts", "law_enforcement", "agency"),
}
NAME_FIELDS = {
    "first_name": ("children", 0, "first_name"),
    "middle_name": ("children", 0, "middle_name"),
    "last_name": ("children", 0, "last_name"),
}


@pytest.fixture(scope="module")
def policy() -> redaction.Policy:
    return redaction.load_policy()


def _put(data: dict[str, Any], where: tuple, value: str) -> None:
    node: Any = data
    for key in where[:-1]:
        if isinstance(key, int):
            node = node[key]
        else:
            if node.get(key) is None:
                node[key] = [] if isinstance(where[where.index(key) + 1], int) else {}
            node = node[key]
    if isinstance(node, list):
        node[:] = [value]
    else:
        node[where[-1]] = value


def _confidential(d: dict[str, Any]) -> None:
    care = d["sensitive"]["foster_care"]
    care.update(placement_type="group_home", placement_name=PLACEMENT)


def _release_public(make_case, policy, where: tuple, text: str) -> str:
    def mutate(d):
        _confidential(d)
        _put(d, where, text)
    case = load_case(make_case(mutate))
    return json.dumps(redaction.redact(case.plain_data(), policy).public, ensure_ascii=False)


def _sentence(variant: str) -> str:
    return f"She stayed at {variant} last week."


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_disguised_placement_never_reaches_the_release(make_case, policy, field: str, variant: str) -> None:
    public = _release_public(make_case, policy, FIELDS[field], _sentence(variant))
    assert "stayed at" not in public, f"{field}: {variant!r} survived"
    assert "maple" not in public.casefold()


@pytest.mark.parametrize("field", ["clothing", "public_circumstances"])
@pytest.mark.parametrize("variant", GREEK_CAPITALS)
def test_greek_capital_look_alikes_are_caught(make_case, policy, field: str, variant: str) -> None:
    public = _release_public(make_case, policy, FIELDS[field], _sentence(variant))
    assert "stayed at" not in public


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("phone", PHONES)
def test_disguised_caseworker_phone_never_reaches_the_release(make_case, policy, field: str, phone: str) -> None:
    public = _release_public(make_case, policy, FIELDS[field], f"Call {phone} any time.")
    assert "any time" not in public


@pytest.mark.parametrize("field", NAME_FIELDS)
def test_placement_typed_into_a_name_field_is_caught(make_case, policy, field: str) -> None:
    public = _release_public(make_case, policy, NAME_FIELDS[field], PLACEMENT)
    assert "maple" not in public.casefold()


def test_disguised_terms_in_every_public_field_are_absent_from_the_poster(make_case, release_of) -> None:
    from posters.render.poster import render_poster

    def mutate(d):
        _confidential(d)
        for i, (field, where) in enumerate(FIELDS.items()):
            _put(d, where, _sentence(VARIANTS[(i * 3) % len(VARIANTS)]))
        # keep what the poster needs, so that it still renders
        d["missing"]["state"] = "IL"
        d["contacts"]["law_enforcement"]["agency"] = f"Springfield Police Department. {_sentence(VARIANTS[4])}"
    release = release_of(make_case(mutate))
    text = pdf_text(render_poster(release, watermark=False).pdf)
    assert "maple" not in text.casefold() and "stayed at" not in text
    for variant in VARIANTS:
        assert squash(variant) not in squash(text)
    assert squash("Ava Grace Sample") in squash(text)  # the poster itself is there
