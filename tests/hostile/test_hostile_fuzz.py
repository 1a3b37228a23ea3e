"""Fuzzing: no input makes the case loader or the redaction layer raise anything but their own error types."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import redaction
from hostile_support import sample_data
from posters.case import load_case
from posters.case.validate import validate_data
from posters.case.yaml_loader import parse_yaml
from posters.errors import PostersError

FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

YAML_ALPHABET = st.sampled_from(list("abcxyz019 :-,[]{}&*!|>'\"#%@`?~\n\t\\.") + ["\u202e", "\u200b", "é", "\x07", "\ufeff",
                                                                          "schema", "children", "<<", "!!python/object"])
_SAMPLE = sample_data()
_SAMPLE_YAML = yaml.safe_dump(_SAMPLE, allow_unicode=True, sort_keys=False)


def _load_text(text: str) -> None:
    try:
        validate_data(parse_yaml(text, "case.yaml"), "case.yaml")
    except PostersError:
        pass


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _load_text(text)


@FUZZ
@given(st.lists(YAML_ALPHABET, max_size=120).map("".join))
def test_random_yaml_like_text(text: str) -> None:
    _load_text(text)


@FUZZ
@given(st.data())
def test_sample_text_with_random_edits(data: st.DataObject) -> None:
    text = _SAMPLE_YAML
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.lists(YAML_ALPHABET, max_size=8).map("".join))
        text = text[:at] + insert + text[at + cut:]
    _load_text(text)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=60),
    st.dates(), st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-6))])),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


_SAMPLE_PATHS = _paths(_SAMPLE)


@FUZZ
@given(st.data())
def test_sample_structure_with_random_values(data: st.DataObject) -> None:
    case = copy.deepcopy(_SAMPLE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_SAMPLE_PATHS))
        node = case
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = data.draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced a parent
    try:
        text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    _load_text(text)


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_as_a_case_file(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(raw)
    try:
        load_case(path)
    except PostersError:
        pass


# -- the redaction layer --------------------------------------------------------

_PLAIN: dict[str, Any] | None = None
_POLICY: Any = None


def _plain_case() -> dict[str, Any]:
    global _PLAIN
    if _PLAIN is None:
        from posters.case.validate import Case

        model = validate_data(parse_yaml(_SAMPLE_YAML, "case.yaml"), "case.yaml")
        _PLAIN = Case(model=model, path=Path("case.yaml"), positions={}).plain_data()
    return copy.deepcopy(_PLAIN)


def _policy() -> Any:
    global _POLICY
    if _POLICY is None:
        _POLICY = redaction.load_policy()
    return _POLICY


TEXT_FIELDS = [("children", 0, "clothing"), ("children", 0, "race"), ("children", 0, "hair"), ("children", 0, "eyes"),
               ("missing", "city"), ("missing", "state"), ("missing", "circumstances"),
               ("missing", "public_circumstances"), ("contacts", "law_enforcement", "agency"),
               ("children", 0, "first_name"), ("sensitive", "foster_care", "placement_name")]
HOSTILE_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list("&#;<>/.- 0123456789"))), max_size=200)


@FUZZ
@given(st.data())
def test_redaction_of_random_text_in_public_fields(data: st.DataObject) -> None:
    case = _plain_case()
    for where in data.draw(st.lists(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=4)):
        node: Any = case
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = data.draw(HOSTILE_TEXT)
    try:
        release = redaction.redact(case, _policy())
    except redaction.RedactionError:
        return
    release.canonical_json()  # the result is always JSON


@FUZZ
@given(st.text(max_size=300))
def test_normalize_and_scan_never_raise(text: str) -> None:
    redaction.normalize(text)
    redaction.analyze(text)
