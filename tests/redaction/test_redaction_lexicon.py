"""Lexicons: English and Spanish terms hit, innocent sentences do not."""
from __future__ import annotations

from pathlib import Path

import pytest

import redaction
from redaction import LexiconError, Scanner, load_policy
from redaction.lexicon import load_lexicon

REASONS = ["PUBLIC", "CONF-CARE", "CONF-TRAFFICKING", "CONF-MEDICAL", "CONF-CONTACT",
           "CONF-LOCATION", "CONF-INTERNAL"]


@pytest.fixture(scope="module")
def lexicon_scanner() -> Scanner:
    policy = load_policy()
    return Scanner([t for lex in policy.lexicons for t in lex.terms],
                   [p for lex in policy.lexicons for p in lex.patterns])


def reasons_in(scanner: Scanner, text: str) -> set[str]:
    return {h.reason for h in scanner.find(text)}


@pytest.mark.parametrize("text, reason", [
    # English, care status (including inference phrases that never say "foster")
    ("She lived with her foster family.", "CONF-CARE"),
    ("She ran from her foster-home on Friday.", "CONF-CARE"),
    ("She ran from the group home.", "CONF-CARE"),
    ("She is a ward of the state.", "CONF-CARE"),
    ("Placed by DCFS in March.", "CONF-CARE"),
    ("C.P.S. was notified.", "CONF-CARE"),
    ("Her GAL was informed.", "CONF-CARE"),
    ("Her guardian ad litem agreed.", "CONF-CARE"),
    ("An ICPC request is pending.", "CONF-CARE"),
    ("Funded under Title IV-E.", "CONF-CARE"),
    ("She left the RTC at night.", "CONF-CARE"),
    ("She was removed from her mother's home in 2024.", "CONF-CARE"),
    ("She has been in care since 2023.", "CONF-CARE"),
    ("She left her placement after dinner.", "CONF-CARE"),
    ("Her caseworker last saw her Monday.", "CONF-CARE"),
    ("Her CASA volunteer called.", "CONF-CARE"),
    ("She is in kinship care with an aunt.", "CONF-CARE"),
    # English, trafficking
    ("Suspected sex trafficking victim.", "CONF-TRAFFICKING"),
    ("Flagged as CSEC by the task force.", "CONF-TRAFFICKING"),
    ("Ads on Skipthegames were found.", "CONF-TRAFFICKING"),
    ("Friends say she is in the life now.", "CONF-TRAFFICKING"),
    ("She was seen walking the track.", "CONF-TRAFFICKING"),
    ("She has a branding tattoo.", "CONF-TRAFFICKING"),
    ("She may be with her pimp.", "CONF-TRAFFICKING"),
    ("An older man was grooming her online.", "CONF-TRAFFICKING"),
    # English, medical
    ("She is autistic and may not respond.", "CONF-MEDICAL"),
    ("She takes Zoloft daily.", "CONF-MEDICAL"),
    ("She needs her ins\u200bulin.", "CONF-MEDICAL"),
    ("Diagnosis code F43.10 on file.", "CONF-MEDICAL"),
    ("She is 4 months pregnant.", "CONF-MEDICAL"),
    ("History of cutting herself.", "CONF-MEDICAL"),
    ("She has been suicidal.", "CONF-MEDICAL"),
    ("She carries an EpiPen.", "CONF-MEDICAL"),
    ("She has ADHD and PTSD.", "CONF-MEDICAL"),
    ("Her medications were left behind.", "CONF-MEDICAL"),
    # Spanish
    ("Vivía en un hogar de acogida.", "CONF-CARE"),
    ("Vivía en hogares de acogida desde niña.", "CONF-CARE"),
    ("Está bajo custodia del estado.", "CONF-CARE"),
    ("Su trabajadora social la buscó.", "CONF-CARE"),
    ("Se escapó del hogar grupal.", "CONF-CARE"),
    ("Víctima de trata de personas.", "CONF-TRAFFICKING"),
    ("Posible explotación sexual.", "CONF-TRAFFICKING"),
    ("Tiene un proxeneta.", "CONF-TRAFFICKING"),
    ("Está embarazada.", "CONF-MEDICAL"),
    ("Tiene autismo.", "CONF-MEDICAL"),
    ("Necesita su medicamento.", "CONF-MEDICAL"),
    ("Sufre convulsiones.", "CONF-MEDICAL"),
    ("Tiene ideas de autolesión.", "CONF-MEDICAL"),
])
def test_lexicon_hits(lexicon_scanner: Scanner, text: str, reason: str) -> None:
    assert reason in reasons_in(lexicon_scanner, text)


INNOCENT = [
    "She loves soccer.",
    "She was last seen near the library.",
    "She was wearing a red coat.",
    "She was last seen at the Main Street bus station.",
    "She has a scar above her left eyebrow.",
    "She is a legal resident and loves her gal pals.",    # GAL only in capitals, never in "legal"
    "She was escorted home by a friend last week.",        # "escort" only as ads/services
    "Her friend John says she likes the game of chess.",  # no "john", no "the game"
    "She may be traveling to Chicago by bus.",
    "She has pierced ears and a birthmark on her neck.",
    "She was last seen on the track at school.",
    "She needs a replacement phone.",                      # "placement" is a whole word
    "She loves her daddy and her mother.",
    "Wearing white sneakers and a blue denim jacket.",
    "Her name is Ava Foster-Smith",                        # only as a name field; see redact tests
    "Fue vista por última vez cerca de la biblioteca.",
    "Le gusta el fútbol.",
    "Llevaba una chaqueta roja.",
    "Se trata de una niña alegre.",                        # "trata" alone is everyday Spanish
    "Vive en casa con su familia.",                        # "casa" is not CASA
    "She will add a photo later.",                         # ADD only in capitals
    "I-55 south of the city, exit 12.5.",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_sentences_have_no_hits(lexicon_scanner: Scanner, text: str) -> None:
    hits = lexicon_scanner.find(text)
    if "Foster" in text:
        # A surname that is also a lexicon word is caught in free text; name
        # fields are kept without scanning (see the redact tests).
        assert {h.term for h in hits} == {"foster"}
    else:
        assert hits == []


def test_bundled_lexicons_have_every_content_reason() -> None:
    # Each language's lexicons together cover every content reason.
    by_language: dict[str, set[str]] = {}
    for lexicon in load_policy().lexicons:
        by_language.setdefault(lexicon.language, set()).update(t.reason for t in lexicon.terms)
    for language in ("en", "es"):
        assert {"CONF-CARE", "CONF-TRAFFICKING", "CONF-MEDICAL"} <= by_language[language], language


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lex.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("language: en\nreasons:\n  CONF-NOPE:\n    terms: [x1]\n", "unknown reason code"),
    ("language: en\nreasons:\n  CONF-CARE:\n    patterns: [{id: BAD, regex: '(['}]\n", "does not compile"),
    ("language: en\nreasons:\n  CONF-CARE:\n    patterns: [{id: EMPTY, regex: 'x*'}]\n", "empty string"),
    ("language: en\nreasons:\n  CONF-CARE:\n    terms: ['---']\n", "no letters"),
    ("language: en\nreasons:\n  CONF-CARE:\n    termz: [foster]\n", "unknown key"),
    ("language: en\nreasons: {}\n", r"reasons: Dictionary should have at least 1 item"),
    ("language: en\n", "holds no terms: add 'reasons'"),
    ("language: en\nreasons:\n  CONF-CARE:\n    terms: [{term: DCS, acronym: yes please}]\n",
     r"reasons\['CONF-CARE'\].terms\[0\].acronym: Input should be a valid boolean"),
    ("language: en\nreasons:\n  CONF-CARE:\n    patterns: [{regex: 'x+'}]\n", r"patterns\[0\]: missing required key 'id'"),
    ("reasons:\n  CONF-CARE:\n    terms: [foster]\n", "'language'"),
    ("language: en\nreasons: [\n", "cannot be read"),
    ("- just a list\n", "must be a YAML mapping"),
])
def test_malformed_lexicon_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        load_lexicon(write(tmp_path, text), REASONS)


def test_missing_lexicon_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicon(tmp_path / "nope.yaml", REASONS)


def test_lexicon_errors_are_redaction_errors() -> None:
    assert issubclass(LexiconError, redaction.RedactionError)
