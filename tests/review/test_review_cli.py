"""`posters review`: the listing, each decision, undo, and the refusals as the user reads them (exact text)."""
from __future__ import annotations

import json
import re

import pytest

from posters.cli import main
from posters.release import read_entries
from posters.review.casefolder import load_decisions
from tests.review.conftest import CLOTHING


@pytest.fixture
def folder(sample_copy):
    return sample_copy("05-confidential").parent


def run(capsys, *argv):
    code = main(["review", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_listing_shows_findings_emptied_fields_and_how_to_decide(folder, capsys):
    code, out, err = run(capsys, folder)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "review of case MFC-2026-0419"
    assert re.fullmatch(r"withheld by the text scan \(\d+\); a reviewer may restore these, with a reason:", lines[1])
    assert (f"  children[0].clothing#1  CONF-LOCATION  matched “Maple Grove Group Home”: {CLOTHING}") in lines
    assert any(re.fullmatch(r"withheld by the policy itself: \d+ fields \(never public; posters redact CASE lists them\)", x)
               for x in lines)
    assert ("  missing.city: the city was withheld (CONF-LOCATION); the poster shows “Missing From: IL” "
            "(without a city)") in lines
    assert "no reviewer decisions yet" in lines
    assert "decide: posters review CASE --restore PATH [--sentence N] --reason TEXT --reviewer NAME" in lines


def test_restore_withhold_undo_round_trip(folder, capsys):
    code, out, err = run(capsys, folder, "--restore", "children[0].clothing#1", "--reason", "a public donation drive",
                         "--reviewer", "T. Okonkwo")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first.startswith("recorded R1 restore children[0].clothing#1 by T. Okonkwo at ")
    assert first.endswith(": a public donation drive")
    assert second == ("saved in review.json and the audit log; the release changed, so it must be approved again "
                      "(posters redact CASE shows the diff)")
    code, out, _ = run(capsys, folder, "--withhold", "children[0].distinguishing_marks[0]", "--span", "crown",
                       "--reason", "identifying", "--reviewer", "T. Okonkwo")
    assert code == 0 and out.startswith("recorded R2 withhold children[0].distinguishing_marks[0] (span “crown”) by T. Okonkwo")
    code, out, _ = run(capsys, folder, "--undo", "R1", "--reviewer", "M. Chen")
    assert code == 0 and out.startswith("undone R1 restore children[0].clothing#1 (by M. Chen at ")
    code, out, _ = run(capsys, folder, "--json")
    doc = json.loads(out)
    assert [(d["id"], d["state"]) for d in doc["decisions"]] == [("R1", "undone"), ("R2", "applied")]
    assert [e["path"] for e in doc["emptied"]] == ["missing.city", "children[0].clothing", "children[0].distinguishing_marks"]
    entries = read_entries(folder / "audit.jsonl")
    assert [(e.action, e.actor) for e in entries] == [("review", "T. Okonkwo")] * 2 + [("review", "M. Chen")]
    assert [d.id for d in load_decisions(folder).active()] == ["R2"]


def test_care_restore_shows_the_citation(folder, capsys):
    text = (folder / "case.yaml").read_text()
    (folder / "case.yaml").write_text(text.replace(
        "  endangerments:", "  public_circumstances: He may be near the foster care office.\n  endangerments:", 1))
    code, out, _ = run(capsys, folder, "--restore", "missing.public_circumstances#1", "--reason",
                       "the office is the landmark police gave", "--reviewer", "T. Okonkwo")
    assert code == 0
    assert out.splitlines()[1].startswith("it was withheld under: CONF-CARE: NCMEC does not generally make any public "
                                          "reference to the fact that a child is missing from foster care")


@pytest.mark.parametrize("argv, message", [
    (["--restore", "missing.circumstances#3", "--reason", "r", "--reviewer", "T. O"],
     "error: missing.circumstances is the internal narrative and is never published, not even by a reviewer "
     "(CONF-INTERNAL); write what the public may read in missing.public_circumstances\n"),
    (["--restore", "missing.city", "--reviewer", "T. O"],
     "error: give the reason for the decision (--reason TEXT): every decision says why, and the approver reads it\n"),
    (["--restore", "missing.city", "--reason", "r"],
     "error: give the reviewer's name (--reviewer NAME): every decision says who made it\n"),
    (["--restore", "children[0].clothes", "--reason", "r", "--reviewer", "T. O"],
     "error: this case has no field children[0].clothes; did you mean children[0].clothing?\n"),
    (["--restore", "missing.city", "--span", "x", "--reason", "r", "--reviewer", "T. O"],
     "error: --span goes with --withhold; a restore names a field or a sentence\n"),
    (["--reason", "r"],
     "error: --sentence, --span, --reason and --reviewer go with --restore, --withhold or --undo\n"),
    (["--undo", "R7", "--reviewer", "T. O"],
     "error: there is no decision 'R7' in this case; decisions in force: none\n"),
])
def test_refusals_are_one_clear_message_and_write_nothing(folder, capsys, argv, message):
    code, out, err = run(capsys, folder, *argv)
    assert (code, out, err) == (2, "", message)
    assert not (folder / "review.json").exists() and not (folder / "audit.jsonl").exists()


def test_redact_shows_decisions_with_who_when_why(folder, capsys):
    assert run(capsys, folder, "--withhold", "children[0].eyes", "--reason", "unsure", "--reviewer", "T. Okonkwo")[0] == 0
    assert main(["redact", str(folder), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    [d] = doc["review_decisions"]
    assert (d["id"], d["kind"], d["path"], d["by"]["name"], d["reason"], d["state"]) == (
        "R1", "withhold", "children[0].eyes", "T. Okonkwo", "unsure", "applied")
    row = next(x for x in doc["decisions"] if x["path"] == "children[0].eyes")
    assert (row["rule_id"], row["reason"], row["review"]) == ("REVIEW-WITHHOLD", "CONF-REVIEW", "R1")
    assert row["citation"].endswith(": unsure") and row["citation"].startswith("R1 by T. Okonkwo, 2026-")
    html = folder / "diff.html"
    assert main(["redact", str(folder), "--html", str(html)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Reviewer decisions (who, when, why): R1 withhold children[0].eyes by T. Okonkwo at" in out
    assert "Emptied: missing.city: the city was withheld (CONF-LOCATION)" in out
    page = html.read_text()
    assert "<h2>Reviewer decisions</h2>" in page and "R1 withhold children[0].eyes by T. Okonkwo at" in page
    assert "Headline fields redaction emptied" in page


def test_partly_withheld_marks_say_which_remain(folder, capsys):
    assert run(capsys, folder, "--withhold", "children[0].distinguishing_marks[0]", "--reason", "identifying",
               "--reviewer", "T. Okonkwo")[0] == 0
    _, out, _ = run(capsys, folder)
    assert ("  children[0].distinguishing_marks: some distinguishing marks (1 of 2) were withheld (CONF-REVIEW); "
            "the poster lists 1 mark: Burn scar on right hand") in out.splitlines()
