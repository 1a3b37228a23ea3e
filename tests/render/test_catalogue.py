"""The Spanish catalogue and the value tables are complete: every msgid the code uses is translated."""
from __future__ import annotations

from pathlib import Path

import pytest

from posters.render.controlled import KINDS, VALUES_FILE, describe, lookup
from posters.render.i18n import messages

POSTERS = Path(__file__).resolve().parents[2] / "posters"
CONTEXTS = ("female", "male", "unknown", "plural-female", "plural-mixed")


def _msgids() -> set[str]:
    from babel.messages.extract import extract_from_dir

    keywords = {"gettext": None, "pgettext": ((1, "c"), 2), "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(POSTERS), method_map=[("**.py", "python")], keywords=keywords):
        msgid = message[-1] if isinstance(message, tuple) else message
        if msgid:
            found.add(msgid)
    return found


def test_the_code_uses_msgids_and_extraction_finds_them():
    msgids = _msgids()
    assert {"MISSING", "Endangered Runaway", "ABDUCTOR", "Also known as", "Age When Missing"} <= msgids


@pytest.mark.parametrize("msgid", sorted(_msgids()))
def test_every_msgid_has_a_spanish_translation_in_every_context(msgid):
    m = messages("es")
    for context in CONTEXTS:
        translated = m.pgettext(context, msgid)
        # "%(names)s ..." and similar keep their placeholders; the text itself must change,
        # except for the few strings that read the same in Spanish.
        assert translated != msgid or msgid in {"NCMEC · %(words)s", "%(role)s: %(name)s."}, (context, msgid)


def test_value_tables_have_both_languages_and_no_spelling_twice():
    import yaml

    data = yaml.safe_load(VALUES_FILE.read_text(encoding="utf-8"))
    for kind in KINDS:
        seen: dict[str, str] = {}
        for entry in data[kind]:
            assert entry.get("en") and entry.get("es"), (kind, entry)
            for spelling in [entry["en"], *entry.get("match", [])]:
                key = " ".join(str(spelling).split()).casefold()
                assert seen.setdefault(key, entry["en"]) == entry["en"], (kind, spelling)


@pytest.mark.parametrize("kind,value,en,es", [
    ("hair", "BRO", "Brown", "Castaño"),        # NCIC code
    ("hair", " light  brown. ", "Light brown", "Castaño claro"),
    ("eyes", "HAZ", "Hazel", "Color avellana"),
    ("eyes", "Café", "Brown", "Cafés"),         # written in Spanish: agrees with "los ojos"
    ("eyes", "blue", "Blue", "Azules"),
    ("race", "W", "White", "Blanca"),           # agrees with "la raza"
    ("race", "Hispanic", "Hispanic", "Hispana"),
    ("sex", "male", "Male", "Masculino"),
    ("vehicle_color", "SIL", "silver", "plateado"),
])
def test_values_print_in_the_posters_language(kind, value, en, es):
    assert describe(kind, value, "en") == en
    assert describe(kind, value, "es") == es


def test_an_unknown_value_is_printed_as_written():
    assert lookup("hair", "Black, braided") is None
    assert describe("hair", "Black, braided", "es") == "Black, braided"
