"""Headline fields that redaction emptied, and what the poster shows in their place.

Over-redaction must be visible: when the city, the agency, the clothing or the
marks of the case are withheld (by the scan or by a reviewer), `check`, `redact`
and `review` say so and say what the poster, card and caption print instead, so
the reviewer can restore the field or rewrite it for the public. Which fields were
emptied, and why, is redaction's answer (`Release.emptied`); this module puts it
in the poster's words.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..render.values import place_text


@dataclass(frozen=True)
class Emptied:
    """One headline field the case has and the release does not."""

    path: str
    what: str        # "the city", "the agency", "the clothing", "the distinguishing marks"
    reason: str      # the reason code that withheld it (CONF-*, or CONF-REVIEW for a reviewer's decision)
    instead: str     # what the public artifacts show instead

    def message(self) -> str:
        """One line for people; never raises."""
        verb = "were" if self.what.endswith("marks") or ")" in self.what else "was"
        return f"{self.what} {verb} withheld ({self.reason}); {self.instead}"

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form; never raises."""
        return {**asdict(self), "message": self.message()}


def emptied_fields(release: Any) -> list[Emptied]:
    """What the poster shows in place of each headline field the redaction Release emptied
    (``release.emptied``, which redaction computes): this module adds only the wording; never raises."""
    public = release.public
    out: list[tuple[tuple[int, int, int], Emptied]] = []
    marks: dict[int, list[Any]] = {}
    for n, e in enumerate(release.emptied):
        child = _CHILD.match(e.path)
        pattern = _ITEM.sub("[]", e.path)
        if pattern == "missing.city":
            place = place_text(public.get("missing") or {})
            instead = (f"the poster shows “Missing From: {place}” (without a city)" if place
                       else "the poster leaves out “Missing From”")
            out.append(((0, 0, 0), Emptied(e.path, "the city", e.reason, instead)))
        elif pattern == "contacts.law_enforcement.agency":
            phone = ((public.get("contacts") or {}).get("law_enforcement") or {}).get("phone")
            instead = (f"the poster's contact line shows the phone number alone ({phone}), social cards say “Police”"
                       if phone else "the poster names no agency and no phone; only the NCMEC hotline")
            out.append(((1, 0, 0), Emptied(e.path, "the agency", e.reason, instead)))
        elif pattern == "children[].clothing" and child:
            out.append(((2, int(child.group(1)), 0),
                        Emptied(e.path, "the clothing", e.reason, "the poster leaves out “Last seen wearing”")))
        elif pattern == "children[].distinguishing_marks[]" and child:
            marks.setdefault(int(child.group(1)), []).append(e)
        else:  # a headline field of another policy: its own words for what the poster shows
            out.append(((3, n, 0), Emptied(e.path, e.path, e.reason, e.shows)))
    pub_children = public.get("children") or []
    for i, lost in marks.items():
        path = f"children[{i}].distinguishing_marks"
        kept = [_text(m) for m in (pub_children[i] if i < len(pub_children) else {}).get("distinguishing_marks") or []]
        if not kept:
            found = Emptied(path, "the distinguishing marks", lost[0].reason, "the poster leaves out “Distinguishing marks”")
        else:
            total = len(kept) + len(lost)
            found = Emptied(path, f"some distinguishing marks ({len(lost)} of {total})", lost[0].reason,
                            f"the poster lists {len(kept)} mark{'s' * (len(kept) != 1)}: {'; '.join(kept)}")
        out.append(((2, i, 1), found))
    return [e for _, e in sorted(out, key=lambda pair: pair[0])]


_CHILD = re.compile(r"^children\[(\d+)\]")
_ITEM = re.compile(r"\[\d+\]")


def _text(value: Any) -> str:
    """A public value as one line: text given per language shows its English (else first) text."""
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value)
