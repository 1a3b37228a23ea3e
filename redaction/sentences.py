"""Sentence splitting with spans, for dropping whole sentences.

Splitting only decides what a reader sees as one unit; safety never depends
on it, because hits are found on the whole text first and every sentence a
hit touches is dropped (a term split across two "sentences" drops both).
"""
from __future__ import annotations

import re

from .forms import sentence_abbreviations

_BOUNDARY = re.compile(r"([.!?\u2026\u3002]+[\"'\u201d\u2019\u00bb)\]]*)(\s+)|[ \t]*\n\s*")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the non-blank sentences of ``text``; never raises once the policy has loaded.

    A period after a word of redaction/lexicons/sentence-abbreviations.yaml does not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1):
            if _continues(text, m):
                continue
            end = m.start() + len(m.group(1))
        else:
            end = m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _continues(text: str, m: re.Match[str]) -> bool:
    nxt = text[m.end():m.end() + 1]
    if nxt.islower():
        return True  # "approx. five feet": a lowercase word goes on the sentence
    if m.group(1) != ".":
        return False
    before = _WORD_BEFORE.search(text, 0, m.start() + 1)
    word = before.group(1) if before else ""
    # A capital initial ("J. Rivera", "N. Oak") continues; "9 p.m. She" ends.
    return word.lower() in sentence_abbreviations() or (len(word) == 1 and word.isupper())


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
