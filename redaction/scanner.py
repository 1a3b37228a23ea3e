"""Find confidential terms in any text: lexicons plus the case's own secrets.

The same Scanner serves redact() and the leak scan of finished artifacts
(PDF text, metadata, captions, file names), so both apply one definition of
"confidential". Build it once per case; find() is then a few ms for 5 KB.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import product
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .lexicon import Pattern, Term, make_term
from .normalize import Normalized, analyze
from .policy import FieldRule, Policy
from .sentences import split_sentences


@dataclass(frozen=True)
class Hit:
    """One confidential match; ``span`` indexes the original text."""

    term: str
    reason: str
    rule_id: str
    source: str  # "lexicon" | "case-value"
    span: tuple[int, int]


class Scanner:
    """Matches terms on the normalized skeleton, numbers on digit runs, patterns on plain text."""

    def __init__(self, terms: Iterable[Term], patterns: Iterable[Pattern] = (),
                 numbers: Iterable[Term] = ()) -> None:
        self._by_skeleton: dict[str, list[Term]] = {}
        for term in terms:
            self._by_skeleton.setdefault(term.skeleton, []).append(term)
        self._patterns = tuple(patterns)
        self._numbers = tuple(numbers)

    @property
    def term_count(self) -> int:
        """How many distinct skeletons, patterns and numbers are searched; never raises."""
        return len(self._by_skeleton) + len(self._patterns) + len(self._numbers)

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, ordered by position; never raises."""
        return self.find_in(analyze(text))

    def find_in(self, norm: Normalized) -> list[Hit]:
        """Every hit in already-normalized text, ordered by position; never raises."""
        hits: set[Hit] = set()
        hits.update(self._term_hits(norm))
        for number in self._numbers if norm.plain and any(c.isdigit() for c in norm.plain) else ():
            for start in _all(norm.digits, number.skeleton):
                span = norm.span_of_digits(start, start + len(number.skeleton))
                hits.add(Hit(number.text, number.reason, number.rule_id, number.source, span))
        for pattern in self._patterns:
            for m in pattern.regex.finditer(norm.plain):
                span = norm.span_of_plain(m.start(), m.end())
                hits.add(Hit(norm.original[span[0]:span[1]], pattern.reason, pattern.rule_id,
                             "lexicon", span))
        return sorted(hits, key=lambda h: (h.span, h.rule_id, h.term))

    def _term_hits(self, norm: Normalized) -> Iterator[Hit]:
        skel = norm.skeleton
        for skeleton, terms in self._by_skeleton.items():
            for start in _all(skel, skeleton):
                if not norm.starts_word(start):
                    continue  # terms begin at a word start: "gal" is not in "legal"
                end = start + len(skeleton)
                for term in terms:
                    stop = _word_end(norm, end) if term.whole_word else end
                    if stop is None:
                        continue
                    span = norm.span_of_skeleton(start, end)
                    if term.acronym and any(c.islower() for c in norm.original[span[0]:span[1]]):
                        continue  # "CASA" the program, not "casa" the Spanish word
                    yield Hit(term.text, term.reason, term.rule_id, term.source,
                              norm.span_of_skeleton(start, stop))


def mask(term: str) -> str:
    """Name a secret without printing it: first letter and length ("S*** (13 chars)"); never raises."""
    first = next((c for c in term if not c.isspace()), "")
    return f"{first}*** ({len(term)} chars)"


def build_scanner(case_data: Mapping[str, Any], policy: Policy) -> Scanner:
    """Scanner for one case: the policy's lexicons plus the case's withheld values; never raises."""
    lex_terms, patterns = policy.lexicon_entries()
    terms, numbers = value_terms(case_data, policy.value_rules())
    return Scanner(lex_terms + tuple(terms), patterns, numbers)


def value_terms(case_data: Mapping[str, Any], rules: Sequence[FieldRule]) -> tuple[list[Term], list[Term]]:
    """Terms (and digit-only numbers) for every value the case holds at the rules' paths."""
    terms: list[Term] = []
    numbers: list[Term] = []
    for rule in rules:
        rule_id = f"VALUE:{rule.path}"
        for value in _values_at(case_data, rule.path.replace("[]", ".[]").split(".")):
            for form, shown in _forms(value, rule.values == "address").items():
                try:
                    term = make_term(form, rule.reason, rule_id, "case-value")
                except ValueError:
                    continue  # punctuation-only values cannot be written in any text
                terms.append(replace(term, text=shown))
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 7 and len(digits) * 2 >= len(re.sub(r"\W", "", value)):
                for d in {digits, digits[1:] if len(digits) == 11 and digits[0] == "1" else digits}:
                    numbers.append(Term(value, d, rule.reason, rule_id, "case-value", False))
    # One character cannot be searched for without hitting every text.
    return [t for t in terms if len(t.skeleton) >= 2], numbers


def _values_at(data: Any, parts: list[str]) -> Iterator[str]:
    if not parts:
        yield from _leaves(data)
        return
    head, rest = parts[0], parts[1:]
    if head == "":
        yield from _values_at(data, rest)
    elif head == "[]":
        if isinstance(data, list):
            for item in data:
                yield from _values_at(item, rest)
    elif isinstance(data, Mapping) and head in data:
        yield from _values_at(data[head], rest)


def _leaves(data: Any) -> Iterator[str]:
    if isinstance(data, Mapping):
        for v in data.values():
            yield from _leaves(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _leaves(v)
    elif isinstance(data, bool) or data is None:
        return  # flags like in_care: true are not words anyone writes
    elif isinstance(data, (str, int, float)):
        text = str(data).strip()
        if text:
            yield text


_ADDRESS_WORDS = {
    "n": "north", "s": "south", "e": "east", "w": "west", "ne": "northeast",
    "nw": "northwest", "se": "southeast", "sw": "southwest", "st": "street",
    "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive", "blvd": "boulevard",
    "ln": "lane", "ct": "court", "pl": "place", "ter": "terrace", "hwy": "highway",
    "pkwy": "parkway", "cir": "circle", "apt": "apartment", "ste": "suite", "mt": "mount",
    "ft": "fort",
}
_ALTERNATIVES: dict[str, set[str]] = {}
for _short, _long in _ADDRESS_WORDS.items():
    _ALTERNATIVES.setdefault(_short, {_short}).add(_long)
    _ALTERNATIVES.setdefault(_long, {_long}).add(_short)
_ALTERNATIVES["st"].add("saint")
for _unit in ("apt", "apartment", "unit", "suite", "ste", "#"):
    _ALTERNATIVES.setdefault(_unit, {_unit}).update({"apt", "apartment", "unit", "suite", ""})
_EMAIL = re.compile(r"([^@\s]+)@([^@\s]+\.[^@\s]+)")


def _forms(value: str, address: bool) -> dict[str, str]:
    """The ways a value may be written, each with the part of the value it stands for."""
    bases = {value}
    if address and "," in value:
        bases.add(value.split(",", 1)[0].strip())  # the street part alone
    spans = split_sentences(value)
    if len(spans) > 1:
        bases.update(value[a:b] for a, b in spans)
    forms: dict[str, str] = {}
    for base in bases:
        forms[base] = base
        for variant in _spelled_variants(base):
            forms.setdefault(variant, base)
        m = _EMAIL.fullmatch(base.strip())
        if m:
            local, domain = m.groups()
            forms.setdefault(f"{local} at {domain}", base)
            forms.setdefault(f"{local} at {domain.replace('.', ' dot ')}", base)
    return forms


def _spelled_variants(text: str, limit: int = 64) -> list[str]:
    words = text.split()
    choices = [sorted(_ALTERNATIVES.get(w.casefold().strip(".,"), {w})) for w in words]
    if not any(len(c) > 1 for c in choices):
        return []
    out = []
    for combo in product(*choices):
        out.append(" ".join(w for w in combo if w))
        if len(out) >= limit:
            break
    return out


def _all(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i != -1:
        yield i
        i = haystack.find(needle, i + 1)


def _word_end(norm: Normalized, end: int) -> int | None:
    """End of the word if the match ends one (allowing a plural -s/-es), else None."""
    skel = norm.skeleton
    if norm.ends_word(end - 1):
        return end
    if skel.startswith("s", end) and norm.ends_word(end):
        return end + 1
    if skel.startswith("es", end) and norm.ends_word(end + 1):
        return end + 2
    return None
