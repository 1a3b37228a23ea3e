"""Load a case file: YAML to plain data, then the schema, with errors a person can act on."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from ..errors import CaseFileError, Problem
from .photo_files import FolderPhotos, MemoryPhotos, PhotoFiles, unsafe_name
from .schema import CaseFile, model_in
from .yaml_loader import MAX_CASE_BYTES, LoadedYaml, parse_yaml, read_case_text

def _shown(value: Any) -> str:
    """A value as a message quotes it; a key written with nothing after it ("id:") is "empty", not None."""
    return "empty" if value is None else repr(value)


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
    """A validated case file and its photo files (a folder on disk, or bytes in memory)."""

    model: CaseFile
    path: Path  # the case file, or the name messages use for it (load_case_text's source)
    positions: dict[str, tuple[int, int]]
    photo_files: PhotoFiles | None = field(default=None, compare=False)
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def folder(self) -> Path:
        """The folder the case file's photo paths are relative to (for a case on disk)."""
        return self.path.parent

    @property
    def on_disk(self) -> bool:
        """Whether the case was read from a folder (its records may live beside it); never raises."""
        return self.photo_files is None

    @property
    def source(self) -> str:
        """How messages name the case file; never raises."""
        return str(self.path)

    @property
    def photos(self) -> PhotoFiles:
        """Where the photos come from; never raises."""
        return self.photo_files if self.photo_files is not None else FolderPhotos(self.folder)

    @property
    def case_id(self) -> str:
        return self.model.case.id

    def plain_data(self) -> dict[str, Any]:
        """The case as plain JSON-ready data (the form the redaction layer takes)."""
        return self.model.model_dump(mode="json", by_alias=True)


def load_case(path: str | Path) -> Case:
    """Read and validate a case file and check its photo paths; raises CaseFileError listing every problem."""
    path = Path(path)
    if path.is_dir() and (path / "case.yaml").is_file():
        path = path / "case.yaml"
    text = read_case_text(path)
    return _load(text, FolderPhotos(path.parent), path, folder_photos=True)


def load_case_text(yaml_text: str, photos: Mapping[str, bytes], *, source: str = "case.yaml") -> Case:
    """Validate case-file text whose photos are given as bytes by name; raises CaseFileError listing every problem.

    `source` names the case in messages ("case 42: line 7: ...") as a path would.
    """
    if not isinstance(yaml_text, str):
        raise CaseFileError([Problem(source, "", "the case file must be given as text (str), not "
                                                 f"{type(yaml_text).__name__}")])
    if len(yaml_text.encode("utf-8", "surrogatepass")) > MAX_CASE_BYTES:
        raise CaseFileError([Problem(source, "", f"is more than {MAX_CASE_BYTES:,} bytes; a case file may be at most "
                                                 f"{MAX_CASE_BYTES:,} bytes")])
    return _load(yaml_text.removeprefix("\ufeff"), MemoryPhotos(photos), Path(source), folder_photos=False)


def _load(text: str, files: PhotoFiles, path: Path, *, folder_photos: bool) -> Case:
    name = str(path)
    loaded = parse_yaml(text, name)
    model = validate_data(loaded, name)
    return Case(model=model, path=path, positions=loaded.positions,
                photo_files=None if folder_photos else files, text=text)


def validate_data(loaded: LoadedYaml, name: str) -> CaseFile:
    """Validate parsed data against the schema and the photo paths; raises CaseFileError."""
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
        raise CaseFileError(_dedupe(_drop_misspelt_required(problems))) from None
    problems += _cross_checks(model, loaded, name)
    problems += _photo_paths(model, loaded, name)
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

    # The mapping branch's complaint is deeper ("fr is not a known key") or at the same place ({} has
    # no language: "give the text in at least one language").
    locs = [_clean_loc(e["loc"]) for e in errors if not text_for_mapping(e)]
    deeper = {loc[:n] for loc in locs for n in range(len(loc) + 1)}
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


def _photo_paths(model: CaseFile, loaded: LoadedYaml, name: str) -> list[Problem]:
    """A photo path that is absolute or climbs out of the case folder is invalid input, reported at its line.

    A safe name whose file is missing is not: check reports it as not ready (with the
    files that are there), so a case can be written before its photos arrive.
    """
    out = []
    people: list[tuple[str, list[Any]]] = [("children", list(model.children)), ("companions", list(model.companions))]
    for kind, persons in people:
        for i, person in enumerate(persons):
            for j, photo in enumerate(person.photos):
                problem = unsafe_name(photo.file)
                if problem is None:
                    continue
                path = f"{kind}[{i}].photos[{j}].file"
                pos = loaded.position(path)
                out.append(Problem(name, path, f"is {photo.file!r}; {problem}", line=pos[0] if pos else None))
    return out


def _problem(err: Any, loaded: LoadedYaml, name: str) -> Problem:
    loc = _clean_loc(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden" and err["loc"] and (not loc or loc[-1] != err["loc"][-1]):
        loc = loc + (err["loc"][-1],)  # the unknown key itself, whatever it looks like
    path = _path_of(loc)
    if kind == "extra_forbidden":
        message = f"is not a known key{_suggestion(loc)}"
    elif kind == "literal_error":
        message = f"is {_shown(err.get('input'))}; expected one of {err['ctx']['expected']}"
    elif kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(err["ctx"].values()))
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        words = {"greater_than": "greater than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        message = f"is {_shown(err.get('input'))}; expected a number {words} {bound}"
    elif kind == "string_pattern_mismatch":
        message = f"is {_shown(err.get('input'))}; {_pattern_hint(path)}"
    elif kind == "too_long":
        message = f"has too many items; expected at most {err['ctx'].get('max_length')}"
    elif kind == "too_short":
        message = f"has too few items; expected at least {err['ctx'].get('min_length')}"
    elif kind == "string_too_long":
        message = f"is too long; expected at most {err['ctx'].get('max_length')} characters"
    elif kind in ("dict_type", "model_type") and _FORMS.get(_last_key(loc)):
        message = _form_hint(_last_key(loc), err.get("input"))
    elif kind in _EXPECTED:
        message = _EXPECTED[kind]
        if kind in ("date_type", "date_parsing") and isinstance(err.get("input"), str):
            iso = _iso_date(err["input"])
            message = f"expected a date like {iso} (year-month-day)" if iso and iso != "2010-05-14" else message
        if kind != "missing" and "input" in err and not isinstance(err["input"], (dict, list)):
            message = f"is {_shown(err['input'])}; {message}"
    else:
        message = str(err["msg"])
    pos = loaded.position(path)
    return Problem(name, path, message, line=pos[0] if pos else None)


# What to write for a value that must be a mapping, keyed by the field's name.
_FORMS = {
    "height": "write {feet: 5, inches: 4} or {cm: 163}",
    "weight": "write {lb: 110} or {kg: 50}",
    "face": "write {left: 120, top: 80, right: 260, bottom: 240} (pixels of the upright photo)",
}
_SHAPES = {"height": "{feet, inches} or {cm}", "weight": "{lb} or {kg}"}


def _last_key(loc: tuple[Any, ...]) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "")


def _form_hint(key: str, given: Any) -> str:
    """'is "5'4""; write {feet: 5, inches: 4} (or {cm: 163})' with the numbers read from what was written."""
    if not isinstance(given, (str, int, float)) or isinstance(given, bool):
        return f"is not a mapping; {_FORMS[key]}"
    text = str(given).strip().lower()
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]

    def num(x: float) -> str:
        return f"{x:g}"

    exact = None
    if key == "height" and numbers:
        if "cm" in text:
            exact = f"{{cm: {num(numbers[0])}}}"
        elif "m" in text and "." in text and numbers[0] < 3:
            exact = f"{{cm: {num(numbers[0] * 100)}}}"
        elif len(numbers) >= 2:
            exact = f"{{feet: {num(numbers[0])}, inches: {num(numbers[1])}}}"
        elif "'" in text or "ft" in text or "feet" in text:
            exact = f"{{feet: {num(numbers[0])}, inches: 0}}"
    elif key == "weight" and numbers:
        exact = f"{{kg: {num(numbers[0])}}}" if "kg" in text or "kilo" in text else f"{{lb: {num(numbers[0])}}}"
    if exact:
        return f"is {given!r}; write {exact} ({key} is a mapping: {_SHAPES[key]})"
    return f"is {given!r}; {_FORMS[key]}"


def _iso_date(text: str) -> str | None:
    """The ISO form of a date written 11/29/2026 or 29.11.2026 (US order for slashes), else None; never raises."""
    import datetime as dt

    for fmt in ("%m/%d/%Y", "%d.%m.%Y", "%B %d %Y", "%b %d %Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


# Labels pydantic puts into locations ("list[Child]", "nullable[str]"); a key a person
# wrote ("a[") is not one of them and must stay in the path.
_PYDANTIC_LABEL = re.compile(r"^[a-z][a-z0-9_-]*\[.+\]$")


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union member names and function names to the location; a person
    # only cares about the keys they wrote. A part that is a field of the model at that
    # point is a key, whatever it is called (missing.date is a key, not the type "date").
    skip = {"int", "float", "str", "date", "datetime", "function-after", "nullable",
            "constrained-str", "tagged-union", "list", "dict", "literal", "is-instance"}
    out: list[Any] = []
    model: Any = CaseFile
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            continue
        fields = _fields(model)
        if isinstance(part, str) and part in fields:
            out.append(part)
            model = model_in(fields[part].annotation)
            continue
        if isinstance(part, str) and (part in skip or part.startswith(("function-", "constrained-", "lax-", "json-"))
                                      or _PYDANTIC_LABEL.match(part)):
            continue
        out.append(part)
        model = None
    return tuple(out)


def _fields(model: Any) -> dict[str, Any]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return {}
    return {(f.alias or n): f for n, f in model.model_fields.items()}


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
    names = list(_fields(model))
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
    return model_in(field.annotation)




def _pattern_hint(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return {
        "phone": "expected a phone number such as 217-555-0100",
        "email": "expected an email address such as name@example.org",
        "public_url": "expected an https:// address",
        "country": "expected a two-letter country code such as US",
        "ncmec_number": "expected an NCMEC case number such as NCMC2041234",
    }.get(last, "has characters that are not allowed here")


def _drop_misspelt_required(problems: list[Problem]) -> list[Problem]:
    """A required key written with a typo is one mistake: keep "did you mean 'x'?", drop "x is required"."""
    suggested = set()
    for p in problems:
        found = re.search(r"is not a known key; did you mean '([^']+)'\?$", p.message)
        if found:
            parent = p.path.rsplit(".", 1)[0] if "." in p.path else ""
            suggested.add(f"{parent}.{found.group(1)}" if parent else found.group(1))
    out = []
    for p in problems:
        if p.message == _EXPECTED["missing"] and p.path in suggested:
            continue
        if p.path in suggested or not re.search(r"is not a known key; did you mean '([^']+)'\?$", p.message):
            out.append(p)
            continue
        key = re.search(r"did you mean '([^']+)'", p.message).group(1)  # type: ignore[union-attr]
        parent = p.path.rsplit(".", 1)[0] if "." in p.path else ""
        required = any(q.message == _EXPECTED["missing"] and q.path == (f"{parent}.{key}" if parent else key)
                       for q in problems)
        out.append(Problem(p.file, p.path, p.message + (f" ({key} is required)" if required else ""), p.line, p.column))
    return out


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
