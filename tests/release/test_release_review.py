"""Reviewer decisions in the release: part of its hash, listed when they void an approval, applied when
publishing, honoured by the final leak scan for that release only, and written to the audit log."""
from __future__ import annotations

import pytest

from posters.case import load_case
from posters.errors import ReleaseRefused
from posters.public import build_public_release
from posters.release import approve, publish, read_entries, require_approval, scanner_for
from posters.review import deciding
from posters.review.casefolder import commit, load_decisions
from posters.review.decisions import DecisionLog
from tests.release.conftest import NOW, REVIEWER

CLOTHING = "Black puffer jacket from the Maple Grove Group Home donation closet"
DECIDER = "T. Okonkwo"


def decide(folder, fn, *args, **kw):
    case = load_case(folder)
    before = load_decisions(folder)
    after, d = fn(case, before, *args, reviewer=DECIDER, now=NOW, **kw)
    commit(folder, before, after, d)
    return d


def test_a_decision_changes_the_release_hash_and_undo_restores_it(case_dir, face_cache):
    folder = case_dir("05-confidential")
    case = load_case(folder)
    plain = build_public_release(case, cache=face_cache)
    decide(folder, deciding.withhold, "children[0].eyes", reason="unsure of the colour")
    withheld = build_public_release(case, cache=face_cache)
    assert withheld.release_hash != plain.release_hash
    log, _ = deciding.undo(load_decisions(folder), "R1", reviewer=DECIDER, now=NOW)
    undone = build_public_release(case, cache=face_cache, decisions=log)
    assert undone.release_hash == plain.release_hash


def test_a_decision_that_changes_no_public_field_still_voids_the_approval_and_is_named(case_dir):
    folder = case_dir("05-confidential")
    approve(folder, REVIEWER, now=NOW)
    # A restore of a sentence that is not dropped changes no public field; it is still a new release.
    log = load_decisions(folder)
    case = load_case(folder)
    log, d = deciding.restore(case, log, "missing.city", reason="the home is on the city's sign", reviewer=DECIDER, now=NOW)
    commit(folder, DecisionLog(), log, d)
    with pytest.raises(ReleaseRefused) as info:
        require_approval(case, build_public_release(case))
    message = info.value.message
    assert ("  - review decision added: R1 restore missing.city, by T. Okonkwo at 2026-11-25T12:00:00Z: "
            "the home is on the city's sign") in message
    assert "  - public field changed: missing.city" in message


def test_undoing_a_decision_after_approval_is_named(case_dir):
    folder = case_dir("05-confidential")
    decide(folder, deciding.withhold, "children[0].eyes", reason="unsure of the colour")
    approve(folder, REVIEWER, now=NOW)
    before = load_decisions(folder)
    after, d = deciding.undo(before, "R1", reviewer=DECIDER, now=NOW)
    commit(folder, before, after, d, undo=True)
    case = load_case(folder)
    with pytest.raises(ReleaseRefused) as info:
        require_approval(case, build_public_release(case))
    assert ("review decision undone: R1 withhold children[0].eyes, by T. Okonkwo at 2026-11-25T12:00:00Z: "
            "unsure of the colour") in info.value.message


def test_publish_applies_a_restore_and_the_leak_scan_allows_exactly_that_text(case_dir, tmp_path):
    folder = case_dir("05-confidential")
    decide(folder, deciding.restore, "children[0].clothing", sentence=1, reason="the closet is a public drive")
    approve(folder, REVIEWER, now=NOW)
    result = publish(folder, tmp_path / "out", papers=("letter",), langs=("en",), now=NOW)
    caption = (tmp_path / "out" / "social" / "square-en.txt").read_text()
    assert CLOTHING in caption
    assert len(result.files) > 1
    actions = [e.action for e in read_entries(folder / "audit.jsonl")]
    assert actions == ["review", "approve", "publish"]


def test_the_restore_loosens_nothing_else(case_dir, tmp_path):
    folder = case_dir("05-confidential")
    decide(folder, deciding.restore, "children[0].clothing", sentence=1, reason="the closet is a public drive")
    case = load_case(folder)
    public = build_public_release(case)
    art = tmp_path / "art"
    art.mkdir()
    (art / "a.txt").write_text(f"Last seen wearing: {CLOTHING}.")
    (art / "b.txt").write_text("He lived at Maple Grove Group Home.")
    with_restore = scanner_for(case, None, restored=public.restored_texts())
    assert {f.artifact for f in with_restore.scan_folder(art)} == {"b.txt"}
    # Without the decision (another release), the same text is a finding again.
    assert {f.artifact for f in scanner_for(case, None).scan_folder(art)} == {"a.txt", "b.txt"}


def test_a_face_the_reviewer_drew_is_covered(case_dir, face_cache):
    folder = case_dir("05-confidential")
    case = load_case(folder)
    plain = build_public_release(case, cache=face_cache)
    d = decide(folder, deciding.face_cover, "children[0].photos[0]", (0, 0, 40, 40), reason="a face in the corner")
    covered = build_public_release(case, cache=face_cache)
    [photo] = covered.photos
    assert (0, 0, 40, 40) in [b.as_ltrb() for b in photo.covered]
    assert photo.pixel_sha256 != plain.photos[0].pixel_sha256
    assert photo.image().getpixel((5, 5)) == (128, 128, 128)
    assert d.id == "R1"
