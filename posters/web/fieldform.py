"""The case form: every field of the case file as a labelled input, and back into YAML.

The form is built from the file itself (every value it holds, at its path such
as children[0].height.feet), so it covers every field the schema allows without
a second copy of the schema. Values keep their YAML type: text stays text
("no" is not read as false), numbers and dates are read as YAML reads them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import yaml

from posters.case.schema import model_in

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class _TextDates(yaml.SafeLoader):
    """YAML without timestamp conversion: a date is shown (and kept) as written, even an impossible one."""


_TextDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _PlainDates(yaml.SafeDumper):
    """Writes a date-like text unquoted, so the case file reads as a person would write it."""


_PlainDates.yaml_implicit_resolvers = _TextDates.yaml_implicit_resolvers


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_TextDates)


@dataclass(frozen=True)
class Field:
    path: str
    value: str
    kind: str  # text | number | bool | date | long | list
    depth: int
    absent: bool = False  # a key the schema allows that the file does not have yet
    choices: tuple[str, ...] = ()


def fields_of(yaml_text: str) -> list[Field] | None:
    """Every scalar in the case file with its path; None when the text is not a YAML mapping."""
    try:
        data = _load(yaml_text)
    except (yaml.YAMLError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    from posters.case.schema import CaseFile

    out: list[Field] = []
    _walk(data, "", out, CaseFile)
    return out


def _walk(value: Any, path: str, out: list[Field], model: Any = None, choices: tuple[str, ...] = ()) -> None:
    if isinstance(value, dict):
        fields = _model_fields(model)
        for k, v in value.items():
            annotation = fields.get(str(k))
            _walk(v, f"{path}.{k}" if path else str(k), out, model_in(annotation), _scalar_kind(annotation)[1])
        for key, annotation in fields.items():  # what the schema allows and the file lacks: empty inputs
            if key not in value:
                kind, choices = _scalar_kind(annotation)
                if kind is not None:
                    sub = f"{path}.{key}" if path else key
                    out.append(Field(sub, "", kind, sub.count(".") + sub.count("["), True, choices))
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", out, model)
    else:
        depth = path.count(".") + path.count("[")
        if isinstance(value, list):
            out.append(Field(path, ", ".join("" if v is None else str(v) for v in value), "list", depth))
        elif isinstance(value, bool):
            out.append(Field(path, "true" if value else "false", "bool", depth))
        elif isinstance(value, (int, float)):
            out.append(Field(path, str(value), "number", depth))
        elif isinstance(value, (dt.date, dt.datetime)):
            out.append(Field(path, value.isoformat(), "date", depth))
        elif value is None:
            out.append(Field(path, "", "text", depth, choices=choices))
        else:
            text = str(value)
            out.append(Field(path, text, "long" if len(text) > 80 or "\n" in text else "text", depth,
                             choices=choices if text in choices else ()))


def _model_fields(model: Any) -> dict[str, Any]:
    from pydantic import BaseModel

    if isinstance(model, type) and issubclass(model, BaseModel):
        return {(f.alias or n): f.annotation for n, f in model.model_fields.items()}
    return {}




def _scalar_kind(annotation: Any) -> tuple[str | None, tuple[str, ...]]:
    """How to show an absent field: its kind and choices; (None, ()) for a mapping or list (the YAML editor adds those)."""
    if model_in(annotation) is not None:
        return None, ()
    args = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation)
    if origin is Literal:
        return "text", tuple(str(a) for a in get_args(annotation))
    if origin in (list, tuple):
        return "list", ()
    if args and origin is not None and str(origin) != "typing.Annotated":
        return _scalar_kind(args[0])
    if args and str(origin) == "typing.Annotated":
        return _scalar_kind(args[0])
    if annotation is bool:
        return "bool", ()
    if annotation in (int, float):
        return "number", ()
    if annotation in (dt.date, dt.datetime):
        return "date", ()
    if annotation is str:
        return "text", ()
    return None, ()


def apply(yaml_text: str, values: dict[str, str], numeric: frozenset[str] | set[str] = frozenset()) -> str:
    """The case file with the form's values put back at their paths (as YAML).

    `numeric` names paths where the check said a number is expected: text typed
    there is read as a number (elsewhere text stays text, so "0012" is not octal).
    """
    data = _load(yaml_text)
    for f in fields_of(yaml_text) or []:
        if f.path not in values:
            continue
        new = values[f.path]
        if new == f.value:
            continue
        value = _typed(new, "number" if f.path in numeric else f.kind)
        if f.absent and value in (None, []):
            continue
        _set(data, f.path, value)
    return yaml.dump(data, Dumper=_PlainDates, sort_keys=False, allow_unicode=True, width=100)


def _typed(text: str, kind: str) -> Any:
    text = text.strip()
    if kind == "list":
        return [x.strip() for x in text.split(",") if x.strip()]
    if kind in ("number", "bool"):
        if text == "":
            return None
        try:
            return _load(text)
        except yaml.YAMLError:
            return text
    return text if text != "" else None


def _set(data: Any, path: str, value: Any) -> None:
    parts = [int(i) if i else k for k, i in _PART.findall(path)]
    target = data
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
