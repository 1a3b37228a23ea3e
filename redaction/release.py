"""The result of redaction: public data plus the record of every decision.

Decisions are for reviewers only. A reason code is itself confidential (a
CONF-CARE note says the child was in care), so nothing in ``decisions`` may
reach a public artifact; renderers take ``Release.public`` and nothing else.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any, Iterator

KEPT = "kept"
WITHHELD = "withheld"
SENTENCE_DROPPED = "sentence_dropped"
ACTIONS = (KEPT, WITHHELD, SENTENCE_DROPPED)


@dataclass(frozen=True)
class Decision:
    """What happened to one field, list item or sentence, and why."""

    path: str            # "children[0].clothing", "missing.circumstances#2" (sentence 2, 1-based)
    action: str          # "kept" | "withheld" | "sentence_dropped"
    rule_id: str
    reason: str          # reason code: PUBLIC or CONF-*
    matched: str | None  # the term that matched, if text scanning decided
    text: str            # the original value or sentence, for reviewers
    citation: str        # one line, from the policy (for a reviewer's decision: who, when, why)
    review: str | None = None  # the id of the reviewer's decision that made this one, if any

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; never raises."""
        return asdict(self)


@dataclass(frozen=True)
class Emptied:
    """A headline field that had a value and lost all of it to redaction."""

    path: str    # "missing.city", "children[0].clothing", "children[0].distinguishing_marks[1]"
    shows: str   # what the poster shows instead, from the policy's headline_fields
    reason: str  # the reason code that withheld it (of its first withheld sentence, for free text)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; never raises."""
        return asdict(self)


@dataclass(frozen=True)
class Release:
    """Public data (same shape as the case, published fields only) and the decisions."""

    public: dict[str, Any]
    decisions: tuple[Decision, ...]
    policy_version: str
    # Headline fields redaction emptied, for check/redact/review to say so; reviewers only.
    emptied: tuple[Emptied, ...] = ()
    unused_overrides: tuple[str, ...] = ()  # reviewer overrides that changed nothing in this case

    def __post_init__(self) -> None:
        # The caller's dict must not be able to change a release after the fact.
        object.__setattr__(self, "public", copy.deepcopy(self.public))

    def canonical_json(self) -> str:
        """The public data as canonical JSON (sorted keys, no spaces); never raises for JSON data."""
        return _canonical(self.public)

    def public_hash(self) -> str:
        """sha256 hex of the canonical public data together with the policy version; never raises."""
        payload = _canonical({"policy_version": self.policy_version, "public": self.public})
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def withheld(self) -> Iterator[Decision]:
        """Decisions that kept something out of the release; never raises."""
        return (d for d in self.decisions if d.action != KEPT)

    def kept(self) -> Iterator[Decision]:
        """Decisions that published something; never raises."""
        return (d for d in self.decisions if d.action == KEPT)

    def to_review_dict(self) -> dict[str, Any]:
        """JSON-ready review record: policy version, public hash, public data, all decisions."""
        counts = {a: sum(1 for d in self.decisions if d.action == a) for a in ACTIONS}
        return {
            "policy_version": self.policy_version,
            "public_hash": self.public_hash(),
            "counts": counts,
            "public": copy.deepcopy(self.public),
            "decisions": [d.to_dict() for d in self.decisions],
            "emptied": [e.to_dict() for e in self.emptied],
        }


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
