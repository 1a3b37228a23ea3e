"""Messages and dates per language: gettext catalogs read with Babel, dates with Babel.

English msgids are the English text, so English needs no catalog. Gendered
Spanish words are looked up with a context (pgettext), never with conditionals
in templates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..errors import UnknownLanguage

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
_BABEL_LOCALE = {"en": "en_US", "es": "es_US"}


def unknown_language(language: str) -> UnknownLanguage:
    """The error for a language posters has no catalogue for, naming the ones it has."""
    supported = ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
    return UnknownLanguage(f"unknown language {language!r}; posters speaks {supported}")


def N_(msgid: str) -> str:
    """Marks a msgid for the catalogue where it is looked up later (a table of labels); returns it unchanged."""
    return msgid


def check_languages(languages: Sequence[str]) -> list[str]:
    """The languages, each once, in order; raises UnknownLanguage for one posters does not speak."""
    out = list(dict.fromkeys(languages))
    for language in out:
        if language not in LANGUAGES:
            raise unknown_language(language)
    if not out:
        raise unknown_language("")
    return out


@dataclass(frozen=True)
class Messages:
    """Translated messages and date formatting for one language."""

    language: str
    table: dict[tuple[str | None, str], str]

    def gettext(self, msgid: str, **params: object) -> str:
        return self._fill(self.table.get((None, msgid)) or msgid, params)

    def pgettext(self, context: str, msgid: str, **params: object) -> str:
        text = self.table.get((context, msgid)) or self.table.get((None, msgid)) or msgid
        return self._fill(text, params)

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        return self.gettext(singular if n == 1 else plural, **params)

    def date(self, value: dt.date) -> str:
        """A date in the language's long form: November 1, 2026 / 1 de noviembre de 2026."""
        from babel.dates import format_date

        return format_date(value, format="long", locale=_BABEL_LOCALE[self.language])

    def short_date(self, value: dt.date) -> str:
        """A numeric date for the facts table: 05/14/2010 / 14/05/2010."""
        from babel.dates import format_date

        return format_date(value, format="MM/dd/yyyy" if self.language == "en" else "dd/MM/yyyy",
                           locale=_BABEL_LOCALE[self.language])

    @staticmethod
    def _fill(text: str, params: dict[str, object]) -> str:
        return text % params if params else text


@lru_cache(maxsize=None)
def messages(language: str) -> Messages:
    """The catalog of a language; raises UnknownLanguage for a language we do not ship."""
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    if language == "en":
        return Messages("en", {})
    from babel.messages.pofile import read_po

    with open(_LOCALE_DIR / language / "LC_MESSAGES" / "posters.po", "rb") as fh:
        catalog = read_po(fh, locale=language)
    table = {(m.context, m.id): m.string for m in catalog
             if m.id and isinstance(m.string, str) and m.string and isinstance(m.id, str)}
    return Messages(language, table)
