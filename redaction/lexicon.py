"""Lexicons: confidential terms and patterns per language, loaded from YAML.

A lexicon file looks like::

    language: en
    reasons:
      CONF-CARE:
        terms:
          - foster                                # plain term
          - {term: placement, whole_word: true}   # never inside another word
          - {term: CASA, acronym: true}           # only when written in capitals
        patterns:
          - {id: ICD10, regex: '\\b[a-z]\\d\\d\\.\\d{1,4}\\b', label: ICD-10 code}

Anything malformed is a LexiconError: a check that cannot run must stop the
release, never be skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import LexiconError
from .normalize import normalize

# Terms this short are matched as whole words only: "GAL" must not hit "legal".
SHORT_TERM = 5

_LEXICON_KEYS = {"language", "reasons", "description"}
_GROUP_KEYS = {"terms", "patterns"}
_TERM_KEYS = {"term", "whole_word", "acronym"}
_PATTERN_KEYS = {"id", "regex", "label"}


@dataclass(frozen=True)
class Term:
    """One confidential term, compared on the normalized skeleton."""

    text: str
    skeleton: str
    reason: str
    rule_id: str
    source: str  # "lexicon" | "case-value"
    whole_word: bool
    acronym: bool = False


@dataclass(frozen=True)
class Pattern:
    """One confidential regex, run on the casefolded plain view."""

    label: str
    regex: re.Pattern[str]
    reason: str
    rule_id: str


@dataclass(frozen=True)
class Lexicon:
    """The terms and patterns of one lexicon file."""

    language: str
    source: str
    terms: tuple[Term, ...]
    patterns: tuple[Pattern, ...]


def make_term(text: str, reason: str, rule_id: str, source: str,
              whole_word: bool | None = None, acronym: bool = False) -> Term:
    """Build a Term; raises ValueError when the text has no letters or digits."""
    skeleton = normalize(text)
    if not skeleton:
        raise ValueError(f"term {text!r} has no letters or digits")
    if whole_word is None:
        whole_word = len(skeleton) <= SHORT_TERM
    return Term(text, skeleton, reason, rule_id, source, whole_word, acronym)


def load_lexicon(path: Path, known_reasons: Iterable[str]) -> Lexicon:
    """Read one lexicon file; raises LexiconError if missing, unreadable or malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"lexicon {path} does not exist; restore it or remove it "
                           "from the policy's 'lexicons' list") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"lexicon {path} cannot be read ({exc.__class__.__name__}); "
                           "fix the file (UTF-8 YAML)") from None
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {path} must be a mapping with 'language' and 'reasons'")
    _no_unknown(data, _LEXICON_KEYS, str(path))
    language = data.get("language")
    if not isinstance(language, str) or not language.strip():
        raise LexiconError(f"lexicon {path}: 'language' must be a language code such as 'en'")
    terms, patterns = parse_groups(data.get("reasons"), language, set(known_reasons), str(path))
    return Lexicon(language, str(path), terms, patterns)


def parse_groups(groups: Any, prefix: str, known: set[str],
                 where: str) -> tuple[tuple[Term, ...], tuple[Pattern, ...]]:
    """Parse a reason-code -> {terms, patterns} mapping; raises LexiconError if malformed."""
    if not isinstance(groups, dict) or not groups:
        raise LexiconError(f"{where}: 'reasons' must map reason codes to terms and patterns")
    terms: list[Term] = []
    patterns: list[Pattern] = []
    tag = prefix.upper()
    for reason, group in groups.items():
        if reason not in known:
            raise LexiconError(f"{where}: unknown reason code {reason!r}; "
                               f"use one of {', '.join(sorted(known))}")
        if not isinstance(group, dict):
            raise LexiconError(f"{where}: {reason} must hold 'terms' and/or 'patterns'")
        _no_unknown(group, _GROUP_KEYS, f"{where}: {reason}")
        rule_id = f"LEX-{tag}-{reason}"
        for entry in group.get("terms") or []:
            terms.append(_parse_term(entry, reason, rule_id, f"{where}: {reason}"))
        for entry in group.get("patterns") or []:
            patterns.append(_parse_pattern(entry, reason, tag, f"{where}: {reason}"))
    return tuple(terms), tuple(patterns)


def _parse_term(entry: Any, reason: str, rule_id: str, where: str) -> Term:
    if isinstance(entry, str):
        entry = {"term": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
        raise LexiconError(f"{where}: each term is a string or {{term: ..., whole_word: ...}}")
    _no_unknown(entry, _TERM_KEYS, where)
    flags = {k: entry[k] for k in ("whole_word", "acronym") if k in entry}
    if any(not isinstance(v, bool) for v in flags.values()):
        raise LexiconError(f"{where}: term {entry['term']!r}: whole_word/acronym must be true or false")
    try:
        return make_term(entry["term"], reason, rule_id, "lexicon", **flags)
    except ValueError as exc:
        raise LexiconError(f"{where}: {exc}; remove it or add letters") from None


def _parse_pattern(entry: Any, reason: str, tag: str, where: str) -> Pattern:
    if not isinstance(entry, dict) or not isinstance(entry.get("regex"), str) \
            or not isinstance(entry.get("id"), str):
        raise LexiconError(f"{where}: each pattern needs 'id' and 'regex' strings")
    _no_unknown(entry, _PATTERN_KEYS, where)
    try:
        regex = re.compile(entry["regex"], re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{where}: pattern {entry['id']} does not compile ({exc}); "
                           "fix the regular expression") from None
    if regex.search("") is not None:
        # A pattern that matches nothing at all would match everywhere.
        raise LexiconError(f"{where}: pattern {entry['id']} matches the empty string; "
                           "make it require at least one character")
    return Pattern(entry.get("label") or entry["id"], regex, reason, f"LEX-{tag}-{entry['id']}")


def _no_unknown(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                           f"allowed: {', '.join(sorted(allowed))}")
