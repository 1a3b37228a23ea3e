"""Findings about what the posters will print in each language: for `posters check`.

Every poster language gets its own text when the case gives it; when it does not, the
poster prints the other language's text (or, for controlled values, the value as written),
and a person should know before publishing.
"""
from __future__ import annotations

from typing import Any, Iterator

from posters.case import Case
from posters.check.readiness import Finding
from posters.render.controlled import known_words, unknown_values
from posters.render.i18n import LANGUAGE_NAMES, LANGUAGES
from posters.render.values import has_text_in, local_text

_KIND_WORDS = {"race": "race", "hair": "hair colour", "eyes": "eye colour", "vehicle_color": "vehicle colour"}
_CODES = {"race": "W, B, A, I, P, H", "hair": "BRO, BLK, BLN, RED", "eyes": "BRO, BLU, GRN, HAZ",
          "vehicle_color": "BLK, BLU, SIL, WHI"}


def language_findings(case: Case) -> list[Finding]:
    """Warnings for untranslated values, text missing in a poster language, and absent public circumstances."""
    import redaction

    from posters.public import default_policy

    # What the posters would print: the public data, so no message quotes a withheld word.
    data = redaction.redact(case.plain_data(), default_policy()).public
    out = [_untranslated(path, kind, value) for path, kind, value in unknown_values(data)]
    case_lang = case.model.case.language
    for path, value in _free_texts(data):
        for lang in LANGUAGES:
            if not has_text_in(value, lang, case_lang):
                other = local_text(value, lang, case_lang)
                out.append(Finding("warning", "text-language-missing", path,
                                   f"has no {LANGUAGE_NAMES[lang]} text, so the {LANGUAGE_NAMES[lang]} posters print "
                                   f"{_quote(other)}; write it per language: {{en: ..., es: ...}}"))
    if not (data.get("missing") or {}).get("public_circumstances"):
        from posters.render.context import last_seen_sentence

        sentence = last_seen_sentence(data, case_lang)
        out.append(Finding("warning", "no-public-circumstances", "missing.public_circumstances",
                           "is absent, so the posters print only a sentence made from the date and place "
                           f"({_quote(sentence)}); the internal narrative (missing.circumstances) is never "
                           "published. Write public_circumstances for the public to read"))
    return out


def _untranslated(path: str, kind: str, value: str) -> Finding:
    words = ", ".join(known_words(kind)[:8])
    return Finding("warning", "value-untranslated", path,
                   f"{value!r} is not a {_KIND_WORDS[kind]} the value tables know, so every poster prints it as "
                   f"written, untranslated; write one of {words}, ... or an NCIC code ({_CODES[kind]})")


def _free_texts(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(path, value) of every public free text that is printed in the poster's language."""
    missing = data.get("missing") or {}
    if missing.get("public_circumstances"):
        yield "missing.public_circumstances", missing["public_circumstances"]
    for group in ("children", "companions"):
        for i, person in enumerate(data.get(group) or []):
            if person.get("clothing"):
                yield f"{group}[{i}].clothing", person["clothing"]
            for j, mark in enumerate(person.get("distinguishing_marks") or []):
                yield f"{group}[{i}].distinguishing_marks[{j}]", mark


def _quote(text: str | None) -> str:
    if not text:
        return "nothing"
    text = " ".join(text.split())
    return f'"{text[:77]}…"' if len(text) > 80 else f'"{text}"'
