"""The approval gate's rules, as functions of data: a case model, a reviewer, a time.

No paths and no files: the CLI, the library's approve() and the web app (with real
user identities) call the same functions and get the same refusals, all at once.

* Four eyes: the reviewer is not the preparer, nor anyone the case names on the
  preparer's side (the caseworker, the guardian), however the name is written:
  case, spacing, punctuation, look-alike letters, "Last, First" and initials
  ("T. Okonkwo" is "Tasha Okonkwo").
* Consent: both consultations are recorded, not before the agency learned the child
  was missing, and not in the future.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from ..case.schema import CaseFile
    from ..review.decisions import Reviewer

_CONSENTS = (("guardian_consulted_at", "the guardian"), ("law_enforcement_consulted_at", "law enforcement"))
# Honorifics and suffixes that do not tell two people apart.
_NOISE = frozenset("mr mrs ms miss mx dr prof sr jr ii iii iv".split())


def name_parts(name: str) -> tuple[list[str], str]:
    """(given names, surname) of a name as people write it, folded for comparison; never raises.

    "Okonkwo, Tasha" and "Tasha Okonkwo" give (["tasha"], "okonkwo"); "T. Okonkwo" gives (["t"], "okonkwo").
    """
    import redaction

    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    words = [redaction.normalize(w) for w in re.split(r"[\s.]+", name)]
    words = [w for w in words if w and w not in _NOISE]
    if not words:
        return [], ""
    return words[:-1], words[-1]


def same_person(a: str, b: str) -> bool:
    """Whether two written names may be the same person (fail closed: initials match full names); never raises."""
    import redaction

    if not a.strip() or not b.strip():
        return False
    if redaction.normalize(a) and redaction.normalize(a) == redaction.normalize(b):
        return True
    given_a, last_a = name_parts(a)
    given_b, last_b = name_parts(b)
    if not last_a or last_a != last_b:
        return False
    if not given_a or not given_b:
        return True  # a surname alone cannot tell the two apart
    first_a, first_b = given_a[0], given_b[0]
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return first_a == first_b


def preparer_side(model: "CaseFile") -> list[tuple[str, str, str]]:
    """(name, role, path) of everyone the case names on the preparer's side; never raises."""
    out = [(model.case.prepared_by, "prepared this case", "case.prepared_by")]
    caseworker = model.sensitive.foster_care.caseworker
    if caseworker is not None and caseworker.name:
        out.append((caseworker.name, "is the child's caseworker", "sensitive.foster_care.caseworker.name"))
    if model.contacts.guardian is not None:
        out.append((model.contacts.guardian.name, "is the child's guardian", "contacts.guardian.name"))
    return out


def four_eyes_problems(model: "CaseFile", reviewer: "str | Reviewer") -> list[str]:
    """Why this reviewer may not approve this case (empty when they may); never raises."""
    name = reviewer if isinstance(reviewer, str) else reviewer.name
    shown = " ".join(name.split())
    if not shown:
        return ["give the reviewer's name (--reviewer NAME)"]
    for other, role, path in preparer_side(model):
        if same_person(shown, other):
            if path == "case.prepared_by":
                return [f"the reviewer '{shown}' prepared this case (case.prepared_by); a second person must approve it"]
            return [f"the reviewer '{shown}' {role} ({path}), on the preparer's side; "
                    "a second person, outside the case, must approve it"]
    return []


def approver_on_preparer_side(model: "CaseFile", name: str) -> bool:
    """Whether a recorded approver is (now) the preparer, caseworker or guardian of the case; never raises."""
    return preparer_role(model, name) is not None


def preparer_role(model: "CaseFile", name: str) -> str | None:
    """'prepared the case', 'is the child's caseworker' or 'is the child's guardian' when the name is
    on the preparer's side, else None; never raises."""
    for other, role, _ in preparer_side(model):
        if same_person(name, other):
            return "prepared the case" if role == "prepared this case" else role
    return None


def consent_problems(model: "CaseFile", now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(path, message) for each consent that is missing, before the child was known missing, or in the future."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    learned = model.case.learned_missing_at
    out = []
    for key, who in _CONSENTS:
        path = f"consent.{key}"
        at: Any = getattr(model.consent, key)
        if at is None:
            out.append((path, f"{path} is missing: consult {who} before publishing"))
        elif at < learned:
            out.append((path, f"{path} ({at.isoformat()}) is before case.learned_missing_at ({learned.isoformat()}): "
                              f"{who} is consulted about this disappearance after it is known; correct the time"))
        elif at > now:
            out.append((path, f"{path} ({at.isoformat()}) is in the future (now {_utc(now)}); "
                              "record the time the consultation took place"))
    return out


def gate_problems(model: "CaseFile", reviewer: "str | Reviewer | None", now: dt.datetime | None = None, *,
                  statuses: Sequence[str] = ("active",)) -> list[str]:
    """Status, four-eyes and consent refusals, one line each, all at once; never raises."""
    out = []
    if model.case.status not in statuses:
        out.append(f"the case status is '{model.case.status}'; only {' or '.join(statuses)} cases are "
                   "approved and published")
    if reviewer is not None:
        out += four_eyes_problems(model, reviewer)
    out += [message for _, message in consent_problems(model, now)]
    return out


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
