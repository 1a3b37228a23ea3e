"""Controlled values of a description (sex, race, hair, eyes, a vehicle's colour) in each language.

The tables are data (posters/data/values.yaml), not code: a case file may write "Brown",
"café" or the NCIC code "BRO" and every poster prints the word of its own language. A value
the tables do not know is printed as written, and `unknown_values` lets `posters check` say so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import yaml

from ..errors import PostersError

VALUES_FILE = Path(__file__).resolve().parent.parent / "data" / "values.yaml"
KINDS = ("sex", "race", "hair", "eyes", "vehicle_color")
_SPACES = re.compile(r"\s+")


class ValueTableError(PostersError):
    """The bundled value tables cannot be read (a broken installation, not a user mistake)."""


@dataclass(frozen=True)
class Entry:
    """One controlled value: how each language prints it."""

    words: Mapping[str, str]  # language -> printed form


def _key(value: str) -> str:
    return _SPACES.sub(" ", value.strip().rstrip(".").strip()).casefold()


@lru_cache(maxsize=1)
def value_tables() -> Mapping[str, Mapping[str, Entry]]:
    """kind -> normalised spelling -> entry, read once; raises ValueTableError when the file is broken."""
    try:
        data = yaml.safe_load(VALUES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueTableError(f"the value tables {VALUES_FILE} cannot be read ({exc}); reinstall posters") from None
    tables: dict[str, Mapping[str, Entry]] = {}
    for kind in KINDS:
        table: dict[str, Entry] = {}
        for raw in (data or {}).get(kind) or []:
            entry = Entry(MappingProxyType({k: str(v) for k, v in raw.items() if k != "match"}))
            for spelling in [raw.get("en", "")] + list(raw.get("match") or []):
                table[_key(str(spelling))] = entry
        tables[kind] = MappingProxyType(table)
    return MappingProxyType(tables)


def lookup(kind: str, value: Any) -> Entry | None:
    """The entry a value names, or None when the tables do not know it; never raises for a user value."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value_tables()[kind].get(_key(value))


def describe(kind: str, value: Any, lang: str) -> str | None:
    """The value as a poster in `lang` prints it: the table's word, else the value as written."""
    if value in (None, ""):
        return None
    entry = lookup(kind, value)
    if entry is None:
        return str(value)
    return entry.words.get(lang) or entry.words.get("en") or str(value)


def unknown_values(case_data: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(path, kind, value) for every controlled value of the case the tables do not know."""
    people = [("children", c) for c in case_data.get("children") or []]
    people += [("companions", c) for c in case_data.get("companions") or []]
    counters: dict[str, int] = {}
    for group, person in people:
        i = counters.get(group, 0)
        counters[group] = i + 1
        for kind in ("race", "hair", "eyes"):
            value = person.get(kind)
            if value and lookup(kind, value) is None:
                yield f"{group}[{i}].{kind}", kind, str(value)
        color = (person.get("vehicle") or {}).get("color")
        if color and lookup("vehicle_color", color) is None:
            yield f"{group}[{i}].vehicle.color", "vehicle_color", str(color)


def known_words(kind: str, lang: str = "en") -> list[str]:
    """The words of one table in one language, in table order without repeats (for messages)."""
    seen: dict[str, None] = {}
    for entry in value_tables()[kind].values():
        seen.setdefault(entry.words.get(lang, ""), None)
    return [w for w in seen if w]
