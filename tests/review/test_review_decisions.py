"""The reviewer's decisions: the typed model, what may be restored or withheld (exact messages), review.json."""
from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from posters.errors import ReviewError
from posters.review import deciding
from posters.review.casefolder import commit, load_decisions, review_path, save_decisions
from posters.review.decisions import DecisionLog, FaceCover, Restore, Reviewer
from posters.release import read_entries, verify_chain
from tests.review.conftest import CLOTHING, NOW, REVIEWER


def restore(case, log, path, **kw):
    kw.setdefault("reason", "the closet is a public donation drive")
    return deciding.restore(case, log, path, reviewer=kw.pop("reviewer", REVIEWER), now=NOW, **kw)


def test_restore_names_who_when_why_and_what(confidential):
    log, d = restore(confidential, DecisionLog(), "children[0].clothing", sentence=1)
    assert isinstance(d, Restore)
    assert (d.id, d.by.name, d.at.isoformat(), d.reason) == ("R1", REVIEWER, "2026-11-25T12:00:00+00:00",
                                                             "the closet is a public donation drive")
    assert (d.path, d.sentence, d.text, d.withheld_as) == ("children[0].clothing", 1, CLOTHING, "CONF-LOCATION")
    assert log.active() == (d,)
    release = deciding.current_release(confidential, log)
    assert release.public["children"][0]["clothing"] == CLOTHING


def test_the_diff_form_path_hash_n_is_the_same_as_sentence_n(confidential):
    _, a = restore(confidential, DecisionLog(), "children[0].clothing#1")
    assert (a.path, a.sentence) == ("children[0].clothing", 1)


def test_decision_times_are_utc_instants(confidential):
    import datetime as dt

    later = dt.datetime(2026, 11, 25, 7, 0, 30, 999, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    _, d = deciding.restore(confidential, DecisionLog(), "missing.city", reason="r", reviewer=REVIEWER, now=later)
    assert d.at.isoformat() == "2026-11-25T12:00:30+00:00"


@pytest.mark.parametrize("path, kw, message", [
    ("missing.circumstances", dict(sentence=3),
     "missing.circumstances is the internal narrative and is never published, not even by a reviewer "
     "(CONF-INTERNAL); write what the public may read in missing.public_circumstances"),
    ("missing.circumstances#1", {},
     "missing.circumstances is the internal narrative and is never published, not even by a reviewer "
     "(CONF-INTERNAL); write what the public may read in missing.public_circumstances"),
    ("sensitive.medical.notes", {},
     "sensitive.medical.notes is withheld by the policy itself (rule W-MEDICAL, CONF-MEDICAL), not by the text "
     "scan; a reviewer restores only what the scan withheld. A field the policy withholds is never public."),
    ("children[0].clothing", {},
     "children[0].clothing is checked sentence by sentence; name the sentence: --sentence N, as the diff shows "
     "children[0].clothing#N (withheld: 1)"),
    ("children[0].clothing", dict(sentence=2), "children[0].clothing has 1 sentence; --sentence takes 1 to 1"),
    ("missing.city", dict(sentence=1), "missing.city is one value, not sentences; restore it whole (without --sentence)"),
    ("children[0].hair", {}, "children[0].hair is published already; there is nothing to restore"),
    ("children[0].clothes", {},
     "this case has no field children[0].clothes; did you mean children[0].clothing?"),
    ("children[0].clothing", dict(sentence=1, reason="  "),
     "give the reason for the decision (--reason TEXT): every decision says why, and the approver reads it"),
    ("children[0].clothing", dict(sentence=1, reviewer=" "),
     "give the reviewer's name (--reviewer NAME): every decision says who made it"),
])
def test_restore_refusals_say_what_to_do(confidential, path, kw, message):
    with pytest.raises(ReviewError) as info:
        restore(confidential, DecisionLog(), path, **kw)
    assert info.value.message == message


def test_care_trafficking_and_medical_restores_need_the_reason_too_and_show_the_citation(confidential):
    # The public text carries a care word; restoring it is allowed only with a reason.
    from posters.case import load_case
    from tests.release.conftest import edit_case

    edit_case(confidential.folder, "  endangerments:",
              "  public_circumstances: He may be near the foster care office on Fifth Street.\n  endangerments:")
    case = load_case(confidential.folder)
    with pytest.raises(ReviewError, match="give the reason"):
        restore(case, DecisionLog(), "missing.public_circumstances#1", reason="")
    _, d = restore(case, DecisionLog(), "missing.public_circumstances#1", reason="the office is the landmark police gave")
    assert d.withheld_as == "CONF-CARE"
    assert deciding.sensitive_citation(d).startswith("CONF-CARE: NCMEC does not generally make any public reference")


def test_restoring_twice_points_at_the_decision_to_undo(confidential):
    log, _ = restore(confidential, DecisionLog(), "missing.city")
    with pytest.raises(ReviewError) as info:
        restore(confidential, log, "missing.city")
    assert info.value.message == ("missing.city is restored by decision R1 already; to change it, undo that one "
                                  "(posters review CASE --undo R1 --reviewer NAME)")


@pytest.mark.parametrize("path, kw, message", [
    ("children[0].distinguishing_marks[0]", dict(span="anchor"),
     "the span “anchor” is not in the published text of children[0].distinguishing_marks[0]; "
     "copy it exactly from the diff (posters redact CASE)"),
    ("children[0].clothing", {}, "children[0].clothing is withheld already; there is nothing more to withhold"),
    ("children[0].clothing", dict(sentence=1), "children[0].clothing#1 is withheld already"),
    ("children[0].hair", dict(sentence=1, span="Brown"),
     "withhold a sentence (--sentence N) or a span (--span TEXT), not both"),
    ("children[0].hiar", {}, "this case has no field children[0].hiar; did you mean children[0].hair?"),
])
def test_withhold_refusals(confidential, path, kw, message):
    with pytest.raises(ReviewError) as info:
        deciding.withhold(confidential, DecisionLog(), path, reason="r", reviewer=REVIEWER, now=NOW, **kw)
    assert info.value.message == message


def test_withhold_span_sentence_and_field(with_public):
    log = DecisionLog()
    log, a = deciding.withhold(with_public, log, "children[0].distinguishing_marks[0]", span="crown",
                               reason="the tattoo identifies a gang", reviewer=REVIEWER, now=NOW)
    log, b = deciding.withhold(with_public, log, "missing.public_circumstances", sentence=2,
                               reason="the jacket is on the poster already", reviewer=REVIEWER, now=NOW)
    log, c = deciding.withhold(with_public, log, "children[0].eyes", reason="unsure", reviewer=REVIEWER, now=NOW)
    assert [x.id for x in (a, b, c)] == ["R1", "R2", "R3"]
    assert (b.text, a.target(), b.target()) == ("He was wearing a black puffer jacket.",
                                                "children[0].distinguishing_marks[0] (span “crown”)",
                                                "missing.public_circumstances#2")
    public = deciding.current_release(with_public, log).public
    assert public["children"][0]["distinguishing_marks"] == ["Burn scar on right hand"]
    assert "eyes" not in public["children"][0]
    assert public["missing"]["public_circumstances"] == "He was last seen near the Greyhound station on Fifth Street."


def test_undo_keeps_the_record_and_ids_are_never_reused(confidential):
    log, _ = restore(confidential, DecisionLog(), "missing.city")
    log, undone = deciding.undo(log, "r1", reviewer="M. Chen", reason="the city name is the home's", now=NOW)
    assert (undone.undone.by.name, undone.undone.reason) == ("M. Chen", "the city name is the home's")
    assert log.active() == () and len(log.decisions) == 1
    assert "city" not in deciding.current_release(confidential, log).public["missing"]
    log, again = restore(confidential, log, "missing.city")
    assert again.id == "R2"
    with pytest.raises(ReviewError) as info:
        deciding.undo(log, "R1", reviewer="M. Chen", now=NOW)
    assert info.value.message == "decision R1 was undone already, by M. Chen at 2026-11-25T12:00:00+00:00"
    with pytest.raises(ReviewError) as info:
        deciding.undo(log, "R9", reviewer="M. Chen", now=NOW)
    assert info.value.message == "there is no decision 'R9' in this case; decisions in force: R2"


def test_photo_decisions_for_the_photo_step(confidential):
    log, cover = deciding.face_cover(confidential, DecisionLog(), "children[0].photos[0]", (10, 20, 60, 90),
                                     reason="a face in the window the detector missed", reviewer=REVIEWER, now=NOW)
    log, text = deciding.photo_text(confidential, log, "children[0].photos[0]", "t1", (0, 0, 40, 12), "cover",
                                    reason="a school name on the shirt", reviewer=Reviewer(name="Tasha Okonkwo", user_id="u42"),
                                    now=NOW)
    assert isinstance(cover, FaceCover) and cover.target() == "children[0].photos[0] box 10,20,60,90"
    assert text.target() == "children[0].photos[0] text t1" and text.by.label() == "Tasha Okonkwo (u42)"
    assert log.photo_decisions("children[0].photos[0]") == (cover, text)
    save_decisions(confidential.folder, log)
    assert load_decisions(confidential.folder) == log  # boxes and user ids survive review.json
    with pytest.raises(ReviewError) as info:
        deciding.face_cover(confidential, log, "children[0].photos[3]", (0, 0, 5, 5), reason="r", reviewer=REVIEWER)
    assert info.value.message == "this case has no photo 'children[0].photos[3]'; its photos are children[0].photos[0]"
    with pytest.raises(ReviewError) as info:
        deciding.face_cover(confidential, log, "children[0].photos[0]", (50, 0, 5, 5), reason="r", reviewer=REVIEWER)
    assert info.value.message.startswith("the box must be left,top,right,bottom in pixels (")
    with pytest.raises(ReviewError) as info:
        deciding.photo_text(confidential, log, "children[0].photos[0]", "t1", (0, 0, 5, 5), "blur",
                            reason="r", reviewer=REVIEWER)
    assert info.value.message.startswith("photo text decision on children[0].photos[0]: action:")


def test_review_json_round_trip_and_commit_writes_the_audit_entry(confidential):
    folder = confidential.folder
    assert load_decisions(folder) == DecisionLog()
    log, d = restore(confidential, DecisionLog(), "missing.city")
    commit(folder, DecisionLog(), log, d)
    assert load_decisions(folder) == log
    data = json.loads(review_path(folder).read_text())
    assert data["schema"] == "posters/review-v1" and data["decisions"][0]["by"]["name"] == REVIEWER
    undone_log, undone = deciding.undo(log, "R1", reviewer="M. Chen", now=NOW)
    commit(folder, log, undone_log, undone, undo=True)
    entries = read_entries(folder / "audit.jsonl")
    assert [(e.action, e.actor) for e in entries] == [("review", REVIEWER), ("review", "M. Chen")]
    assert entries[0].details["decision"]["id"] == "R1" and entries[0].details["decision"]["reason"]
    assert entries[1].details["undo"] == "R1"
    assert verify_chain(folder / "audit.jsonl") is None
    assert not list(folder.glob(".review.json.tmp"))


def test_a_damaged_review_file_stops_everything_with_a_clear_message(confidential):
    review_path(confidential.folder).write_text('{"schema": "posters/review-v1", "decisions": [{"kind": "restore"}]}')
    with pytest.raises(ReviewError) as info:
        load_decisions(confidential.folder)
    assert info.value.message.startswith(f"{review_path(confidential.folder)} is damaged at decisions.0.restore.id: Field required")


def test_failed_audit_puts_the_old_review_file_back(confidential, monkeypatch):
    from posters.errors import AuditError
    from posters.release import audit

    folder = confidential.folder
    save_decisions(folder, DecisionLog())
    before = review_path(folder).read_bytes()
    log, d = restore(confidential, DecisionLog(), "missing.city")

    def broken(*a, **k):
        raise AuditError("disk full")
    monkeypatch.setattr(audit, "append_entry", broken)
    with pytest.raises(AuditError):
        commit(folder, DecisionLog(), log, d)
    assert review_path(folder).read_bytes() == before


def test_model_refuses_a_decision_without_reason_or_with_a_bad_id():
    with pytest.raises(ValidationError):
        Restore(id="R1", by=Reviewer(name="A"), at=NOW, reason="", path="missing.city")
    with pytest.raises(ValidationError):
        Restore(id="X1", by=Reviewer(name="A"), at=NOW, reason="r", path="missing.city")


def test_restorable_excludes_policy_withholds_decided_rows_and_the_internal_narrative():
    from redaction import Decision

    from posters.review.summary import restorable

    def row(path, action="sentence_dropped", matched="foster", review=None):
        return Decision(path, action, "R", "CONF-CARE", matched, "t", "c", review)
    assert restorable(row("missing.public_circumstances#2"), "missing.circumstances")
    assert not restorable(row("missing.circumstances#2"), "missing.circumstances")
    assert not restorable(row("sensitive.other[0]", "withheld", None), "missing.circumstances")
    assert not restorable(row("children[0].hair", "kept", "x", "R1"), "missing.circumstances")
