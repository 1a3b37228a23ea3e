"""How people write: sentence abbreviations and address spellings, read once from
redaction/lexicons/sentence-abbreviations.yaml and address-forms.yaml, checked by the
strict models below (on models.py's base). The code holds no copy of these words.

The files ship with the package, so a broken one is a broken install: it stops
load_policy() with a LexiconError naming the file and key, before any text is checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping, TypeVar

from pydantic import BaseModel, Field, field_validator

from .datafile import read_yaml, validate
from .errors import LexiconError
from .models import Strict, Word, no_repeats

FORMS_DIR = Path(__file__).parent / "lexicons"
SENTENCE_FILE = FORMS_DIR / "sentence-abbreviations.yaml"
ADDRESS_FILE = FORMS_DIR / "address-forms.yaml"
M = TypeVar("M", bound=BaseModel)


class Units(Strict):
    """Words that start the unit part of an address (cut off before the street is matched)."""

    words: list[Word] = Field(min_length=1)
    written_as: list[Word] = Field(min_length=1, description="any unit word may be written as any of these, or left out")


class AddressForms(Strict):
    """How a street address may be written (redaction/lexicons/address-forms.yaml)."""

    schema_: Literal["redaction/address-forms-v1"] = Field(alias="schema")
    short_forms: dict[Word, Word] = Field(min_length=1, description="short form -> the word it stands for")
    other_spellings: dict[Word, list[Word]] = Field(default_factory=dict)
    directions: list[Word] = Field(min_length=1)
    street_types: list[Word] = Field(default_factory=list, description="street types besides the short forms' words")
    units: Units

    _unique = field_validator("directions", "street_types")(no_repeats)


class SentenceForms(Strict):
    """Abbreviations a period after which does not end a sentence (redaction/lexicons/sentence-abbreviations.yaml)."""

    schema_: Literal["redaction/sentence-abbreviations-v1"] = Field(alias="schema")
    abbreviations: list[Word] = Field(min_length=1)

    _unique = field_validator("abbreviations")(no_repeats)


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
