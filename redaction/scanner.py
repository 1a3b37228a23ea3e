"""Find confidential terms in any text: lexicons plus the case's own secrets.

The same Scanner serves redact() and the leak scan of finished artifacts
(PDF text, metadata, captions, file names), so both apply one definition of
"confidential". Build it once per case; find() is then a few ms for 5 KB.

Terms are indexed by their first characters and looked up at each word start,
so tens of thousands of terms (a full medication dictionary) cost no more per
text than a hundred.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from .contacts import REASON as CONTACT_REASON
from .contacts import ContactAllowlist, find_contacts
from .lexicon import Pattern, Term
from .normalize import Normalized, analyze, normalize
from .places import PlaceNames
from .policy import Policy
from .value_terms import value_terms, values_at

_DIGIT = re.compile(r"\d")
_KEY = 4  # terms at least this long are indexed by their first _KEY skeleton characters


@dataclass(frozen=True)
class Hit:
    """One confidential match; ``span`` indexes the original text."""

    term: str
    reason: str
    rule_id: str
    source: str  # "lexicon" | "case-value" | "contact"
    span: tuple[int, int]


class Scanner:
    """Matches terms on the normalized skeleton, numbers on digit runs, patterns on plain text.

    ``names`` are the children's names: a lexicon term that is exactly one of them, as a
    whole word ("Foster", "Hope"), is not a hit. ``places`` excuses lexicon terms inside a
    real place name written as one ("Foster City"). ``contacts`` allows the numbers and
    addresses public text may carry; without it, contact details are not searched.
    """

    def __init__(self, terms: Iterable[Term], patterns: Iterable[Pattern] = (),
                 numbers: Iterable[Term] = (), *, names: Iterable[str] = (),
                 places: PlaceNames | None = None, contacts: ContactAllowlist | None = None) -> None:
        self._short: dict[str, list[Term]] = {}
        self._long: dict[str, list[Term]] = {}
        self._count = 0
        seen: set[str] = set()
        for term in terms:
            index = self._short if len(term.skeleton) < _KEY else self._long
            index.setdefault(term.skeleton[:_KEY], []).append(term)
            seen.add(term.skeleton)
        self._count = len(seen)
        self._patterns = tuple(patterns)
        self._numbers = tuple(numbers)
        self._names = frozenset(s for s in (normalize(n) for n in names) if s)
        self._places = places
        self._contacts = contacts

    @property
    def term_count(self) -> int:
        """How many distinct skeletons, patterns and numbers are searched; never raises."""
        return self._count + len(self._patterns) + len(self._numbers)

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, ordered by position; never raises."""
        return self.find_in(analyze(text))

    def find_in(self, norm: Normalized) -> list[Hit]:
        """Every hit in already-normalized text, ordered by position; never raises."""
        hits: set[Hit] = set(self._term_hits(norm))
        has_digits = _DIGIT.search(norm.plain) is not None
        for number in self._numbers if has_digits else ():
            for start in _all(norm.digits, number.skeleton):
                span = norm.span_of_digits(start, start + len(number.skeleton))
                hits.add(Hit(number.text, number.reason, number.rule_id, number.source, span))
        for pattern in self._patterns:
            if pattern.requires is not None and pattern.requires not in norm.plain:
                continue
            for m in pattern.regex.finditer(norm.plain):
                span = norm.span_of_plain(m.start(), m.end())
                hits.add(Hit(norm.original[span[0]:span[1]], pattern.reason, pattern.rule_id,
                             "lexicon", span))
        if self._contacts is not None:
            for rule_id, label, span in find_contacts(norm, self._contacts):
                hits.add(Hit(norm.original[span[0]:span[1]] or label, CONTACT_REASON, rule_id,
                             "contact", span))
        excused = self._excused_spans(norm, hits)
        return sorted((h for h in hits if not (h.source == "lexicon" and excused(h))),
                      key=lambda h: (h.span, h.rule_id, h.term))

    def _excused_spans(self, norm: Normalized, hits: set[Hit]) -> Any:
        places = self._places.spans(norm) if self._places is not None and \
            any(h.source == "lexicon" for h in hits) else []
        text = norm.original

        def excused(hit: Hit) -> bool:
            a, b = hit.span
            if any(pa <= a and b <= pb for pa, pb in places):
                return True
            # A child's own name, as a whole word: "Foster" the surname, not "foster care".
            whole = (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())
            return whole and normalize(text[a:b]) in self._names
        return excused

    def _term_hits(self, norm: Normalized) -> Iterator[Hit]:
        skel = norm.skeleton
        for start in norm.word_starts:
            candidates: list[Term] = []
            for length in range(1, _KEY):
                candidates += self._short.get(skel[start:start + length], ())
            candidates += self._long.get(skel[start:start + _KEY], ())
            for term in candidates:
                if not skel.startswith(term.skeleton, start):
                    continue
                end = start + len(term.skeleton)
                stop = _word_end(norm, end) if term.whole_word else end
                if stop is None:
                    continue
                span = norm.span_of_skeleton(start, end)
                written = norm.original[span[0]:span[1]]
                if not any(c.isalpha() for c in written) and any(c.isalpha() for c in term.text):
                    continue  # "554" (a size in a manifest) is a number, not the acronym "SSA"
                if term.acronym and any(c.islower() for c in written):
                    continue  # "CASA" the program, not "casa" the Spanish word
                if term.capitalized and not next((c for c in written if c.isalnum()), "a").isupper():
                    continue  # "Brown" the caseworker, not "brown" the colour
                yield Hit(term.text, term.reason, term.rule_id, term.source,
                          norm.span_of_skeleton(start, stop))


def mask(term: str) -> str:
    """Name a secret without printing it: first letter and length ("S*** (13 chars)"); never raises."""
    first = next((c for c in term if not c.isspace()), "")
    return f"{first}*** ({len(term)} chars)"


def build_scanner(case_data: Mapping[str, Any], policy: Policy) -> Scanner:
    """Scanner for one case: the policy's lexicons plus the case's withheld values; never raises."""
    lex_terms, patterns = policy.lexicon_entries()
    names = [v for rule in policy.rules.values() if rule.treatment == "name"
             for v in values_at(case_data, rule.path)]
    name_words = {w for n in names for w in n.replace("-", " ").split()}
    # Words of the public place and agency are not terms alone: a caseworker's note about
    # "a previous placement in Columbus" must not withhold the city the child went missing in.
    anchors = [v for path in policy.public_anchors for v in values_at(case_data, path)]
    protected = name_words | {w for a in anchors for w in a.replace(",", " ").split()}
    terms, numbers = value_terms(case_data, policy.value_rules(), protected)
    contacts = policy.public_contacts
    allow = ContactAllowlist.build(
        list(contacts.phones) + [v for p in contacts.from_case_phones for v in values_at(case_data, p)],
        [v for p in contacts.from_case_urls for v in values_at(case_data, p)],
        contacts.sites)
    return Scanner(lex_terms + tuple(terms), patterns, numbers, names=set(names) | name_words,
                   places=PlaceNames.bundled(), contacts=allow)


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
