"""Reporting readiness: what law enforcement and NCMEC ask for, and the deadlines.

The list follows NCMEC's "How to report a child missing from care" (see
../shared/seed): identifying information, a photo, where and when, endangerments,
circumstances, guardian contact, and the investigating agency. The deadlines are
data (posters/data/rules.yaml): the reports to law enforcement and to NCMEC within
24 hours of the agency learning the child was missing (42 U.S.C. 671(a)(35)(B));
NCIC entry within 2 hours of the report to law enforcement (34 U.S.C. 41308).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from posters.case import Case
from posters.release.gate import consent_problems

CONSENT_CODE = "consent"
EMPTIED_CODE = "field-emptied"


@dataclass(frozen=True)
class Finding:
    """One readiness result: an error makes the case not ready; a warning does not."""

    level: Literal["error", "warning"]
    code: str
    path: str
    message: str


@dataclass(frozen=True)
class Deadline:
    """One report and its deadline: done on time, done late, or still missing."""

    report: str
    due: dt.datetime
    done_at: dt.datetime | None
    hours_elapsed: float
    state: Literal["on_time", "late", "missing", "overdue"]


@dataclass
class Readiness:
    """The outcome of `posters check`."""

    case_id: str
    findings: list[Finding] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(f.level == "error" for f in self.findings)

    def to_json(self) -> dict:
        """JSON-ready form for `posters check --json`."""
        return {
            "case_id": self.case_id,
            "ready": self.ready,
            "findings": [asdict(f) for f in self.findings],
            "deadlines": [{**asdict(d), "due": d.due.isoformat(),
                           "done_at": d.done_at.isoformat() if d.done_at else None} for d in self.deadlines],
        }


def check_readiness(case: Case, *, now: dt.datetime | None = None, photos: bool = True,
                    face_cache: Any = None, decisions: Any = None) -> Readiness:
    """Check a validated case for reporting readiness, photos and faces included; never raises for a user mistake.

    This is what `posters check` reports and what approval refuses on. photos=False
    skips the photo and face checks (`posters check --no-faces`): quicker, but a case
    that is "ready" that way may still be refused. `decisions` is the reviewer's DecisionLog
    (default: the one stored beside the case file; a case loaded from text has none there).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    result = Readiness(case_id=case.case_id)
    result.findings += _required_fields(case)
    from posters.check.language import language_findings

    result.findings += language_findings(case)
    # What approval will refuse, `check` says first: missing or impossible consent times.
    result.findings += [Finding("error", CONSENT_CODE, path, message)
                        for path, message in consent_problems(case.model, now)]
    result.findings += _emptied(case, decisions)
    if photos:
        from posters.check.photos import photo_findings

        result.findings += photo_findings(case, cache=face_cache, decisions=decisions)
    result.deadlines = _deadlines(case, now)
    for d in result.deadlines:
        finding = _deadline_finding(d)
        if finding:
            result.findings.append(finding)
    return result


def _emptied(case: Case, decisions: Any = None) -> list[Finding]:
    """Warnings for headline fields redaction empties (with the reviewer's decisions applied)."""
    from posters.errors import ReviewError
    from posters.review.casefolder import decisions_of
    from posters.review.deciding import current_release
    from posters.review.emptied import emptied_fields

    try:
        release = current_release(case, decisions if decisions is not None else decisions_of(case))
    except ReviewError as exc:
        return [Finding("error", "review-damaged", "review.json", exc.message)]
    return [Finding("warning", EMPTIED_CODE, e.path, e.message()) for e in emptied_fields(release)]


def _required_fields(case: Case) -> list[Finding]:
    m = case.model
    out: list[Finding] = []

    def need(ok: object, path: str, what: str) -> None:
        if not ok:
            out.append(Finding("error", "missing-info", path, f"{what} is missing; law enforcement and NCMEC ask for it"))

    for i, child in enumerate(m.children):
        p = f"children[{i}]"
        need(child.height, f"{p}.height", "the child's height")
        need(child.weight, f"{p}.weight", "the child's weight")
        if child.sex == "unknown":
            out.append(Finding("warning", "sex-unknown", f"{p}.sex", "sex is 'unknown'; give it if it is known"))
        if not child.photos:
            out.append(Finding("error", "missing-info", f"{p}.photos",
                               "no photo; NCMEC asks for a high-quality photo of the child"))
        elif not any(ph.role == "primary" for ph in child.photos):
            out.append(Finding("error", "no-primary-photo", f"{p}.photos", "no photo has role: primary"))
    need(m.missing.endangerments is not None, "missing.endangerments",
         "endangerments (write [] if none are known)")
    need(m.missing.circumstances or m.missing.public_circumstances, "missing.circumstances",
         "the circumstances of the disappearance")
    guardian = m.contacts.guardian
    need(guardian, "contacts.guardian", "the guardian's name and contact")
    if guardian:
        need(guardian.phone or guardian.email, "contacts.guardian.phone", "a phone or email for the guardian")
    need(m.contacts.law_enforcement.report_number, "contacts.law_enforcement.report_number",
         "the law enforcement report number")
    return out


def _deadlines(case: Case, now: dt.datetime) -> list[Deadline]:
    from posters.check.rules import load_rules

    out = []
    for rule in load_rules().deadlines:
        start = _case_time(case, rule.counted_from)
        if start is None:
            continue  # counted from a report not made yet: that report's own deadline says so
        out.append(_deadline(rule.report, start, dt.timedelta(hours=rule.hours), _case_time(case, rule.done), now))
    return out


def _case_time(case: Case, path: str) -> dt.datetime | None:
    node: object = case.model
    for part in path.split("."):
        node = getattr(node, part, None)
    return node if isinstance(node, dt.datetime) else None


def _deadline(report: str, start: dt.datetime, limit: dt.timedelta,
              done_at: dt.datetime | None, now: dt.datetime) -> Deadline:
    due = start + limit
    end = done_at if done_at is not None else now
    hours = round((end - start).total_seconds() / 3600, 1)
    state: Literal["on_time", "late", "missing", "overdue"]
    if done_at is not None:
        state = "on_time" if done_at <= due else "late"
    else:
        state = "missing" if now <= due else "overdue"
    return Deadline(report, due, done_at, hours, state)


def _deadline_finding(d: Deadline) -> Finding | None:
    from posters.check.rules import load_rules

    rules = load_rules()
    rule = next(r for r in rules.deadlines if r.report == d.report)
    limit, path = rules.deadline_after(rule), rule.done
    if d.state == "late":
        return Finding("warning", "report-late", path,
                       f"the {d.report} report came {d.hours_elapsed:g} hours after the start; the law asks for it within {limit}")
    if d.state == "missing":
        return Finding("error", "report-missing", path,
                       f"no {d.report} report yet: {d.hours_elapsed:g} hours elapsed; due within {limit} (by {d.due.isoformat()})")
    if d.state == "overdue":
        return Finding("error", "report-overdue", path,
                       f"no {d.report} report yet and it is overdue: {d.hours_elapsed:g} hours elapsed; due within {limit}")
    return None
