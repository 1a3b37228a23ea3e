"""Policy: bundled default, allowlist resolution, overlays that only tighten, fail closed."""
from __future__ import annotations

import re

from pathlib import Path
from typing import Any, Callable

import pytest

from redaction import LexiconError, PolicyError, RedactionError, load_policy, redact
from redaction.policy import DEFAULT_POLICY


def test_bundled_policy_loads_with_a_version() -> None:
    policy = load_policy()
    assert policy.version == "ncmec/2026.1"
    assert {lex.language for lex in policy.lexicons} == {"en", "es"}
    assert load_policy() is policy  # cached: immutable


def test_bundled_policy_is_found_next_to_the_package() -> None:
    # Found through the package directory, so a non-editable install finds it too.
    assert DEFAULT_POLICY.is_file()
    assert DEFAULT_POLICY.parent.parent.name == "redaction"


@pytest.mark.parametrize("path, treatment", [
    ("children[].first_name", "name"),
    ("children[].clothing", "free_text"),
    ("missing.city", "short_text"),
    ("sensitive.foster_care.placement_name", "withhold"),
    ("sensitive.brand_new_key", "withhold"),        # covered by the 'sensitive' subtree
    ("contacts.guardian.relationship", "withhold"),
])
def test_rule_resolution(path: str, treatment: str) -> None:
    rule = load_policy().rule_for(path)
    assert rule is not None and rule.treatment == treatment


@pytest.mark.parametrize("path", ["case.priority", "children[].photos[].alt", "children[].height"])
def test_unlisted_paths_have_no_rule(path: str) -> None:
    assert load_policy().rule_for(path) is None


def overlay(tmp_path: Path, body: str, name: str = "overlay.yaml") -> Path:
    path = tmp_path / name
    path.write_text("overlay: agency-x\nversion: '3'\n" + body, encoding="utf-8")
    return path


def test_overlay_withholds_more_and_adds_terms(
        tmp_path: Path, make_case: Callable[..., dict[str, Any]]) -> None:
    path = overlay(tmp_path, (
        "fields:\n"
        "  children[].race: {treatment: withhold, rule: OVL-RACE, reason: CONF-INTERNAL}\n"
        "  children[].hair: {treatment: short_text, rule: OVL-HAIR}\n"
        "lexicon:\n  CONF-CARE:\n    terms: [Bright Futures Network]\n"))
    policy = load_policy(overlays=[path])
    assert policy.version == "ncmec/2026.1+agency-x/3"
    case = make_case(missing__public_circumstances="She was seen near the library. "
                                                   "She left the Bright-Futures network van.")
    release = redact(case, policy)
    assert "race" not in release.public["children"][0]
    assert release.public["missing"]["public_circumstances"] == "She was seen near the library."
    dropped = [d for d in release.decisions if d.action == "sentence_dropped"]
    assert dropped[0].rule_id == "LEX-OVL-AGENCY-X-CONF-CARE"


def test_overlay_cannot_publish_a_withheld_field(tmp_path: Path) -> None:
    path = overlay(tmp_path, "fields:\n  contacts.guardian.phone: {treatment: keep, rule: OVL-PHONE}\n")
    with pytest.raises(PolicyError, match=r"would publish field 'contacts.guardian.phone'"):
        load_policy(overlays=[path])


def test_overlay_cannot_publish_an_unlisted_field(tmp_path: Path) -> None:
    path = overlay(tmp_path, "fields:\n  case.priority: {treatment: keep, rule: OVL-T}\n")
    with pytest.raises(PolicyError, match=r"would publish field 'case.priority'"):
        load_policy(overlays=[path])


def test_overlay_cannot_loosen_a_treatment(tmp_path: Path) -> None:
    path = overlay(tmp_path, "fields:\n  missing.city: {treatment: keep, rule: OVL-CITY}\n")
    with pytest.raises(PolicyError, match=r"loosen field 'missing.city' from short_text to keep"):
        load_policy(overlays=[path])


def test_overlay_cannot_redefine_a_citation(tmp_path: Path) -> None:
    path = overlay(tmp_path, "reasons:\n  CONF-CARE: 'Something else.'\n")
    with pytest.raises(PolicyError, match="already defined"):
        load_policy(overlays=[path])


def test_overlay_lexicon_file_is_relative_to_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "extra.yaml").write_text(
        "language: agency\nreasons:\n  CONF-CARE:\n    terms: [Hope Cottage]\n", encoding="utf-8")
    policy = load_policy(overlays=[overlay(tmp_path, "lexicons: [extra.yaml]\n")])
    assert [lex.language for lex in policy.lexicons][-1] == "agency"
    missing = overlay(tmp_path, "lexicons: [nope.yaml]\n", "o2.yaml")
    with pytest.raises(LexiconError, match="does not exist"):
        load_policy(overlays=[missing])


def base_policy_text() -> str:
    return DEFAULT_POLICY.read_text(encoding="utf-8")


@pytest.mark.parametrize("mutate, message", [
    (lambda t: re.sub(r"(?m)^lexicons: \[en, es", "lexicons: [en, xx", t), "does not exist"),
    (lambda t: re.sub(r"(?m)^lexicons: \[.*\]$", "lexicons: []", t), "lists no lexicon"),
    (lambda t: t.replace("treatment: keep, rule: PUB-SCHEMA", "treatment: show, rule: PUB-SCHEMA"),
     r"fields.schema.treatment: Input should be 'keep', 'name', 'free_text', 'short_text' or 'withhold'"),
    (lambda t: t.replace("{treatment: keep, rule: PUB-SCHEMA}", "{treatment: keep}"),
     r"fields.schema: missing required key 'rule' \(add it\)"),
    (lambda t: t.replace("reason: CONF-INTERNAL, values: text}", "reason: CONF-NOPE, values: text}", 1),
     "is not defined"),
    (lambda t: t.replace("  CONF-MEDICAL:", "  CONF-MEDICAL-X:", 1), "lack CONF-MEDICAL"),
    (lambda t: t.replace("version: \"2026.1\"\n", ""), "missing required key 'version'"),
    (lambda t: t + "\nextra_key: 1\n", r"unknown key 'extra_key'; allowed: circumstances, description, fields"),
    (lambda t: t.replace('version: "2026.1"', "version: 2026.1"), r"version: Input should be a valid string \(.*quote it in YAML"),
    (lambda t: t.replace("children[].clothing: {treatment: free_text, rule: PUB-CLOTHING}",
                         "children[].clothing: {treatment: free_text, rule: PUB-CLOTHING, colour: red}"),
     r"fields\['children\[\].clothing'\]: unknown key 'colour'; allowed: reason, rule, treatment, values"),
    (lambda t: t.replace("children[].hair: {", "children[] hair: {"), r"a field path looks like 'children\[\].clothing'"),
    (lambda t: t.replace("public: missing.public_circumstances", "public: case.public_circumstances"),
     "must share a parent"),
    (lambda t: t.replace("reason: CONF-INTERNAL                  # and this reason", "reason: PUBLIC"),
     "circumstances.reason 'PUBLIC' must be a CONF-\\* code"),
    (lambda t: t.replace("treatment: withhold, rule: W-CONSENT, reason: CONF-INTERNAL",
                         "treatment: withhold, rule: W-CONSENT"), "withheld fields need a CONF-\\* reason"),
    (lambda t: t + "\n  bad: [\n", "cannot be read"),
    (lambda t: t.replace("{treatment: keep, rule: PUB-SCHEMA}",
                         "{treatment: keep, rule: PUB-SCHEMA, values: text}"), "'values' is for withheld"),
])
def test_broken_policy_is_an_error(tmp_path: Path, mutate: Callable[[str], str], message: str) -> None:
    path = tmp_path / "policy.yaml"
    text = mutate(base_policy_text())
    path.write_text(text, encoding="utf-8")
    # The bundled lexicon names resolve to the package, wherever the policy file is.
    with pytest.raises((PolicyError, LexiconError), match=message):
        load_policy(path)


def test_several_problems_are_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(base_policy_text().replace("{treatment: keep, rule: PUB-SCHEMA}", "{treatment: show}")
                    .replace('version: "2026.1"\n', ""), encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    message = raised.value.message
    assert message.startswith(f"policy {path}: ")
    assert "missing required key 'version'" in message and "fields.schema.treatment" in message
    assert "fields.schema: missing required key 'rule'" in message


def test_an_empty_section_means_none(tmp_path: Path) -> None:
    policy = load_policy(overlays=[overlay(tmp_path, "reasons:\nfields:\nlexicons:\n")])
    assert policy.rules == load_policy().rules


def test_overlay_keys_are_checked_too(tmp_path: Path) -> None:
    path = overlay(tmp_path, "fields:\n  missing.city: {treatment: withhold, rule: OVL-CITY, reason: CONF-NOPE}\n")
    with pytest.raises(PolicyError, match=r"fields\['missing.city'\]: reason 'CONF-NOPE' is not defined under 'reasons'"):
        load_policy(overlays=[path])
    path = overlay(tmp_path, "field:\n  missing.city: {treatment: withhold}\n", "o2.yaml")
    with pytest.raises(PolicyError, match=r"unknown key 'field'; allowed: description, fields, lexicon, lexicons"):
        load_policy(overlays=[path])


def test_the_json_schema_describes_policies_and_overlays() -> None:
    from redaction.models import OverlayFile, PolicyFile

    schema = PolicyFile.model_json_schema(by_alias=True)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"policy", "version", "lexicons", "reasons", "circumstances", "fields"}
    spec = schema["$defs"]["FieldSpec"]
    assert spec["properties"]["treatment"]["enum"] == ["keep", "name", "free_text", "short_text", "withhold"]
    assert "overlay" in OverlayFile.model_json_schema(by_alias=True)["required"]


def test_missing_policy_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policy(tmp_path / "nope.yaml")


def test_unreadable_policy_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(path)


def test_policy_errors_are_redaction_errors() -> None:
    assert issubclass(PolicyError, RedactionError)


def test_the_template_choice_and_companion_descriptions_are_public_but_not_the_relationship(policy) -> None:
    assert policy.rule_for("case.template").treatment == "keep"
    assert policy.rule_for("companions[].vehicle.plate").treatment == "short_text"
    assert policy.rule_for("companions[].first_name").treatment == "name"
    # "foster father" or "former caseworker" would say the child was in care.
    assert policy.rule_for("companions[].relationship").treatment == "withhold"


def test_a_folded_citation_is_one_line(tmp_path: Path) -> None:
    # YAML's folded block (>) joins the lines and ends in a newline, which is not a second line.
    path = overlay(tmp_path, "reasons:\n  CONF-AGENCY: >\n    Agency X keeps its\n    shelter names private.\n")
    assert load_policy(overlays=[path]).citation("CONF-AGENCY") == "Agency X keeps its shelter names private."
