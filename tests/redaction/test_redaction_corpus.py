"""The labelled corpus: recall and over-redaction floors, through the scanner and through redact()."""
from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

import redaction

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import redaction_corpus  # noqa: E402  (bench/redaction_corpus.py)

# The floors reached when this was written (recall 100 %, over-redaction 0 % on 112 + 54
# sentences); the issue asks for at least 95 % and at most 5 %. A change that loses
# ground fails here.
RECALL_FLOOR = 0.95
OVER_REDACTION_CEILING = 0.05


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return redaction_corpus.evaluate(redaction_corpus.load())


def test_corpus_is_big_enough() -> None:
    corpus = redaction_corpus.load()
    assert len(corpus["caught"]) >= 80 and len(corpus["innocent"]) >= 50
    for label in ("caught", "innocent"):
        assert {item["lang"] for item in corpus[label]} == {"en", "es"}


@pytest.mark.parametrize("lang", ["*", "en", "es"])
def test_recall_floor(result: dict[str, Any], lang: str) -> None:
    flags = result["groups"][("caught", lang, "*")]
    missed = [r["text"] for r in result["rows"] if r["label"] == "caught" and not r["hits"]
              and lang in ("*", r["lang"])]
    assert redaction_corpus.rate(flags) >= RECALL_FLOOR, missed


@pytest.mark.parametrize("lang", ["*", "en", "es"])
def test_over_redaction_ceiling(result: dict[str, Any], lang: str) -> None:
    flags = result["groups"][("innocent", lang, "*")]
    flagged = [(r["text"], r["hits"]) for r in result["rows"] if r["label"] == "innocent" and r["hits"]
               and lang in ("*", r["lang"])]
    assert redaction_corpus.rate(flags) <= OVER_REDACTION_CEILING, flagged


def test_redact_drops_caught_sentences_and_keeps_innocent_ones() -> None:
    # The same verdicts through the real path: every sentence as public_circumstances.
    corpus = redaction_corpus.load()
    case = copy.deepcopy(corpus["case"])
    caught = [item["text"] for item in corpus["caught"]]
    innocent = [item["text"] for item in corpus["innocent"]]
    case["missing"]["public_circumstances"] = "\n".join(caught + innocent)
    release = redaction.redact(case)
    published = release.public["missing"].get("public_circumstances", "")
    dropped = sum(1 for text in caught if text not in published)
    kept = sum(1 for text in innocent if text in published)
    assert dropped / len(caught) >= RECALL_FLOOR
    assert kept / len(innocent) >= 1 - OVER_REDACTION_CEILING
    # The internal narrative of the corpus case never shows, whatever survives.
    assert "AWOL" not in release.canonical_json() and published
