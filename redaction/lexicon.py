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

The file's shape is checked by the strict LexiconFile model (models.py); anything
malformed is a LexiconError: a check that cannot run must stop the release, never
be skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .datafile import read_yaml, validate
from .errors import LexiconError
from .models import Agency, Group, LexiconFile
from .normalize import normalize

# Terms this short are matched as whole words only: "GAL" must not hit "legal".
SHORT_TERM = 5


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
    spec = validate(LexiconFile, data, f"lexicon {path}", LexiconError)
    known = set(known_reasons)
    terms: tuple[Term, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    if spec.reasons is not None:
        terms, patterns = parse_groups(spec.reasons, spec.language, known, str(path))
    terms += _parse_agencies(spec.agencies, spec.language, str(path))
    terms += _parse_term_lists(spec.term_lists, spec.language, known, path)
    return Lexicon(spec.language, str(path), terms, patterns)


def _parse_agencies(rows: Sequence[Agency], language: str, where: str) -> tuple[Term, ...]:
    """The child-welfare agency table: names match any case, acronyms whole words only,
    ambiguous acronyms ("DHS" is also Homeland Security) only in capitals."""
    rule_id = f"LEX-{language.upper()}-AGENCY"
    out: list[Term] = []
    for row in rows:
        for key, values in (("names", row.names), ("acronyms", row.acronyms), ("ambiguous", row.ambiguous)):
            for value in values:
                try:
                    out.append(make_term(value, "CONF-CARE", rule_id, "lexicon",
                                         whole_word=key != "names" or None,
                                         acronym=key == "ambiguous"))
                except ValueError as exc:
                    raise LexiconError(f"{where}: {row.state}: {exc}") from None
    return tuple(out)


def _parse_term_lists(lists: Mapping[str, Sequence[str]], language: str, known: set[str], path: Path) -> tuple[Term, ...]:
    """Plain-text term lists (one term a line, '#' comments), matched as whole words."""
    out: list[Term] = []
    for reason, names in lists.items():
        if reason not in known:
            raise LexiconError(f"{path}: term_lists: unknown reason code {reason!r}")
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


def parse_groups(groups: Mapping[str, Group], prefix: str, known: set[str],
                 where: str) -> tuple[tuple[Term, ...], tuple[Pattern, ...]]:
    """Terms and patterns of validated reason-code groups; raises LexiconError for an unknown code or a term without letters."""
    terms: list[Term] = []
    patterns: list[Pattern] = []
    tag = prefix.upper()
    for reason, group in groups.items():
        if reason not in known:
            raise LexiconError(f"{where}: unknown reason code {reason!r}; "
                               f"use one of {', '.join(sorted(known))}")
        rule_id = f"LEX-{tag}-{reason}"
        for entry in group.terms:
            try:
                terms.append(make_term(entry.term, reason, rule_id, "lexicon", entry.whole_word,
                                       entry.acronym, entry.capitalized))
            except ValueError as exc:
                raise LexiconError(f"{where}: {reason}: {exc}; remove it or add letters") from None
        for p in group.patterns:
            # The model checked that the regex compiles and never matches the empty string.
            patterns.append(Pattern(p.label or p.id, re.compile(p.regex, re.IGNORECASE), reason,
                                    f"LEX-{tag}-{p.id}", p.requires.casefold() if p.requires else None))
    return tuple(terms), tuple(patterns)
