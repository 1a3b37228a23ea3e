"""Hostile YAML: every broken or malicious case file ends in one exact, located message, and nothing is written."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_support import SAMPLE_DIR
from posters.case import load_case
from posters.case.yaml_loader import MAX_CASE_BYTES, MAX_DEPTH
from posters.cli import main
from posters.errors import CaseFileError

SAMPLE_TEXT = (SAMPLE_DIR / "case.yaml").read_text(encoding="utf-8")
# The line after the sample's last: where a key appended to it sits.
END = SAMPLE_TEXT.count("\n") + 1
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
ANCHOR = "anchors and aliases (&name, *name) are not allowed in a case file; write the value out"
NOT_MAPPING = "must be a mapping of keys to values at the top level (schema:, case:, children:, ...)"


def _problem_of(path: Path) -> str:
    with pytest.raises(CaseFileError) as err:
        load_case(path)
    return err.value.message


# Each row: the file's text, and the message after "1 problem in the case file:\n  case.yaml".
CASES = [
    # a colon inside a plain value: the line and column of the offending character
    ("schema: posters/case-v1\ncase: id: 7\n", ":2:9: YAML syntax error: mapping values are not allowed here"),
    # a tab used for indentation
    ("schema: posters/case-v1\ncase:\n\tid: 7\n",
     ":3:1: YAML syntax error: while scanning for the next token: found character '\\t' that cannot start any token"),
    # an unclosed flow list
    ("schema: posters/case-v1\nchildren: [a, b\n",
     ":3:1: YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got '<stream end>'"),
    # an unclosed quote
    ('schema: "posters/case-v1\n', ":2:1: YAML syntax error: while scanning a quoted scalar: found unexpected end of stream"),
    # billion laughs: refused at the first anchor, before any alias is expanded
    (BILLION_LAUGHS, f":1:4: {ANCHOR}"),
    # a lone alias of an anchor defined further down is refused just the same
    ("a: *x\nb: &x 1\n", f":1:4: {ANCHOR}"),
    # root is a list, a scalar, a number
    ("- schema: posters/case-v1\n", f":1:1: {NOT_MAPPING}"),
    ("just some words\n", f":1:1: {NOT_MAPPING}"),
    ("42\n", f":1:1: {NOT_MAPPING}"),
    # empty and comment-only files
    ("", ": is empty; a case file starts with 'schema: posters/case-v1'"),
    ("# nothing here\n", ": is empty; a case file starts with 'schema: posters/case-v1'"),
    # two documents in one file
    ("schema: posters/case-v1\n---\nschema: posters/case-v1\n",
     ":2:1: YAML syntax error: expected a single document in the stream: but found another document"),
    # deep nesting, block and flow: refused before the (recursive) composer sees it
    ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)), f":22:43: is nested more than {MAX_DEPTH} levels deep"),
    ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", f":1:24: is nested more than {MAX_DEPTH} levels deep"),
    ("a: " + "{b: " * 20_000 + "1" + "}" * 20_000 + "\n", f":1:84: is nested more than {MAX_DEPTH} levels deep"),
    # raw control characters YAML forbids (a bell, an escape) with their position
    ("schema: posters/case-v1\ncase:\n  id: MFC\x07-1\n",
     ":3:10: contains the control character U+0007, which a case file may not hold; delete it "
     "(it is often pasted in from another program)"),
    ("schema: posters/case-v1\x1b[31m\n",
     ":1:24: contains the control character U+001B, which a case file may not hold; delete it "
     "(it is often pasted in from another program)"),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[f"row{i}" for i in range(len(CASES))])
def test_broken_yaml_is_one_located_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    assert _problem_of(path) == f"1 problem in the case file:\n  {path}{expected}"


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch pwned']",
    "!!python/object:__main__.Evil {}",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!custom value",
])
def test_tags_are_refused_and_never_constructed(tmp_path: Path, tag: str) -> None:
    text = SAMPLE_TEXT.replace("  prepared_by: J. Rivera", f"  prepared_by: {tag}")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  prepared_by: {tag}") + 1
    full = {"!custom value": "!custom", "!!set {a, b}": "tag:yaml.org,2002:set",
            "!!binary aGVsbG8=": "tag:yaml.org,2002:binary"}.get(tag)
    if full is None:
        full = "tag:yaml.org,2002:" + tag.split()[0][2:]
    assert _problem_of(path) == (f"1 problem in the case file:\n  {path}:{line}:16: case.prepared_by: uses the tag "
                                 f"{full!r}; case files allow plain values only")
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


@pytest.mark.parametrize("extra, where, expected", [
    ("<<: {case: 1}\n", f"{END}:1: ", "uses a merge key (<<); keys must be plain names"),
    ("? [a, b]\n: c\n", f"{END}:3: ", "uses a list or mapping as a key; keys must be plain names"),
    ("!!python/name:os.system x: 1\n", f"{END}:1: ", "uses the tag 'tag:yaml.org,2002:python/name:os.system'; keys must be plain names"),
])
def test_keys_that_are_not_plain_names(tmp_path: Path, extra: str, where: str, expected: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SAMPLE_TEXT + extra, encoding="utf-8")
    assert _problem_of(path) == f"1 problem in the case file:\n  {path}:{where}{expected}"


@pytest.mark.parametrize("key", ["a[", "x[1]", "list[int]", "[", "]"])
def test_unknown_keys_with_brackets_are_named(tmp_path: Path, key: str) -> None:
    # Found by fuzzing: a key containing '[' crashed the error formatter (IndexError).
    path = tmp_path / "case.yaml"
    path.write_text(SAMPLE_TEXT + f"'{key}': 1\n", encoding="utf-8")
    assert _problem_of(path) == (f"1 problem in the case file:\n  {path}:{END}: {key}: is not a known key; expected one of: "
                                 "schema, case, children, missing, companions, contacts, sensitive, consent")


def test_duplicate_key_is_an_error_not_an_override(tmp_path: Path) -> None:
    text = SAMPLE_TEXT.replace("  city: Springfield\n", "  city: Springfield\n  city: Chicago\n")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    first = text.splitlines().index("  city: Springfield") + 1
    assert _problem_of(path) == (f"1 problem in the case file:\n  {path}:{first + 1}:3: missing.city: "
                                 f"appears twice (first on line {first}); keep one")


def test_duplicate_top_level_section(tmp_path: Path) -> None:
    text = SAMPLE_TEXT + "consent: {}\n"
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    first = text.splitlines().index("consent:") + 1
    last = len(text.splitlines())
    assert _problem_of(path) == (f"1 problem in the case file:\n  {path}:{last}:1: consent: "
                                 f"appears twice (first on line {first}); keep one")


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SAMPLE_TEXT + "#" * MAX_CASE_BYTES, encoding="utf-8")
    size = path.stat().st_size
    assert _problem_of(path) == (f"1 problem in the case file:\n  {path}: is {size:,} bytes; "
                                 f"a case file may be at most {MAX_CASE_BYTES:,} bytes")


@pytest.mark.parametrize("encoding, expected", [
    ("latin-1", ":{line}: is not UTF-8 text (byte 0xe9); it looks like Latin-1 or Windows-1252; save it as UTF-8"),
    ("cp1252", ":{line}: is not UTF-8 text (byte 0xe9); it looks like Latin-1 or Windows-1252; save it as UTF-8"),
    ("utf-16", ": is UTF-16 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
    ("utf-16-le", ": is UTF-16 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
    ("utf-16-be", ": is UTF-16 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
    ("utf-32", ": is UTF-32 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
])
def test_non_utf8_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    text = SAMPLE_TEXT.replace("first_name: Ava", "first_name: José")
    path = tmp_path / "case.yaml"
    path.write_bytes(text.encode(encoding))
    line = text.splitlines().index("  - first_name: José") + 1
    assert _problem_of(path) == f"1 problem in the case file:\n  {path}{expected.format(line=line)}"


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_TEXT.encode("utf-8"))
    assert load_case(path).model.children[0].first_name == "Ava"


def test_huge_numbers_and_bad_timestamps_are_problems(tmp_path: Path) -> None:
    text = (SAMPLE_TEXT.replace("height: {feet: 5, inches: 4}", "height: {feet: " + "9" * 5000 + ", inches: 4}")
            .replace("date_of_birth: 2010-05-14", "date_of_birth: 2010-13-45"))
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    dob = next(i for i, t in enumerate(lines) if "date_of_birth" in t) + 1
    height = next(i for i, t in enumerate(lines) if "height:" in t) + 1
    message = _problem_of(path)
    # Only the two values written wrong: no follow-on complaint about the height as a whole.
    assert message.splitlines() == [
        "2 problems in the case file:",
        f"  {path}:{dob}:20: children[0].date_of_birth: is not a valid date (month must be in 1..12); "
        "expected a date like 2010-05-14",
        f"  {path}:{height}:20: children[0].height.feet: is a number with 5,000 characters, too long to read; "
        "expected a number such as 120",
    ]


def test_cli_prints_the_problem_without_traceback_and_writes_nothing(tmp_path: Path, capsys, no_output) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(path), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: 1 problem in the case file:\n  {path}:1:4: {ANCHOR}\n"
    no_output(out)
