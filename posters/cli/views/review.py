"""Plain-text output of `posters review` (the CLI prints these lines)."""
from __future__ import annotations

from typing import Any

from posters.review.summary import ReviewSummary, restorable

_STATE = {"applied": "in force", "unused": "changes nothing now", "photo": "for the photo step", "undone": "undone"}


def summary_lines(s: ReviewSummary) -> list[str]:
    """The findings, emptied fields and decisions of one case; never raises."""
    lines = [f"review of case {s.case_id}"]
    scan = [d for d in s.findings if not d.review]
    if scan:
        lines.append(f"withheld by the text scan ({len(scan)}); a reviewer may restore these, with a reason:")
        for d in scan:
            note = "" if restorable(d, s.internal_path) else "  [internal narrative: never restored; write missing.public_circumstances]"
            lines.append(f"  {d.path}  {d.reason}  matched “{d.matched}”: {d.text}{note}")
    else:
        lines.append("the text scan withheld nothing")
    lines.append(f"withheld by the policy itself: {s.policy_withheld} field{'s' * (s.policy_withheld != 1)} "
                 "(never public; posters redact CASE lists them)")
    if s.emptied:
        lines.append("headline fields redaction emptied:")
        lines += [f"  {e.path}: {e.message()}" for e in s.emptied]
    if s.decisions:
        lines.append("reviewer decisions:")
        for st in s.decisions:
            lines.append(f"  {decision_line(st.decision)}  [{_STATE[st.state]}]")
            if st.state in ("unused", "undone"):
                lines.append(f"      {st.note}")
    else:
        lines.append("no reviewer decisions yet")
    lines.append("decide: posters review CASE --restore PATH [--sentence N] --reason TEXT --reviewer NAME")
    lines.append("        posters review CASE --withhold PATH [--sentence N | --span TEXT] --reason TEXT --reviewer NAME")
    lines.append("        posters review CASE --undo ID --reviewer NAME")
    return lines


def decision_line(d: Any) -> str:
    """'R2 restore children[0].clothing#1 by T. Okonkwo at 2026-11-25T12:00:00+00:00: <reason>'; never raises."""
    return f"{d.id} {d.kind} {d.target()} by {d.by.label()} at {d.at.isoformat()}: {d.reason}"


def recorded_lines(d: Any, *, citation: str | None = None, undone: bool = False) -> list[str]:
    """What one new decision (or undo) did; never raises."""
    if undone:
        lines = [f"undone {d.id} {d.kind} {d.target()} (by {d.undone.by.label()} at {d.undone.at.isoformat()})"]
    else:
        lines = [f"recorded {decision_line(d)}"]
        if citation:
            lines.append(f"it was withheld under: {citation}")
    lines.append("saved in review.json and the audit log; the release changed, so it must be approved again "
                 "(posters redact CASE shows the diff)")
    return lines
