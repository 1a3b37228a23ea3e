"""The approval gate as data: four eyes over the whole preparer's side, consent times, all reasons at once;
and `posters check` reports what approval will refuse."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from posters.case import load_case
from posters.check.readiness import check_readiness
from posters.cli import main
from posters.errors import ReleaseRefused
from posters.release import approve, same_person
from posters.release.gate import consent_problems, four_eyes_problems, gate_problems, name_parts
from posters.review.decisions import Reviewer
from tests.release.conftest import NOW, REVIEWER, edit_case

GUARDIAN_AT = "  guardian_consulted_at: 2026-11-02T15:00:00-06:00\n"


@pytest.mark.parametrize("a, b, same", [
    ("T. Okonkwo", "Tasha Okonkwo", True),       # initial and full first name
    ("Okonkwo, Tasha", "Tasha Okonkwo", True),   # "Last, First"
    ("Okonkwo, T.", "tasha okonkwo", True),
    ("Dr. Tasha A. Okonkwo", "T Okonkwo", True),  # title and middle initial
    ("Okonkwo", "Tasha Okonkwo", True),          # a surname alone cannot tell them apart: same (fail closed)
    ("M. Okonkwo", "Tasha Okonkwo", False),      # another initial
    ("Tasha Okonkwo", "Tanya Okonkwo", False),
    ("J. Rivers", "J. Rivera", False),
    ("Rivera, J.", "J. Rivera", True),
])
def test_same_person_recognises_how_names_are_written(a, b, same):
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_name_parts():
    assert name_parts("Okonkwo, Tasha") == (["tasha"], "okonkwo")
    assert name_parts("Dr. T. Okonkwo Jr.") == (["t"], "okonkwo")


@pytest.mark.parametrize("reviewer, message", [
    ("Rivera, J.", "the reviewer 'Rivera, J.' prepared this case (case.prepared_by); a second person must approve it"),
    ("Dana Example", "the reviewer 'Dana Example' is the child's caseworker (sensitive.foster_care.caseworker.name), "
                     "on the preparer's side; a second person, outside the case, must approve it"),
    ("D. Example", "the reviewer 'D. Example' is the child's caseworker (sensitive.foster_care.caseworker.name), "
                   "on the preparer's side; a second person, outside the case, must approve it"),
])
def test_the_preparers_side_cannot_approve(case_dir, reviewer, message):
    model = load_case(case_dir()).model
    assert four_eyes_problems(model, reviewer) == [message]
    assert four_eyes_problems(model, Reviewer(name=reviewer, user_id="u7")) == [message]


def test_the_guardian_named_in_the_case_cannot_approve(case_dir):
    folder = case_dir()
    edit_case(folder, "    name: Dana Example\n    relationship: caseworker", "    name: Maria Lopez\n    relationship: aunt")
    model = load_case(folder).model
    assert four_eyes_problems(model, "Lopez, Maria") == [
        "the reviewer 'Lopez, Maria' is the child's guardian (contacts.guardian.name), on the preparer's side; "
        "a second person, outside the case, must approve it"]
    assert four_eyes_problems(model, REVIEWER) == []


@pytest.mark.parametrize("old, new, message", [
    (GUARDIAN_AT, "  guardian_consulted_at: 2026-11-01T15:00:00-06:00\n",
     "consent.guardian_consulted_at (2026-11-01T15:00:00-06:00) is before case.learned_missing_at "
     "(2026-11-02T08:10:00-06:00): the guardian is consulted about this disappearance after it is known; correct the time"),
    ("  law_enforcement_consulted_at: 2026-11-02T15:20:00-06:00\n", "  law_enforcement_consulted_at: 2026-12-02T15:20:00-06:00\n",
     "consent.law_enforcement_consulted_at (2026-12-02T15:20:00-06:00) is in the future (now 2026-11-25T12:00:00+00:00); "
     "record the time the consultation took place"),
    (GUARDIAN_AT, "", "consent.guardian_consulted_at is missing: consult the guardian before publishing"),
])
def test_consent_times(case_dir, old, new, message):
    folder = case_dir()
    edit_case(folder, old, new)
    model = load_case(folder).model
    assert [m for _, m in consent_problems(model, NOW)] == [message]
    with pytest.raises(ReleaseRefused) as info:
        approve(folder, REVIEWER, now=NOW)
    assert f"  - {message}" in info.value.lines()
    # Said once, by the gate, not again under "`posters check` finds errors".
    assert info.value.message.count(message) == 1


def test_consent_at_the_moment_the_child_was_known_missing_is_accepted(case_dir):
    folder = case_dir()
    edit_case(folder, GUARDIAN_AT, "  guardian_consulted_at: 2026-11-02T08:10:00-06:00\n")
    assert consent_problems(load_case(folder).model, NOW) == []


def test_every_gate_reason_at_once(case_dir):
    folder = case_dir()
    edit_case(folder, "status: active", "status: recovered")
    edit_case(folder, GUARDIAN_AT, "  guardian_consulted_at: 2026-10-02T15:00:00-06:00\n")
    edit_case(folder, "  law_enforcement_consulted_at: 2026-11-02T15:20:00-06:00\n", "")
    problems = gate_problems(load_case(folder).model, "Example, Dana", NOW)
    assert [p.split(" ", 3)[:3] for p in problems] == [
        ["the", "case", "status"], ["the", "reviewer", "'Example,"],
        ["consent.guardian_consulted_at", "(2026-10-02T15:00:00-06:00)", "is"],
        ["consent.law_enforcement_consulted_at", "is", "missing:"]]


def test_check_reports_what_approval_will_refuse(case_dir, capsys):
    folder = case_dir()
    edit_case(folder, GUARDIAN_AT, "")
    result = check_readiness(load_case(folder), now=NOW)
    assert not result.ready
    [finding] = [f for f in result.findings if f.code == "consent"]
    assert (finding.level, finding.path, finding.message) == (
        "error", "consent.guardian_consulted_at",
        "consent.guardian_consulted_at is missing: consult the guardian before publishing")
    assert main(["check", str(folder), "--no-faces", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["ready"] is False
    assert {"level": "error", "code": "consent", "path": "consent.guardian_consulted_at",
            "message": "consent.guardian_consulted_at is missing: consult the guardian before publishing"} in doc["findings"]


def test_check_says_what_the_poster_shows_instead_of_an_emptied_field(case_dir, capsys):
    folder = case_dir("05-confidential")
    assert main(["check", str(folder), "--no-faces"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("missing.city: the city was withheld (CONF-LOCATION); the poster shows “Missing From: IL” "
            "(without a city)") in out
    assert ("children[0].clothing: the clothing was withheld (CONF-LOCATION); the poster leaves out "
            "“Last seen wearing”") in out


def test_future_check_uses_the_real_clock_by_default(case_dir):
    folder = case_dir()
    far = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    edit_case(folder, GUARDIAN_AT, "  guardian_consulted_at: 2029-11-02T15:00:00-06:00\n")
    assert consent_problems(load_case(folder).model, far) == []
    assert consent_problems(load_case(folder).model)[0][1].startswith(
        "consent.guardian_consulted_at (2029-11-02T15:00:00-06:00) is in the future")
