"""Look-alike characters from Unicode's confusables data (UTS #39).

The table comes from the ``confusable-homoglyphs`` package, which ships
Unicode's confusables.txt as JSON; it covers far more than the Cyrillic and
Greek letters normalize.py lists by hand (Armenian, Cherokee, Coptic,
mathematical and fullwidth forms, Latin small capitals...). Only characters
that look like one Latin letter or digit are used: folding them lets
"Ꮪunrise" (Cherokee S) match "sunrise".
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import confusable_homoglyphs

_TARGETS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@lru_cache(maxsize=1)
def confusable_table() -> dict[str, str]:
    """Non-ASCII character -> the Latin letter or digit it looks like (lowercase); never raises."""
    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for key, entries in data.items():
        target = key.casefold()
        if target not in _TARGETS:
            continue
        for entry in entries:
            char = entry.get("c", "")
            # Letters and digits only: punctuation such as "¡" must stay punctuation, or
            # "¡Ella" would read as one word "iella".
            if len(char) != 1 or char.isascii() or unicodedata.category(char)[0] not in "LN":
                continue
            for form in {char, char.casefold()}:
                if len(form) == 1 and not form.isascii():
                    table.setdefault(form, target)
    return table
