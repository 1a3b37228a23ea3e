"""Reporting readiness: required information and the 24 h / 2 h deadlines, across time zones."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from posters.case import load_case
from posters.check.readiness import check_readiness
from tests.conftest import SAMPLES

BASE = (SAMPLES / "01-standard" / "case.yaml").read_text(encoding="utf-8")
NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.timezone.utc)


def case_from(tmp_path: Path, text: str):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(path)


def codes(result):
    return sorted((f.code, f.path) for f in result.findings)


def test_sample_is_ready(face_cache):
    result = check_readiness(load_case(SAMPLES / "01-standard"), now=NOW, face_cache=face_cache)
    assert result.ready
    assert [d.state for d in result.deadlines] == ["on_time", "on_time", "on_time"]
    assert [d.hours_elapsed for d in result.deadlines] == [1.3, 1.2, 4.8]


def test_deadlines_compare_instants_not_wall_clocks(tmp_path):
    # Learned at 08:10 in Chicago (14:10 UTC); reported to NCMEC at 09:00 next day in New York
    # (14:00 UTC): 23.8 hours later, on time although the wall clocks differ by a day and 50 minutes.
    text = BASE.replace("ncmec_at: 2026-11-02T13:00:00-06:00", "ncmec_at: 2026-11-03T09:00:00-05:00")
    result = check_readiness(case_from(tmp_path, text), now=NOW, photos=False)
    ncmec = next(d for d in result.deadlines if d.report == "NCMEC")
    assert (ncmec.state, ncmec.hours_elapsed) == ("on_time", 23.8)
    assert result.ready


def test_late_ncmec_report_over_24h(tmp_path):
    text = BASE.replace("ncmec_at: 2026-11-02T13:00:00-06:00", "ncmec_at: 2026-11-03T10:00:00-06:00")
    result = check_readiness(case_from(tmp_path, text), now=NOW, photos=False)
    assert [f.message for f in result.findings if f.code == "report-late"] == [
        "the NCMEC report came 25.8 hours after the start; the law asks for it within 24 hours"
    ]
    assert result.ready  # a late report cannot be undone; it is flagged, not blocking


def test_ncic_entry_within_two_hours_of_law_enforcement_report(tmp_path):
    text = BASE.replace("ncic_entered_at: 2026-11-02T10:45:00-06:00", "ncic_entered_at: 2026-11-02T12:00:00-06:00")
    result = check_readiness(case_from(tmp_path, text), now=NOW, photos=False)
    assert [f.message for f in result.findings if f.code == "report-late"] == [
        "the NCIC entry report came 2.5 hours after the start; the law asks for it within 2 hours of the report to law enforcement"
    ]


def test_missing_report_is_an_error_with_hours_elapsed(tmp_path):
    text = BASE.replace("    ncmec_at: 2026-11-02T13:00:00-06:00\n", "")
    now = dt.datetime(2026, 11, 2, 20, 10, tzinfo=dt.timezone.utc)  # 14:10 in Chicago: 6 h after learning
    result = check_readiness(case_from(tmp_path, text), now=now, photos=False)
    assert not result.ready
    assert [f.message for f in result.findings if f.code == "report-missing"] == [
        "no NCMEC report yet: 6 hours elapsed; due within 24 hours (by 2026-11-03T08:10:00-06:00)"
    ]


def test_overdue_report(tmp_path):
    text = BASE.replace("    law_enforcement_at: 2026-11-02T09:30:00-06:00\n", "")
    now = dt.datetime(2026, 11, 3, 23, 58, tzinfo=dt.timezone.utc)
    result = check_readiness(case_from(tmp_path, text), now=now, photos=False)
    assert [f.message for f in result.findings if f.code == "report-overdue"] == [
        "no law enforcement report yet and it is overdue: 33.8 hours elapsed; due within 24 hours"
    ]
    # Without a law enforcement report there is no NCIC deadline to compute.
    assert [d.report for d in result.deadlines] == ["law enforcement", "NCMEC"]


def test_required_information(tmp_path):
    text = (BASE.replace("    height: {feet: 5, inches: 4}\n", "")
                .replace("  endangerments: []\n", "")
                .replace("    report_number: 26-001234\n", "")
                .replace("    phone: 217-555-0142\n    email: dana@example.org\n", ""))
    result = check_readiness(case_from(tmp_path, text), now=NOW, photos=False)
    assert not result.ready
    assert codes(result) == [
        ("missing-info", "children[0].height"),
        ("missing-info", "contacts.guardian.phone"),
        ("missing-info", "contacts.law_enforcement.report_number"),
        ("missing-info", "missing.endangerments"),
    ]
