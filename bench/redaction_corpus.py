"""Recall and over-redaction of the redaction net on the labelled corpus, per language and class.

    .venv/bin/python bench/redaction_corpus.py [--misses]

Recall: share of "caught" sentences with at least one hit. Over-redaction: share of
"innocent" sentences with any hit. Also prints the scanner's build and scan times.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus" / "redaction_corpus.yaml"


def load() -> dict[str, Any]:
    """The corpus file as data."""
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def evaluate(corpus: dict[str, Any]) -> dict[str, Any]:
    """Hits per sentence, with recall and over-redaction per (language, class) and overall."""
    import redaction

    policy = redaction.load_policy()
    t0 = time.perf_counter()
    scanner = redaction.build_scanner(corpus["case"], policy)
    build = time.perf_counter() - t0
    rows = []
    t0 = time.perf_counter()
    for label in ("caught", "innocent"):
        for item in corpus[label]:
            hits = scanner.find(item["text"])
            rows.append({**item, "label": label, "hits": [h.term for h in hits]})
    scan = (time.perf_counter() - t0) / max(1, len(rows))
    groups: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    for r in rows:
        flagged = bool(r["hits"])
        for key in ((r["label"], r["lang"], r["class"]), (r["label"], r["lang"], "*"),
                    (r["label"], "*", "*")):
            groups[key].append(flagged)
    return {"rows": rows, "groups": groups, "build_s": build, "scan_s": scan,
            "terms": scanner.term_count}


def rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def main(argv: list[str]) -> int:
    result = evaluate(load())
    groups = result["groups"]
    print(f"scanner: {result['terms']} terms, built in {result['build_s']:.2f} s, "
          f"{result['scan_s'] * 1000:.2f} ms per sentence")
    for label, title in (("caught", "recall"), ("innocent", "over-redaction")):
        print(f"\n{title} ({label} sentences)")
        for (lab, lang, cls), flags in sorted(groups.items()):
            if lab == label:
                print(f"  {lang:2} {cls:12} {rate(flags) * 100:6.1f} %  ({sum(flags)}/{len(flags)})")
    if "--misses" in argv:
        print("\nmissed:")
        for r in result["rows"]:
            if r["label"] == "caught" and not r["hits"]:
                print("  ", r["lang"], r["class"], r["text"])
        print("over-redacted:")
        for r in result["rows"]:
            if r["label"] == "innocent" and r["hits"]:
                print("  ", r["lang"], r["class"], r["text"], r["hits"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
