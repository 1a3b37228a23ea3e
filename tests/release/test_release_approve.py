"""approve(): four eyes, consent, status and readiness refusals; what an approval records."""
from __future__ import annotations

import json

import pytest

from posters.errors import ReleaseRefused
from posters.release import approve, read_entries, same_person, verify_chain
from tests.release.conftest import NOW, REVIEWER, edit_case


@pytest.mark.parametrize("reviewer", [
    "J. Rivera",        # exactly the preparer
    "  j. RIVERA ",     # case and outer spaces
    "J.   Rivera",      # inner spaces
    "j rivera",         # punctuation dropped
    "Ј. Rivera",        # Cyrillic Je look-alike
])
def test_preparer_cannot_approve(case_dir, reviewer):
    folder = case_dir()
    with pytest.raises(ReleaseRefused, match=r"prepared this case \(case.prepared_by\); a second person"):
        approve(folder, reviewer, now=NOW)
    assert not (folder / "audit.jsonl").exists()
    assert not (folder / ".posters" / "approvals").exists()


def test_same_person_is_not_fooled_but_distinct_names_differ():
    assert same_person("  j. RIVERA ", "J. Rivera")
    assert not same_person("J. Rivers", "J. Rivera")


@pytest.mark.parametrize("line, field", [
    ("  guardian_consulted_at: 2026-11-02T15:00:00-06:00\n", "consent.guardian_consulted_at"),
    ("  law_enforcement_consulted_at: 2026-11-02T15:20:00-06:00\n", "consent.law_enforcement_consulted_at"),
])
def test_missing_consent_is_refused(case_dir, line, field):
    folder = case_dir()
    edit_case(folder, line, "")
    with pytest.raises(ReleaseRefused, match=f"{field} is missing"):
        approve(folder, REVIEWER, now=NOW)


@pytest.mark.parametrize("status", ["recovered", "cancelled"])
def test_inactive_case_is_refused(case_dir, status):
    folder = case_dir()
    edit_case(folder, "status: active", f"status: {status}")
    with pytest.raises(ReleaseRefused, match=f"the case status is '{status}'"):
        approve(folder, REVIEWER, now=NOW)


def test_readiness_errors_are_listed(case_dir):
    folder = case_dir()
    edit_case(folder, "    report_number: 26-001234\n", "")
    with pytest.raises(ReleaseRefused) as info:
        approve(folder, REVIEWER, now=NOW)
    assert "`posters check` finds errors:" in info.value.message
    assert "contacts.law_enforcement.report_number: the law enforcement report number is missing" in info.value.message
    assert info.value.exit_code == 1


def test_every_reason_is_given_at_once(case_dir):
    folder = case_dir()
    edit_case(folder, "status: active", "status: cancelled")
    edit_case(folder, "  guardian_consulted_at: 2026-11-02T15:00:00-06:00\n", "")
    with pytest.raises(ReleaseRefused) as info:
        approve(folder, "J. Rivera", now=NOW)
    lines = info.value.lines()
    assert lines[0] == "cannot approve case MFC-2026-0142:"
    assert len([l for l in lines if l.startswith("  - ")]) == 3


def test_approval_records_snapshot_and_audit_entry(case_dir):
    folder = case_dir()
    a = approve(folder, "  M.  Okonkwo ", "checked against the redaction diff", now=NOW)
    assert a.reviewer == "M. Okonkwo"
    assert a.snapshot_path == folder / ".posters" / "approvals" / f"{a.release_hash}.json"
    snapshot = json.loads(a.snapshot_path.read_text())
    assert snapshot["release_hash"] == a.release_hash
    assert snapshot["public"]["children"][0]["clothing"]["en"] == "Red hooded sweatshirt, black jeans"
    assert "sensitive" not in snapshot["public"] and "guardian" not in snapshot["public"]["contacts"]
    assert len(snapshot["photos"]) == 1 and len(snapshot["photos"][0]["pixels"]) == 64
    [entry] = read_entries(folder / "audit.jsonl")
    assert (entry.action, entry.actor, entry.release_hash) == ("approve", "M. Okonkwo", a.release_hash)
    assert entry.details["note"] == "checked against the redaction diff"
    assert entry.time == "2026-11-25T12:00:00+00:00"
    assert verify_chain(folder / "audit.jsonl") is None
