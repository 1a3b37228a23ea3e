"""Text normalization with a map back to the original text.

Matching never happens on the text as written. Each text gets three views:

* ``plain``: HTML entities decoded (repeatedly) and tags removed, NFKD with
  combining marks dropped, casefolded, Cyrillic/Greek look-alikes mapped to
  Latin, zero-width/soft-hyphen/bidi controls removed. Regex patterns run here.
* ``skeleton``: only letters and digits of ``plain`` with leetspeak folded
  (0>o, 1/l/|>i, 3>e, 4>a, 5/$>s, 7>t, @>a), plus word-start and word-end
  flags. Terms are compared here, so "G.R.O.U.P H-O-M-E" equals "group home".
* ``digits``: runs of digits joined across phone punctuation, for numbers.

Every character of every view keeps the span of original text it came from,
so a hit can be reported (and a sentence dropped) in the original text.
"""
from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from functools import cached_property, lru_cache

from .confusables import confusable_table

# Look-alikes seen after casefolding; the uppercase forms fold to these first.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "к": "k", "м": "m", "н": "h",
    "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ь": "b", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "һ": "h", "ү": "y", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Latin look-alikes NFKD leaves alone
    "ı": "i", "ȷ": "j", "ɑ": "a", "ł": "l", "ø": "o", "đ": "d", "ß": "ss",
}

# Capitals that look like a Latin capital but whose lowercase does not look like the
# Latin lowercase (Greek Eta "Η" folds to "η", which reads as "n"): mapped before casefolding.
_UPPER_HOMOGLYPHS = {"Η": "h", "Ν": "n", "Υ": "y", "Μ": "m", "Ζ": "z", "Ϲ": "c", "Ј": "j", "Ѕ": "s"}

# 'l' folds with '1' and 'i' because leetspeak uses '1' for both letters.
_LEET = str.maketrans({"0": "o", "1": "i", "l": "i", "|": "i", "3": "e", "4": "a",
                       "5": "s", "$": "s", "7": "t", "@": "a"})
_WORD_CHARS = re.compile(r"(?:[^\W_]|[@$|])+", re.UNICODE)
_MARKUP = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
                     r"|</?[A-Za-z][^<>]{0,500}>")
_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")
# Digits joined across the characters a phone number is written with.
_DIGIT_RUN = re.compile(r"[0-9](?:[ \t\-.()+/\u2010-\u2015\u2212]*[0-9])*")


class _SpanMap:
    """Maps positions of a derived string back to spans of its source string."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        # (out_start, out_len, in_start, in_end, identity): an identity segment maps
        # character by character; a block maps all its characters to one span.
        self.segments: list[tuple[int, int, int, int, bool]] = []

    def add(self, out_start: int, out_len: int, in_start: int, in_end: int, identity: bool) -> None:
        if out_len:
            self.starts.append(out_start)
            self.segments.append((out_start, out_len, in_start, in_end, identity))

    def lookup(self, i: int) -> tuple[int, int]:
        out_start, _, in_start, in_end, identity = self.segments[bisect_right(self.starts, i) - 1]
        if identity:
            pos = in_start + (i - out_start)
            return pos, pos + 1
        return in_start, in_end


class Normalized:
    """The views of one text, each character tied to a span of the original."""

    def __init__(self, original: str, plain: str, maps: list[_SpanMap], breaks: list[int]) -> None:
        self.original = original
        self.plain = plain
        self._maps = maps  # plain -> ... -> original, innermost last
        words: list[tuple[int, int]] = []
        for m in _WORD_CHARS.finditer(plain):
            a, b = m.span()
            k = bisect_right(breaks, a)
            while k < len(breaks) and breaks[k] < b:
                words.append((a, breaks[k]))
                a = breaks[k]
                k += 1
            words.append((a, b))
        self._word_plain = [a for a, _ in words]
        self._word_skel: list[int] = []
        total = 0
        for a, b in words:
            self._word_skel.append(total)
            total += b - a
        self._starts = set(self._word_skel)
        self.skeleton = "".join(plain[a:b] for a, b in words).translate(_LEET)

    @property
    def word_starts(self) -> list[int]:
        """Skeleton positions where a word begins, in order; never raises."""
        return self._word_skel

    def starts_word(self, i: int) -> bool:
        """Whether skeleton[i] begins a word; never raises."""
        return i in self._starts

    def ends_word(self, i: int) -> bool:
        """Whether skeleton[i] ends a word; never raises."""
        return i + 1 in self._starts or i + 1 == len(self.skeleton)

    def span_of_plain(self, start: int, end: int) -> tuple[int, int]:
        """Original span covered by plain[start:end]."""
        return self._to_original(start)[0], self._to_original(end - 1)[1]

    def span_of_skeleton(self, start: int, end: int) -> tuple[int, int]:
        """Original span covered by skeleton[start:end]."""
        return self.span_of_plain(self._skel_to_plain(start), self._skel_to_plain(end - 1) + 1)

    def span_of_digits(self, start: int, end: int) -> tuple[int, int]:
        """Original span covered by digits[start:end]."""
        index = self._digit_view[1]
        return self.span_of_plain(index[start], index[end - 1] + 1)

    @property
    def digits(self) -> str:
        """Digit runs joined across phone punctuation, separated by "|"."""
        return self._digit_view[0]

    @cached_property
    def _digit_view(self) -> tuple[str, list[int]]:
        out: list[str] = []
        index: list[int] = []
        for m in _DIGIT_RUN.finditer(self.plain):
            for i in range(m.start(), m.end()):
                if "0" <= self.plain[i] <= "9":
                    out.append(self.plain[i])
                    index.append(i)
            out.append("|")
            index.append(m.end() - 1)
        return "".join(out), index

    def _skel_to_plain(self, i: int) -> int:
        k = bisect_right(self._word_skel, i) - 1
        return self._word_plain[k] + (i - self._word_skel[k])

    def _to_original(self, i: int) -> tuple[int, int]:
        start, end = i, i + 1
        for span_map in self._maps:
            start = span_map.lookup(start)[0]
            end = span_map.lookup(end - 1)[1]
        return start, end


def normalize(text: str) -> str:
    """The skeleton of ``text``: folded letters and digits only; never raises."""
    return analyze(text).skeleton


def analyze(text: str) -> Normalized:
    """All normalized views of ``text`` with their maps to the original; never raises."""
    maps: list[_SpanMap] = []
    decoded = text
    for _ in range(4):  # entities inside entities: "&amp;lt;" takes two rounds
        if "&" not in decoded and "<" not in decoded:
            break
        new, span_map = _decode_html(decoded)
        if new == decoded:
            break
        decoded = new
        maps.insert(0, span_map)
    plain, span_map, breaks = _fold(decoded)
    maps.insert(0, span_map)
    return Normalized(text, plain, maps, breaks)


def _decode_html(text: str) -> tuple[str, _SpanMap]:
    """One round of entity decoding; tags become a space (they separate words)."""
    out: list[str] = []
    span_map = _SpanMap()
    pos = length = 0
    for m in _MARKUP.finditer(text):
        span_map.add(length, m.start() - pos, pos, m.start(), True)
        out.append(text[pos:m.start()])
        length += m.start() - pos
        token = m.group(0)
        repl = " " if token.startswith("<") else html.unescape(token)
        span_map.add(length, len(repl), m.start(), m.end(), False)
        out.append(repl)
        length += len(repl)
        pos = m.end()
    span_map.add(length, len(text) - pos, pos, len(text), True)
    out.append(text[pos:])
    return "".join(out), span_map


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> tuple[str, bool]:
    """Folded form of one character and whether it is an invisible separator."""
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat in ("Mn", "Me"):
            continue  # accents and stacked marks: "fóster" is "foster"
        if cat == "Cf":
            # zero-width, soft hyphen, bidi controls: removed, but they may
            # stand between words, so they count as a word break.
            return "".join(out), True
        if c in _UPPER_HOMOGLYPHS:
            out.append(_UPPER_HOMOGLYPHS[c])
            continue
        for f in c.casefold():
            # The hand table first (it reads Greek eta as "n"), then Unicode's confusables.
            out.append(_HOMOGLYPHS.get(f) or confusable_table().get(f, f))
    return "".join(out), False


def _fold(text: str) -> tuple[str, _SpanMap, list[int]]:
    """Casefold, NFKD, strip marks and invisibles, map homoglyphs; keep a span map."""
    span_map = _SpanMap()
    if text.isascii():
        span_map.add(0, len(text), 0, len(text), True)  # fast path: one char in, one out
        return text.lower(), span_map, []
    out: list[str] = []
    breaks: list[int] = []
    length = 0
    for m in _ASCII_OR_NOT.finditer(text):
        run = m.group(0)
        if run.isascii():
            out.append(run.lower())
            span_map.add(length, len(run), m.start(), m.end(), True)
            length += len(run)
            continue
        folded, is_break = _fold_char(run)
        if is_break:
            breaks.append(length)
        out.append(folded)
        span_map.add(length, len(folded), m.start(), m.end(), False)
        length += len(folded)
    return "".join(out), span_map, breaks
