"""Headline fields that redaction emptied, and what the poster shows in their place.

Over-redaction must be visible: when the city, the agency, the clothing or the
marks of the case are withheld (by the scan or by a reviewer), `check`, `redact`
and `review` say so and say what the poster, card and caption print instead, so
the reviewer can restore the field or rewrite it for the public.
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
    """The headline fields the case holds but the redaction Release withheld, read from its
    decisions (which record every field the case has); never raises."""
    public = release.public
    reasons = _reasons(release)
    fields = _field_paths(release)
    out: list[Emptied] = []
    pub_missing = public.get("missing") or {}
    if "missing.city" in fields and not pub_missing.get("city"):
        place = place_text(pub_missing)
        instead = (f"the poster shows “Missing From: {place}” (without a city)" if place
                   else "the poster leaves out “Missing From”")
        out.append(Emptied("missing.city", "the city", reasons.get("missing.city", "withheld"), instead))
    pub_agency = ((public.get("contacts") or {}).get("law_enforcement") or {})
    if "contacts.law_enforcement.agency" in fields and not pub_agency.get("agency"):
        phone = pub_agency.get("phone")
        instead = (f"the poster's contact line shows the phone number alone ({phone}), social cards say “Police”"
                   if phone else "the poster names no agency and no phone; only the NCMEC hotline")
        out.append(Emptied("contacts.law_enforcement.agency", "the agency",
                           reasons.get("contacts.law_enforcement.agency", "withheld"), instead))
    pub_children = public.get("children") or []
    children = sorted({int(m.group(1)) for f in fields if (m := _CHILD.match(f))})
    for i in children:
        pub = pub_children[i] if i < len(pub_children) else {}
        path = f"children[{i}].clothing"
        if path in fields and not pub.get("clothing"):
            out.append(Emptied(path, "the clothing", reasons.get(path, "withheld"),
                               "the poster leaves out “Last seen wearing”"))
        path = f"children[{i}].distinguishing_marks"
        # A mark given per language ({en:, es:}) is one mark with paths ...marks[k].en and .es.
        marks = {m.group(0) for f in fields if (m := re.match(re.escape(path) + r"\[\d+\]", f))}
        kept = [_text(m) for m in pub.get("distinguishing_marks") or []]
        if marks and not kept:
            out.append(Emptied(path, "the distinguishing marks", reasons.get(path, "withheld"),
                               "the poster leaves out “Distinguishing marks”"))
        elif len(kept) < len(marks):
            out.append(Emptied(path, f"some distinguishing marks ({len(marks) - len(kept)} of {len(marks)})",
                               reasons.get(path, "withheld"),
                               f"the poster lists {len(kept)} mark{'s' * (len(kept) != 1)}: {'; '.join(kept)}"))
    return out


_CHILD = re.compile(r"^children\[(\d+)\]")


def _text(value: Any) -> str:
    """A public value as one line: text given per language shows its English (else first) text."""
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value)


def _field_paths(release: Any) -> set[str]:
    """Every field path the case has (sentence numbers dropped), from the release's decisions."""
    return {d.path.split("#", 1)[0] for d in release.decisions}


def _reasons(release: Any) -> dict[str, str]:
    """The first withholding reason for each field path (sentence and item paths folded into the field)."""
    out: dict[str, str] = {}
    for d in release.decisions:
        if d.action == "kept":
            continue
        field = d.path.split("#", 1)[0]
        for key in (field, field.rsplit("[", 1)[0] if field.endswith("]") else field):
            out.setdefault(key, d.reason)
    return out
