"""What a reviewer works from: the scan's findings, the emptied headline fields, and the decisions in force.

Built from the redaction alone (no photos, no faces), so `posters review` answers in
a fraction of a second; the web review page calls the same function.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .deciding import current_release
from .decisions import DecisionLog
from .emptied import Emptied, emptied_fields

if TYPE_CHECKING:
    from redaction import Decision, Policy, Release

    from ..case import Case

PHOTO_KINDS = ("photo_text", "face_cover")


@dataclass(frozen=True)
class DecisionState:
    """One reviewer decision and what it does in the current release."""

    decision: Any
    state: str   # "applied" | "unused" | "photo" | "undone"
    note: str    # a person's explanation of the state

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; never raises."""
        return {**self.decision.model_dump(mode="json"), "state": self.state, "note": self.note}


@dataclass(frozen=True)
class ReviewSummary:
    """Everything `posters review CASE` lists."""

    case_id: str
    findings: tuple["Decision", ...]         # what the text scan withheld or a reviewer decided
    policy_withheld: int                      # fields the policy itself withholds (never public)
    emptied: tuple[Emptied, ...]
    decisions: tuple[DecisionState, ...]
    internal_path: str = "missing.circumstances"
    release: "Release | None" = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for `posters review --json`; never raises."""
        return {
            "case_id": self.case_id,
            "findings": [{**d.to_dict(), "restorable": restorable(d, self.internal_path)} for d in self.findings],
            "policy_withheld": self.policy_withheld,
            "emptied": [e.to_dict() for e in self.emptied],
            "decisions": [s.to_dict() for s in self.decisions],
        }


def restorable(d: "Decision", internal_path: str) -> bool:
    """Whether a reviewer may restore what this redaction decision withheld; never raises."""
    return (d.action != "kept" and d.matched is not None and d.review is None
            and d.path.split("#", 1)[0] != internal_path)


def review_summary(case: "Case", log: DecisionLog, policy: "Policy | None" = None) -> ReviewSummary:
    """The findings and decisions of a case as a reviewer sees them; raises RedactionError."""
    from ..public import default_policy

    policy = policy or default_policy()
    release = current_release(case, log, policy)
    findings = tuple(d for d in release.decisions if (d.action != "kept" and d.matched is not None) or d.review)
    policy_withheld = sum(1 for d in release.decisions if d.action != "kept" and d.matched is None and not d.review)
    return ReviewSummary(case.case_id, findings, policy_withheld,
                         tuple(emptied_fields(release)), tuple(decision_states(log, release)),
                         policy.circumstances_internal, release)


def decision_states(log: DecisionLog, release: "Release") -> list[DecisionState]:
    """Each decision of the log (undone ones too) with what it does in this release; never raises."""
    unused = set(release.unused_overrides)
    states = []
    for d in log.decisions:
        if d.undone is not None:
            states.append(DecisionState(d, "undone", f"undone by {d.undone.by.label()} at {d.undone.at.isoformat()}"
                                        + (f": {d.undone.reason}" if d.undone.reason else "")))
        elif d.kind in PHOTO_KINDS:
            states.append(DecisionState(d, "photo", "applied when the public photos are prepared"))
        elif d.id in unused:
            states.append(DecisionState(d, "unused", "changes nothing now: the text it names is no longer "
                                                     "there, or the policy withholds the field"))
        else:
            states.append(DecisionState(d, "applied", "in force"))
    return states
