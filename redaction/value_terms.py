"""The case's own withheld values as scanner terms, whole and by their significant parts.

A value matched only whole misses how people write: a caseworker's surname
alone ("Ms. Okafor"), "Okafor, Dana", a placement's distinctive word, a
medication without its dose, a street name without its house number. So each
withheld value also yields its parts, by the kind the policy gives it
(``values: name|text|address``):

* name: every part of the name (surname alone, "Last, First", initial and
  surname, title and surname); a part that is also a child's name, or the
  name of the public place or agency, is not a term on its own.
* text: proper-noun phrases ("Bright Futures Network"), rare words (Zipf
  frequency below 3.5 in English and Spanish, from ``wordfreq``), and the
  value without its doses ("Seroquel 100 mg" -> "Seroquel").
* address: the street as written and in every spelling (St/Street...), the
  house number with the street name, the street name with its type; the
  spellings are data (redaction/lexicons/address-forms.yaml).

A part that is also an everyday word ("Brown", "Park", "Example") matches
only when written with a capital letter, so "brown hoodie" is not a
caseworker named Brown; the whole name still matches in any case.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import product
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .forms import address_words
from .lexicon import Term, make_term
from .normalize import normalize
from .policy import FieldRule
from .sentences import split_sentences

# Zipf frequency (wordfreq: 3 = once per million words) at or above which a word is everyday.
EVERYDAY_ZIPF = 4.0
# Below this a word is rare enough to identify the withheld fact it comes from.
RARE_ZIPF = 3.5

_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "don", "dona", "doña", "prof")
_NAME_PARTICLES = frozenset("jr sr ii iii iv de del la las los y e van von da di du le st".split())
_CONNECTORS = frozenset("of de del la las los y e and & for the el en at on".split())
_TOKEN = re.compile(r"[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|cc|units?|iu|%|milligrams?|miligramos?)\b"
    r"|\b(?:once|twice|three times)\s+(?:a\s+)?(?:day|daily|week|weekly)\b"
    r"|\b(?:daily|nightly|bid|tid|qid|qhs|qd|prn|as needed|at bedtime|in the morning|tabs?|tablets?|"
    r"capsules?|caps|diarias?|al d[ií]a|cada \d+ horas)\b", re.IGNORECASE)

_EMAIL = re.compile(r"([^@\s]+)@([^@\s]+\.[^@\s]+)")


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a word is in English or Spanish, whichever is higher (wordfreq Zipf); never raises."""
    from wordfreq import zipf_frequency  # imported on first use: ~0.6 s

    w = word.casefold()
    # The "small" lists (words above Zipf 3) load in 0.1 s; rarer words read as 0, i.e. rare.
    return max(zipf_frequency(w, "en", wordlist="small"), zipf_frequency(w, "es", wordlist="small"))


def everyday(word: str) -> bool:
    """Whether a word is common enough that it must be capitalised to count as a name; never raises."""
    return zipf(word) >= EVERYDAY_ZIPF


def value_terms(case_data: Mapping[str, Any], rules: Sequence[FieldRule],
                protected: Iterable[str] = ()) -> tuple[list[Term], list[Term]]:
    """Terms (and digit-only numbers) for every value the case holds at the rules' paths.

    ``protected`` are words that are never terms on their own (the children's names,
    the public city and agency); whole values containing them still are. Never raises.
    """
    keep_out = {normalize(w) for w in protected} - {""}
    terms: list[Term] = []
    numbers: list[Term] = []
    for rule in rules:
        rule_id = f"VALUE:{rule.path}"
        for value in values_at(case_data, rule.path):
            for form, (shown, capitalized) in _forms(value, rule.values or "text", keep_out).items():
                try:
                    term = make_term(form, rule.reason, rule_id, "case-value")
                except ValueError:
                    continue  # punctuation-only values cannot be written in any text
                terms.append(replace(term, text=shown, capitalized=capitalized))
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 7 and len(digits) * 2 >= len(re.sub(r"\W", "", value)):
                for d in {digits, digits[1:] if len(digits) == 11 and digits[0] == "1" else digits}:
                    numbers.append(Term(value, d, rule.reason, rule_id, "case-value", False))
    # One character cannot be searched for without hitting every text.
    return [t for t in terms if len(t.skeleton) >= 2], numbers


def values_at(data: Any, path: str) -> Iterator[str]:
    """Every non-empty string or number under a policy path ("a.b[].c"); never raises."""
    yield from _values_at(data, path.replace("[]", ".[]").split("."))


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


_Forms = dict[str, tuple[str, bool]]


def _forms(value: str, kind: str, keep_out: set[str]) -> _Forms:
    """The ways a value may be written: form -> (the part of the value it stands for, capitalised only)."""
    forms: _Forms = {}
    bases = {value}
    spans = split_sentences(value)
    if len(spans) > 1:
        bases.update(value[a:b] for a, b in spans)
    for base in bases:
        _add(forms, base, base)
        for variant in _spelled_variants(base):
            _add(forms, variant, base)
        m = _EMAIL.fullmatch(base.strip())
        if m:
            local, domain = m.groups()
            _add(forms, f"{local} at {domain}", base)
            _add(forms, f"{local} at {domain.replace('.', ' dot ')}", base)
    if _EMAIL.search(value) or re.fullmatch(r"[\d\s()+.\-]+", value):
        return forms  # an address or a number: its parts are not words anyone writes alone
    if kind == "name":
        _name_parts(value, keep_out, forms)
    elif kind == "address":
        _address_parts(value, forms)
    else:
        _text_parts(value, keep_out, forms)
    return forms


def _add(forms: _Forms, form: str, shown: str, capitalized: bool = False) -> None:
    form = form.strip()
    if form and form not in forms:
        forms[form] = (shown, capitalized)


def _name_parts(value: str, keep_out: set[str], forms: _Forms) -> None:
    tokens = [t for t in _TOKEN.findall(value) if t.casefold().strip(".") not in _TITLES]
    words = [t for t in tokens if t.casefold() not in _NAME_PARTICLES]
    pieces = {p for w in words for p in [w, *w.split("-")] if len(normalize(p)) >= 2}
    for piece in pieces:
        if normalize(piece) not in keep_out:
            _add(forms, piece, value, everyday(piece))
    if len(words) >= 2:
        first, last = words[0], words[-1]
        # "Okafor, Dana", "D. Okafor", "Ms. Okafor": written even when the surname alone is not a term.
        _add(forms, f"{last}, {first}", value)
        _add(forms, f"{last} {first}", value)
        if normalize(last) not in keep_out:
            _add(forms, f"{first[0]}. {last}", value)
        for title in _TITLES:
            _add(forms, f"{title} {last}", value)


def _text_parts(value: str, keep_out: set[str], forms: _Forms) -> None:
    undosed = " ".join(_DOSE.sub(" ", value).split()).strip(" ,;:-")
    if undosed and undosed != value.strip():
        _add(forms, undosed, value)
    tokens = list(_TOKEN.finditer(value))
    run: list[str] = []
    padded: list[re.Match[str] | None] = [*tokens, None]  # None ends the last run
    for m in padded:
        word = m.group(0) if m else ""
        if m and word[:1].isupper():
            run.append(word)
            continue
        if m and run and word.casefold() in _CONNECTORS:
            run.append(word)
            continue
        while run and run[-1].casefold() in _CONNECTORS:
            run.pop()
        if sum(1 for w in run if w[:1].isupper()) >= 2:
            _add(forms, " ".join(run), value)  # a proper-noun phrase: "Bright Futures Network"
        run = []
    for m in tokens:
        word = m.group(0)
        skeleton = normalize(word)
        if len(skeleton) < 3 or skeleton in keep_out or skeleton.isdigit():
            continue
        if word[:1].isupper() and m.start() > 0 and zipf(word) < EVERYDAY_ZIPF:
            _add(forms, word, value, True)  # a proper noun inside the text: "Decatur"
        elif len(skeleton) >= 4 and zipf(word) < RARE_ZIPF:
            _add(forms, word, value)


def _address_parts(value: str, forms: _Forms) -> None:
    street = value.split(",", 1)[0].strip()
    _add(forms, street, value)
    words = [w.strip(".,") for w in street.split()]
    words = [w for w in words if w]
    known = address_words()
    unit = next((i for i, w in enumerate(words) if w.casefold() in known.unit_words), len(words))
    words = words[:unit]
    number = [w for w in words if any(c.isdigit() for c in w)][:1]
    rest = [w for w in words if w not in number]
    direction = [w for w in rest[:1] if w.casefold() in known.directions]
    kinds = [w for w in rest if w.casefold() in known.street_types]
    name = [w for w in rest if w not in direction and w not in kinds]
    if not name:
        return
    bases = []
    if number:
        bases += [number + name, number + direction + name]
    if kinds:
        bases += [name + kinds, direction + name + kinds]
        bases += [kinds + name]  # "Calle Roble", "Avenida Juárez"
    for base in bases:
        text = " ".join(base)
        _add(forms, text, value)
        for variant in _spelled_variants(text):
            _add(forms, variant, value)


def _spelled_variants(text: str, limit: int = 64) -> list[str]:
    words = text.split()
    spellings = address_words().spellings
    choices = [sorted(spellings.get(w.casefold().strip(".,"), {w})) for w in words]
    if not any(len(c) > 1 for c in choices):
        return []
    out = []
    for combo in product(*choices):
        out.append(" ".join(w for w in combo if w))
        if len(out) >= limit:
            break
    return out
