"""Load a case file: YAML to plain data, then the schema, with errors a person can act on."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import CaseFileError, Problem
from .schema import CaseFile
from .yaml_loader import LoadedYaml, parse_yaml, read_case_text

_EXPECTED = {
    "date_type": "expected a date like 2010-05-14",
    "date_parsing": "expected a date like 2010-05-14",
    "date_from_datetime_inexact": "expected a date like 2010-05-14, without a time",
    "datetime_type": "expected a date and time with offset, like 2026-11-02T09:30:00-06:00",
    "datetime_parsing": "expected a date and time with offset, like 2026-11-02T09:30:00-06:00",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "missing": "is required but missing",
    "string_too_short": "must not be empty",
}


@dataclass(frozen=True)
class Case:
    """A validated case file, with the folder its photos are relative to."""

    model: CaseFile
    path: Path
    positions: dict[str, tuple[int, int]]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def case_id(self) -> str:
        return self.model.case.id

    def plain_data(self) -> dict[str, Any]:
        """The case as plain JSON-ready data (the form the redaction layer takes)."""
        return self.model.model_dump(mode="json", by_alias=True)


def load_case(path: str | Path) -> Case:
    """Read and validate a case file; raises CaseFileError listing every problem."""
    path = Path(path)
    if path.is_dir() and (path / "case.yaml").is_file():
        path = path / "case.yaml"
    text = read_case_text(path)
    loaded = parse_yaml(text, str(path))
    return Case(model=validate_data(loaded, str(path)), path=path, positions=loaded.positions)


def validate_data(loaded: LoadedYaml, name: str) -> CaseFile:
    """Validate parsed data against the schema; raises CaseFileError."""
    data = loaded.data
    if isinstance(data, dict) and data.get("schema") not in (None, "posters/case-v1"):
        line = loaded.position("schema")
        raise CaseFileError([Problem(name, "schema", f"is {data.get('schema')!r}; this version of posters reads 'posters/case-v1'",
                                     line=line[0] if line else None)])
    problems = list(loaded.problems)
    try:
        model = CaseFile.model_validate(data)
    except ValidationError as exc:
        known = {p.path for p in problems}
        # A value the loader could not read is None to the schema: its own complaint and
        # its parent's ("a height under 30 cm") would only repeat the loader's problem.
        problems += [p for p in (_problem(err, loaded, name) for err in _per_language_errors(exc.errors(include_url=False)))
                     if p.path not in known and not any(k.startswith((p.path + ".", p.path + "[")) for k in known if p.path)]
        raise CaseFileError(_dedupe(problems)) from None
    problems += _cross_checks(model, loaded, name)
    if problems:
        raise CaseFileError(_dedupe(problems))
    return model


def _per_language_errors(errors: list[Any]) -> list[Any]:
    """Drop "expected text" for a mapping where a text-or-{en, es} field's mapping branch says what is wrong.

    A field like clothing takes a string or {en: ..., es: ...}: for `{en: x, fr: y}` the
    string branch's complaint only hides the one that helps ("fr is not a known key").
    """
    def text_for_mapping(e: Any) -> bool:
        return e["type"] == "string_type" and isinstance(e.get("input"), dict)

    locs = [_clean_loc(e["loc"]) for e in errors if not text_for_mapping(e)]
    deeper = {loc[:n] for loc in locs for n in range(len(loc))}
    return [e for e in errors if not (text_for_mapping(e) and _clean_loc(e["loc"]) in deeper)]


def _cross_checks(model: CaseFile, loaded: LoadedYaml, name: str) -> list[Problem]:
    """Checks that span several fields, reported at the field a person must fix."""
    out = []

    def add(path: str, message: str) -> None:
        pos = loaded.position(path)
        out.append(Problem(name, path, message, line=pos[0] if pos else None))

    for i, child in enumerate(model.children):
        if child.date_of_birth > model.missing.date:
            add(f"children[{i}].date_of_birth", f"is {child.date_of_birth}, after missing.date ({model.missing.date}); "
                "expected a birth date on or before the day the child went missing")
        for j, photo in enumerate(child.photos):
            if photo.taken is not None and photo.taken < child.date_of_birth:
                add(f"children[{i}].photos[{j}].taken", f"is {photo.taken}, before the child's date of birth")
    if len(model.children) > 1 and model.case.template not in (None, "siblings"):
        add("case.template", f"is {model.case.template!r} but the case has {len(model.children)} children; use 'siblings'")
    return out


def _problem(err: dict[str, Any], loaded: LoadedYaml, name: str) -> Problem:
    loc = _clean_loc(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden" and err["loc"] and (not loc or loc[-1] != err["loc"][-1]):
        loc = loc + (err["loc"][-1],)  # the unknown key itself, whatever it looks like
    path = _path_of(loc)
    if kind == "extra_forbidden":
        message = f"is not a known key{_suggestion(loc)}"
    elif kind == "literal_error":
        message = f"is {err.get('input')!r}; expected one of {err['ctx']['expected']}"
    elif kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(err["ctx"].values()))
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        words = {"greater_than": "greater than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        message = f"is {err.get('input')!r}; expected a number {words} {bound}"
    elif kind == "string_pattern_mismatch":
        message = f"is {err.get('input')!r}; {_pattern_hint(path)}"
    elif kind == "too_long":
        message = f"has too many items; expected at most {err['ctx'].get('max_length')}"
    elif kind == "too_short":
        message = f"has too few items; expected at least {err['ctx'].get('min_length')}"
    elif kind == "string_too_long":
        message = f"is too long; expected at most {err['ctx'].get('max_length')} characters"
    elif kind in _EXPECTED:
        message = _EXPECTED[kind]
        if kind != "missing" and "input" in err and not isinstance(err["input"], (dict, list)):
            message = f"is {err['input']!r}; {message}"
    else:
        message = str(err["msg"])
    pos = loaded.position(path)
    return Problem(name, path, message, line=pos[0] if pos else None)


# Labels pydantic puts into locations ("list[Child]", "nullable[str]"); a key a person
# wrote ("a[") is not one of them and must stay in the path.
_PYDANTIC_LABEL = re.compile(r"^[a-z][a-z0-9_-]*\[.+\]$")


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union member names and function names to the location; a
    # person only cares about the keys they wrote.
    skip = {"int", "float", "str", "date", "datetime", "function-after", "nullable",
            "constrained-str", "tagged-union", "list", "dict", "literal", "is-instance"}
    out = []
    for part in loc:
        if isinstance(part, str) and (part in skip or part.startswith(("function-", "constrained-", "lax-", "json-"))
                                      or _PYDANTIC_LABEL.match(part)):
            continue
        out.append(part)
    return tuple(out)


def _path_of(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _suggestion(loc: tuple[Any, ...]) -> str:
    if not loc:
        return ""
    model: Any = CaseFile
    for part in loc[:-1]:
        model = _field_model(model, part)
        if model is None:
            return ""
    names = [f.alias or n for n, f in model.model_fields.items()] if isinstance(model, type) else []
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; expected one of: {', '.join(names)}" if names else ""


def _field_model(model: Any, part: Any) -> Any:
    if isinstance(part, int):
        return model
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
    if field is None:
        return None
    return _unwrap(field.annotation)


def _unwrap(tp: Any) -> Any:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in get_args(tp):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None if get_origin(tp) is None else None


def _pattern_hint(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return {
        "phone": "expected a phone number such as 217-555-0100",
        "email": "expected an email address such as name@example.org",
        "public_url": "expected an https:// address",
        "country": "expected a two-letter country code such as US",
        "ncmec_number": "expected an NCMEC case number such as NCMC2041234",
    }.get(last, "has characters that are not allowed here")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    # One message per field path: a union type reports each member's failure,
    # and a person needs to read only one of them.
    seen: set[str] = set()
    out = []
    for p in problems:
        if p.path not in seen or not p.path:
            seen.add(p.path)
            out.append(p)
    return sorted(out, key=lambda p: (p.line or 0, p.path))
