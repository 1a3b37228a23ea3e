"""How people write: sentence abbreviations and address spellings, read once from
redaction/lexicons/sentence-abbreviations.yaml and address-forms.yaml (checked by the
models in models.py). The code holds no copy of these words.

The files ship with the package, so a broken one is a broken install: it stops
load_policy() with a LexiconError naming the file and key, before any text is checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, TypeVar

from pydantic import BaseModel

from .datafile import read_yaml, validate
from .errors import LexiconError
from .models import AddressForms, SentenceForms

FORMS_DIR = Path(__file__).parent / "lexicons"
SENTENCE_FILE = FORMS_DIR / "sentence-abbreviations.yaml"
ADDRESS_FILE = FORMS_DIR / "address-forms.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class AddressWords:
    """The address words value_terms.py needs, in the shape it looks them up."""

    directions: frozenset[str]
    street_types: frozenset[str]
    unit_words: frozenset[str]
    # word -> every way it may be written (itself included; "" for a unit word left out)
    spellings: Mapping[str, frozenset[str]]


@lru_cache(maxsize=1)
def sentence_abbreviations() -> frozenset[str]:
    """Words a period after which does not end a sentence; raises LexiconError if the bundled file is broken."""
    forms = _load(SentenceForms, SENTENCE_FILE)
    return frozenset(forms.abbreviations)


@lru_cache(maxsize=1)
def address_words() -> AddressWords:
    """Directions, street types, unit words and spellings; raises LexiconError if the bundled file is broken."""
    forms = _load(AddressForms, ADDRESS_FILE)
    spellings: dict[str, set[str]] = {}
    for short, long in forms.short_forms.items():
        spellings.setdefault(short, {short}).add(long)
        spellings.setdefault(long, {long}).add(short)
    for word, others in forms.other_spellings.items():
        spellings.setdefault(word, {word}).update(others)
    for unit in forms.units.words:
        spellings.setdefault(unit, {unit}).update([*forms.units.written_as, ""])
    directions = frozenset(forms.directions)
    types = frozenset([*forms.short_forms, *forms.short_forms.values(), *forms.street_types]) - directions
    return AddressWords(directions, types, frozenset(forms.units.words),
                        MappingProxyType({w: frozenset(s) for w, s in spellings.items()}))


def _load(model: type[M], path: Path) -> M:
    data = read_yaml(path, "writing forms", LexiconError, "reinstall the redaction package")
    return validate(model, data, f"writing forms {path}", LexiconError)
