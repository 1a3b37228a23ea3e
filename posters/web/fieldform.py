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
from typing import Any

import yaml

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
    return yaml.load(text, Loader=_TextDates)  # noqa: S506  (a SafeLoader subclass)


@dataclass(frozen=True)
class Field:
    path: str
    value: str
    kind: str  # text | number | bool | date | long
    depth: int


def fields_of(yaml_text: str) -> list[Field] | None:
    """Every scalar in the case file with its path; None when the text is not a YAML mapping."""
    try:
        data = _load(yaml_text)
    except (yaml.YAMLError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    out: list[Field] = []
    _walk(data, "", out)
    return out


def _walk(value: Any, path: str, out: list[Field]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", out)
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
            out.append(Field(path, "", "text", depth))
        else:
            text = str(value)
            out.append(Field(path, text, "long" if len(text) > 80 or "\n" in text else "text", depth))


def apply(yaml_text: str, values: dict[str, str], numeric: set[str] = frozenset()) -> str:
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
        _set(data, f.path, _typed(new, "number" if f.path in numeric else f.kind))
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
