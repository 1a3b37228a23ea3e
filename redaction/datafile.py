"""Reading the package's YAML data files (policies, overlays, lexicons, writing forms) and
turning a pydantic validation failure into one message: the file, the key path, what is
wrong and what to write instead.

One reader for every file, so a broken file reads the same whatever it holds.
"""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RedactionError

M = TypeVar("M", bound=BaseModel)

# At most this many problems are listed; the rest are counted.
_SHOWN = 3
# What to write, by pydantic error type, where its own message does not say it.
_HINTS = {
    "string_type": "write text; quote it in YAML if it reads as a number or yes/no ('2026.1', 'no')",
    "dict_type": "write a mapping (key: value lines)",
    "list_type": "write a list ([a, b] or '- a' lines)",
    "missing": "add it",
}


def read_yaml(path: Path, kind: str, error: type[RedactionError], missing_hint: str = "check the path") -> Any:
    """The parsed YAML of a file; raises ``error`` when it is missing, unreadable or not YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{kind} {path} does not exist; {missing_hint}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{kind} {path} cannot be read ({exc.__class__.__name__}); fix the file (UTF-8 YAML)") from None


def validate(model: type[M], data: Any, where: str, error: type[RedactionError]) -> M:
    """``data`` as ``model``; raises ``error`` naming the file, each bad key path and what to write."""
    if not isinstance(data, dict):
        raise error(f"{where} must be a YAML mapping (key: value lines)")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(model, err) for err in exc.errors(include_url=False)]
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise error(f"{where}: " + "; ".join(problems[:_SHOWN]) + more) from None


def _problem(model: type[BaseModel], err: Any) -> str:
    loc = tuple(err["loc"])
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        allowed = _keys_at(model, loc[:-1])
        listed = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"{_where(loc[:-1])}unknown key {loc[-1]!r}{listed}"
    if kind == "missing":
        return f"{_where(loc[:-1])}missing required key {loc[-1]!r} ({_HINTS['missing']})"
    hint = _HINTS.get(kind)
    return f"{_where(loc)}{msg}" + (f" ({hint})" if hint else "")


def _where(loc: tuple[Any, ...]) -> str:
    """A key path as written in the file: fields['children[].clothing'].treatment."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isidentifier():
            out += f".{part}" if out else str(part)
        else:
            out += f"[{str(part)!r}]"
    return f"{out}: " if out else ""


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at a key path (through nested models, dicts and lists)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for name, f in current.model_fields.items() if (f.alias or name) == part), None)
            current = field.annotation if field else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(f.alias or name for name, f in current.model_fields.items())
    return []


def _unwrap(annotation: Any) -> Any:
    """The model inside Optional[...] / Annotated[...]; other annotations unchanged."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        else:
            return annotation
