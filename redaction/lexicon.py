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

from .datafile import read_yaml
from .errors import LexiconError
from .normalize import normalize

# Terms this short are matched as whole words only: "GAL" must not hit "legal".
SHORT_TERM = 5

_LEXICON_KEYS = {"language", "reasons", "description", "agencies", "term_lists"}
_AGENCY_KEYS = {"state", "names", "acronyms", "ambiguous"}
_GROUP_KEYS = {"terms", "patterns"}
_TERM_KEYS = {"term", "whole_word", "acronym", "capitalized"}
_PATTERN_KEYS = {"id", "regex", "label", "requires"}


@dataclass(frozen=True)
class Term:
    """One confidential term, compared on the normalized skeleton."""

    text: str
    skeleton: str
    reason: str
    rule_id: str
    source: str  # "lexicon" | "case-value"
    whole_word: bool
    acronym: bool = False       # only when written in capitals ("CASA", not "casa")
    capitalized: bool = False   # only when its first letter is a capital ("Brown", not "brown")


@dataclass(frozen=True)
class Pattern:
    """One confidential regex, run on the casefolded plain view."""

    label: str
    regex: re.Pattern[str]
    reason: str
    rule_id: str
    # A word the text must contain for the regex to match at all: a cheap test that spares
    # running a costly regex over every text ("youth" for the youth-as-a-label patterns).
    requires: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The terms and patterns of one lexicon file."""

    language: str
    source: str
    terms: tuple[Term, ...]
    patterns: tuple[Pattern, ...]


def make_term(text: str, reason: str, rule_id: str, source: str,
              whole_word: bool | None = None, acronym: bool = False,
              capitalized: bool = False) -> Term:
    """Build a Term; raises ValueError when the text has no letters or digits."""
    skeleton = normalize(text)
    if not skeleton:
        raise ValueError(f"term {text!r} has no letters or digits")
    if whole_word is None:
        whole_word = len(skeleton) <= SHORT_TERM
    return Term(text, skeleton, reason, rule_id, source, whole_word, acronym, capitalized)


def load_lexicon(path: Path, known_reasons: Iterable[str]) -> Lexicon:
    """Read one lexicon file; raises LexiconError if missing, unreadable or malformed."""
    data = read_yaml(path, "lexicon", LexiconError,
                     "restore it or remove it from the policy's 'lexicons' list")
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {path} must be a mapping with 'language' and 'reasons'")
    _no_unknown(data, _LEXICON_KEYS, str(path))
    language = data.get("language")
    if not isinstance(language, str) or not language.strip():
        raise LexiconError(f"lexicon {path}: 'language' must be a language code such as 'en'")
    known = set(known_reasons)
    terms: tuple[Term, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    if "reasons" in data or not (data.get("agencies") or data.get("term_lists")):
        terms, patterns = parse_groups(data.get("reasons"), language, known, str(path))
    terms += _parse_agencies(data.get("agencies") or [], language, str(path))
    terms += _parse_term_lists(data.get("term_lists") or {}, language, known, path)
    return Lexicon(language, str(path), terms, patterns)


def _parse_agencies(rows: Any, language: str, where: str) -> tuple[Term, ...]:
    """The child-welfare agency table: names match any case, acronyms whole words only,
    ambiguous acronyms ("DHS" is also Homeland Security) only in capitals."""
    if not isinstance(rows, list):
        raise LexiconError(f"{where}: 'agencies' must be a list of {{state, names, acronyms, ambiguous}}")
    rule_id = f"LEX-{language.upper()}-AGENCY"
    out: list[Term] = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("state"), str):
            raise LexiconError(f"{where}: each agency row needs a 'state'")
        _no_unknown(row, _AGENCY_KEYS, f"{where}: {row['state']}")
        for key in ("names", "acronyms", "ambiguous"):
            values = row.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise LexiconError(f"{where}: {row['state']}: {key!r} must be a list of strings")
            for value in values:
                try:
                    out.append(make_term(value, "CONF-CARE", rule_id, "lexicon",
                                         whole_word=key != "names" or None,
                                         acronym=key == "ambiguous"))
                except ValueError as exc:
                    raise LexiconError(f"{where}: {row['state']}: {exc}") from None
    return tuple(out)


def _parse_term_lists(lists: Any, language: str, known: set[str], path: Path) -> tuple[Term, ...]:
    """Plain-text term lists (one term a line, '#' comments), matched as whole words."""
    if not isinstance(lists, dict):
        raise LexiconError(f"{path}: 'term_lists' maps a reason code to a list of file names")
    out: list[Term] = []
    for reason, names in lists.items():
        if reason not in known:
            raise LexiconError(f"{path}: term_lists: unknown reason code {reason!r}")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise LexiconError(f"{path}: term_lists: {reason} must list file names")
        for name in names:
            file = path.parent / name
            try:
                lines = file.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise LexiconError(f"term list {file} cannot be read ({exc.__class__.__name__}); "
                                   "restore it or remove it from 'term_lists'") from None
            rule_id = f"LEX-{language.upper()}-{Path(name).stem.upper()}"
            for n, line in enumerate(lines, 1):
                term = line.split("#", 1)[0].strip()
                if not term:
                    continue
                try:
                    out.append(make_term(term, reason, rule_id, "lexicon", whole_word=True))
                except ValueError as exc:
                    raise LexiconError(f"{file}:{n}: {exc}") from None
    return tuple(out)


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
    flags = {k: entry[k] for k in ("whole_word", "acronym", "capitalized") if k in entry}
    if any(not isinstance(v, bool) for v in flags.values()):
        raise LexiconError(f"{where}: term {entry['term']!r}: whole_word/acronym/capitalized "
                           "must be true or false")
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
    requires = entry.get("requires")
    if requires is not None and (not isinstance(requires, str) or not requires.strip()):
        raise LexiconError(f"{where}: pattern {entry['id']}: 'requires' must be a word")
    return Pattern(entry.get("label") or entry["id"], regex, reason, f"LEX-{tag}-{entry['id']}",
                   requires.casefold() if requires else None)


def _no_unknown(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                           f"allowed: {', '.join(sorted(allowed))}")
