"""redact() with a reviewer's overrides: what a restore and a withhold change, and what they never can."""
from __future__ import annotations

import pytest

import redaction
from redaction import Override, Overrides, RedactionError

PUBLIC_TEXT = ("Ava was last seen near the bus station. She stayed at Sunrise House last week. "
               "She may be traveling to Chicago.")


def by_path(release):
    return {d.path: d for d in release.decisions}


def run(make_case, policy, *items, **changes):
    return redaction.redact(make_case(**changes), policy, Overrides(tuple(items)))


def test_no_overrides_is_the_machines_redaction(make_case, policy):
    case = make_case(missing__public_circumstances=PUBLIC_TEXT)
    assert redaction.redact(case, policy, Overrides()).public == redaction.redact(case, policy).public


def test_restored_sentence_is_published_and_names_the_decision(make_case, policy):
    sentence = "She stayed at Sunrise House last week."
    release = run(make_case, policy, Override("R1", "restore", "missing.public_circumstances", sentence=sentence,
                                              note="R1 by T. Okonkwo: the house is a public landmark"),
                  missing__public_circumstances=PUBLIC_TEXT)
    assert release.public["missing"]["public_circumstances"] == PUBLIC_TEXT
    d = by_path(release)["missing.public_circumstances#2"]
    assert (d.action, d.rule_id, d.reason, d.matched, d.review) == ("kept", "REVIEW-RESTORE", "PUBLIC", "Sunrise House", "R1")
    assert d.citation == "R1 by T. Okonkwo: the house is a public landmark"
    assert release.unused_overrides == ()


def test_restore_of_a_sentence_no_longer_there_changes_nothing_and_is_reported(make_case, policy):
    release = run(make_case, policy, Override("R1", "restore", "missing.public_circumstances",
                                              sentence="She stayed at Sunrise House on Monday."),
                  missing__public_circumstances=PUBLIC_TEXT)
    assert "Sunrise" not in release.public["missing"]["public_circumstances"]
    assert release.unused_overrides == ("R1",)


def test_restored_short_field_is_published(make_case, policy):
    release = run(make_case, policy, Override("R2", "restore", "children[0].hair"),
                  children__0__hair="Brown, dyed at Sunrise House")
    assert release.public["children"][0]["hair"] == "Brown, dyed at Sunrise House"
    assert by_path(release)["children[0].hair"].review == "R2"


@pytest.mark.parametrize("path", [
    "sensitive.foster_care.placement_name",   # a withhold rule
    "contacts.guardian.name",                 # a withhold rule (CONF-CONTACT)
    "missing.endangerments[0]",               # a field the policy does not name
])
def test_restore_never_reaches_a_field_the_policy_withholds(make_case, policy, path):
    release = run(make_case, policy, Override("R3", "restore", path), missing__endangerments=["Needs insulin"])
    assert by_path(release)[path].action == "withheld"
    assert release.unused_overrides == ("R3",)
    assert "sensitive" not in release.public and "guardian" not in release.public["contacts"]


def test_internal_narrative_is_never_restored(make_case, policy):
    case = {"missing__circumstances": "Ava ran from Sunrise House. She was seen at the station."}
    release = run(make_case, policy, Override("R4", "restore", "missing.circumstances",
                                              sentence="Ava ran from Sunrise House."), **case)
    assert "Sunrise" not in str(release.public)
    assert release.unused_overrides == ("R4",)


def test_a_term_running_into_the_next_sentence_still_drops_that_one(make_case, policy):
    # "...Sunrise. House..." spells the placement across a junction: restoring the first sentence
    # does not let the second one through.
    text = "She was at Sunrise. House rules were strict. She may be in Chicago."
    plain = redaction.redact(make_case(missing__public_circumstances=text), policy)
    dropped = [d.path for d in plain.decisions if d.action == "sentence_dropped"]
    assert dropped == ["missing.public_circumstances#1", "missing.public_circumstances#2"]
    release = run(make_case, policy, Override("R5", "restore", "missing.public_circumstances",
                                              sentence="She was at Sunrise."),
                  missing__public_circumstances=text)
    assert release.public["missing"]["public_circumstances"] == "She was at Sunrise. She may be in Chicago."


def test_withhold_a_field_a_sentence_and_a_span(make_case, policy):
    release = run(
        make_case, policy,
        Override("R6", "withhold", "children[0].eyes"),
        Override("R7", "withhold", "missing.public_circumstances", sentence="She may be traveling to Chicago."),
        Override("R8", "withhold", "children[0].distinguishing_marks[0]", span="LEFT eyebrow"),
        missing__public_circumstances="Ava was last seen near the bus station. She may be traveling to Chicago.")
    child = release.public["children"][0]
    assert "eyes" not in child and "distinguishing_marks" not in child
    assert release.public["missing"]["public_circumstances"] == "Ava was last seen near the bus station."
    decisions = by_path(release)
    assert (decisions["children[0].eyes"].rule_id, decisions["children[0].eyes"].reason) == ("REVIEW-WITHHOLD", "CONF-REVIEW")
    assert decisions["missing.public_circumstances#2"].review == "R7"
    assert decisions["children[0].distinguishing_marks[0]#1"].matched == "LEFT eyebrow"


def test_withhold_a_whole_subtree(make_case, policy):
    release = run(make_case, policy, Override("R9", "withhold", "children[0].height"))
    assert "height" not in release.public["children"][0]
    assert by_path(release)["children[0].height"].review == "R9"


def test_withhold_wins_over_restore_of_the_same_sentence(make_case, policy):
    sentence = "She stayed at Sunrise House last week."
    release = run(make_case, policy,
                  Override("R1", "restore", "missing.public_circumstances", sentence=sentence),
                  Override("R2", "withhold", "missing.public_circumstances", sentence=sentence),
                  missing__public_circumstances=PUBLIC_TEXT)
    assert "Sunrise" not in release.public["missing"]["public_circumstances"]


@pytest.mark.parametrize("kwargs, message", [
    (dict(action="publish", path="children[0].hair"), "action must be 'restore' or 'withhold'"),
    (dict(action="restore", path="children[0].hair", span="x"), "a span can be withheld, not restored"),
    (dict(action="withhold", path="children[0].hair#1"), "must name a field"),
])
def test_malformed_overrides_are_refused(kwargs, message):
    with pytest.raises(RedactionError, match=message):
        Override("R1", **kwargs)


# -- properties: whatever a reviewer asks, a withhold never adds and a restore never reaches the policy's fields --

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.redaction.conftest import _make_case  # noqa: E402

POLICY = redaction.load_policy()
PATHS = sorted({d.path.split("#")[0] for d in redaction.redact(_make_case(
    missing__public_circumstances=PUBLIC_TEXT), POLICY).decisions})
SENTENCES = [s.strip() + "." for s in PUBLIC_TEXT.split(".") if s.strip()]


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _flatten(v, f"{prefix}[{i}]")
    else:
        yield prefix, data


def _sentences(text):
    from redaction.sentences import split_sentences

    return {text[a:b] for a, b in split_sentences(text)}


override = st.builds(
    lambda i, action, path, sentence: Override(f"R{i}", action, path, sentence=sentence),
    st.integers(1, 99), st.sampled_from(["restore", "withhold"]), st.sampled_from(PATHS),
    st.one_of(st.none(), st.sampled_from(SENTENCES)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(override, max_size=6))
def test_overrides_never_publish_what_the_policy_withholds(items):
    case = _make_case(missing__public_circumstances=PUBLIC_TEXT)
    release = redaction.redact(case, POLICY, Overrides(tuple(items)))
    public = dict(_flatten(release.public))
    assert not any(p.startswith(("sensitive", "consent", "contacts.guardian", "case.id", "case.prepared_by"))
                   for p in public)
    internal = "Ava was last seen near the bus station on Main Street."
    assert internal not in str(release.public) or internal in PUBLIC_TEXT


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(override.filter(lambda o: o.action == "withhold"), max_size=6))
def test_withholds_only_ever_remove(items):
    case = _make_case(missing__public_circumstances=PUBLIC_TEXT)
    plain = dict(_flatten(redaction.redact(case, POLICY).public))
    less = dict(_flatten(redaction.redact(case, POLICY, Overrides(tuple(items))).public))
    for path, value in less.items():
        if path == "missing.public_circumstances":
            assert _sentences(value) <= _sentences(plain[path])
        else:
            assert plain.get(path) == value


def test_a_headline_field_a_reviewer_withholds_is_listed_as_emptied(make_case, policy, tmp_path):
    # Release.emptied is the one answer to "which headline fields did this release empty":
    # a reviewer's withhold (whole or by a span) counts, and so does an overlay's withhold rule.
    release = run(make_case, policy, Override("R1", "withhold", "missing.city"),
                  Override("R2", "withhold", "children[0].clothing", span="hoodie"),
                  children__0__clothing="Grey hoodie")
    assert {(e.path, e.reason) for e in release.emptied} == {("missing.city", "CONF-REVIEW"),
                                                            ("children[0].clothing", "CONF-REVIEW")}
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("overlay: x\nversion: '1'\nfields:\n"
                       "  missing.city: {treatment: withhold, rule: OVL-CITY, reason: CONF-LOCATION}\n", encoding="utf-8")
    release = redaction.redact(make_case(), redaction.load_policy(overlays=[overlay]))
    assert [(e.path, e.reason) for e in release.emptied] == [("missing.city", "CONF-LOCATION")]
