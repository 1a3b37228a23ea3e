"""The hotline is spelled once, in posters/data/rules.yaml: templates and catalogs take its number and words
as placeholders, and every poster (both languages) and caption prints exactly that hotline."""
from __future__ import annotations

import re

import pytest

from posters.check.rules import load_rules
from posters.render.templates import templates_root
from tests.conftest import REPO
from tests.pdfutil import pdf_text
from tests.render.conftest import TODAY

HOTLINE = load_rules().hotline
# Any spelling of the hotline's digits or words a template or catalog could carry.
SPELLED = re.compile(r"843[-. ]?5678|THE[- ]?LOST", re.IGNORECASE)
# A toll-free number as posters print them: digits or letters after 1-800.
TOLL_FREE = re.compile(r"1-800-[0-9A-Z-]+[0-9A-Z]")


def _sources():
    roots = [templates_root(), REPO / "posters"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".po", ".pot", ".mo", ".css", ".js", ".txt", ".py"} and "__pycache__" not in path.parts:
                yield path


def test_no_template_catalog_or_code_spells_the_hotline():
    sources = list(_sources())
    assert any(p.name == "contact.html" for p in sources) and any(p.suffix == ".po" for p in sources)
    spelled = [str(p.relative_to(REPO)) for p in sources if SPELLED.search(p.read_bytes().decode("utf-8", "replace"))]
    assert spelled == []


def test_templates_and_catalogs_take_the_hotline_as_placeholders():
    assert "{{ hotline.number }}" in (templates_root() / "_shared" / "contact.html").read_text(encoding="utf-8")
    assert "{{ hotline.number }}" in (templates_root() / "social" / "card.html").read_text(encoding="utf-8")
    catalog = (REPO / "posters" / "locale" / "es" / "LC_MESSAGES" / "posters.po").read_text(encoding="utf-8")
    assert "NCMEC · %(words)s" in catalog and "Llame al %(words)s (%(number)s)." in catalog


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_poster_prints_exactly_the_rules_hotline(poster_of, lang):
    text = " ".join(pdf_text(poster_of("01-standard", lang).pdf).split())
    assert f"{HOTLINE.number} ({HOTLINE.vanity})" in text
    assert set(TOLL_FREE.findall(text)) == {HOTLINE.number, HOTLINE.vanity}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_caption_carries_exactly_the_rules_hotline(release_of, lang):
    from posters.social import caption_for, load_presets

    for preset in load_presets().values():
        caption = caption_for(release_of("01-standard"), preset, lang, today=TODAY)
        assert f"{HOTLINE.vanity} ({HOTLINE.number})" in caption
        assert set(TOLL_FREE.findall(caption)) == {HOTLINE.number, HOTLINE.vanity}


def test_the_redaction_policy_allows_the_rules_hotline():
    # The leak scan withholds any phone number the policy does not allow: the two must not drift apart.
    import phonenumbers
    from redaction import load_policy

    allowed = {phonenumbers.format_number(phonenumbers.parse(p, "US"), phonenumbers.PhoneNumberFormat.E164)
               for p in load_policy().public_contacts.phones}
    assert phonenumbers.format_number(phonenumbers.parse(HOTLINE.number, "US"),
                                      phonenumbers.PhoneNumberFormat.E164) in allowed


@pytest.mark.slow
def test_the_poster_follows_the_rules_file(release_of, monkeypatch):
    # A different hotline in the rules is what the poster prints: nothing else holds the number.
    import posters.render.context as context
    from posters.check.rules import Hotline
    from posters.render.poster import render_poster

    other = load_rules().model_copy(update={"hotline": Hotline(number="1-800-555-0199", vanity="1-800-NEW-LINE")})
    monkeypatch.setattr(context, "load_rules", lambda: other)
    text = " ".join(pdf_text(render_poster(release_of("01-standard"), lang="en", today=TODAY).pdf).split())
    assert "1-800-555-0199 (1-800-NEW-LINE)" in text and HOTLINE.number not in text
