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
    kind: str  # text | number | bool | date | long | list; "add" and "remove" are the form's list buttons
    depth: int
    absent: bool = False  # a key the schema allows that the file does not have yet
    choices: tuple[str, ...] = ()
    label: str = ""  # for "add" and "remove": what the button adds or removes ("child", "photo", ...)
    hint: str = ""  # a few words on how to type the value (a list of marks: separated by commas)
    required: bool = False  # for an absent key: the case file is invalid until it is given

    @property
    def title(self) -> str:
        """The entry or list in words, for a heading: "child 2, photo 1"."""
        return describe(self.path)

    @property
    def button(self) -> str:
        """What an Add or Remove button says: "Remove child 2, photo 1", "Add a photo to child 2"."""
        if self.kind == "remove":
            return f"Remove {describe(self.path)}"
        parent = self.path.rsplit(".", 1)[0] if "." in self.path else ""
        return f"Add a {self.label}" + (f" to {describe(parent)}" if parent else "")

    @property
    def language(self) -> str | None:
        """For one language's text of a per-language value (clothing.es, distinguishing_marks[1].en): its name."""
        return LANGUAGES.get(self.path.rsplit(".", 1)[-1]) if "." in self.path else None

    @property
    def photo_entry(self) -> str | None:
        """For the file field of a photo entry (children[0].photos[1].file): that entry, which takes an upload."""
        if self.path.endswith(".file") and re.search(r"\.photos\[\d+\]\.file$", self.path):
            return self.path.removesuffix(".file")
        return None


# What an entry of each list of the case file is called on its Add and Remove buttons.
ITEM_NAMES = {"children": "child", "photos": "photo", "companions": "companion or abductor",
              "distinguishing_marks": "mark in English and Spanish"}
LANGUAGES = {"en": "English", "es": "Spanish"}
PLAIN_MARKS = "in the case's language, separated by commas"


def fields_of(yaml_text: str) -> list[Field] | None:
    """Every scalar in the case file with its path, the schema's fields it lacks (empty inputs, nested ones
    too) and Add/Remove buttons for its lists of entries; None when the text is not a YAML mapping."""
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


def _depth(path: str) -> int:
    return path.count(".") + path.count("[")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def describe(path: str) -> str:
    """A list or an entry in words: children[1].photos[0] -> "child 2, photo 1"; companions -> "companions"."""
    words = []
    for key, index in _PART.findall(path):
        if key:
            words.append(key.replace("_", " "))
        elif words:
            words[-1] = f"{ITEM_NAMES.get(words[-1], words[-1].rstrip('s'))} {int(index) + 1}"
    return ", ".join(words)


def _item_name(path: str) -> str:
    key = _PART.findall(path)[-1][0]
    return ITEM_NAMES.get(key, key.rstrip("s"))


def _walk(value: Any, path: str, out: list[Field], model: Any = None, choices: tuple[str, ...] = (),
          kind: str | None = None) -> None:
    if isinstance(value, dict):
        fields = _model_fields(model)
        for k, v in value.items():
            info = fields.get(str(k))
            sub = _join(path, str(k))
            if info is not None and _model_list(info) and isinstance(v, list):
                _walk_entries(v, sub, out, info)
                continue
            if info is not None and _text_list(info) is not None and (v is None or isinstance(v, list)):
                _walk_texts(v or [], sub, out, info)
                continue
            annotation = info.annotation if info is not None else None
            kind_of, choices_of = _scalar_kind(annotation)
            _walk(v, sub, out, model_in(annotation), choices_of, kind_of)
        for key, info in fields.items():  # what the schema allows and the file lacks: empty inputs
            if key not in value:
                _absent(_join(path, key), info, out)
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", out, model)
    else:
        depth = _depth(path)
        if isinstance(value, list):
            out.append(Field(path, ", ".join("" if v is None else str(v) for v in value), "list", depth))
        elif isinstance(value, bool):
            out.append(Field(path, "true" if value else "false", "bool", depth))
        elif isinstance(value, (int, float)):
            out.append(Field(path, str(value), "number", depth))
        elif isinstance(value, (dt.date, dt.datetime)):
            out.append(Field(path, value.isoformat(), "date", depth))
        elif value is None:  # "key:" with nothing after it: typed as the schema types the key
            out.append(Field(path, "", kind or "text", depth, choices=choices))
        else:
            text = str(value)
            long = len(text) > 80 or "\n" in text or kind == "long"
            out.append(Field(path, text, "long" if long else "text", depth,
                             choices=choices if text in choices else ()))


def _walk_entries(items: list[Any], path: str, out: list[Field], info: Any) -> None:
    """A list of entries (children, photos, companions): each with a Remove button, then Add."""
    model, least, most = _model_list(info) or (None, 0, None)
    name = _item_name(path)
    for i, item in enumerate(items):
        entry = f"{path}[{i}]"
        if len(items) > least:
            out.append(Field(entry, "", "remove", _depth(entry), label=name))
        _walk(item if item is not None else {}, entry, out, model)
    if most is None or len(items) < most:
        out.append(Field(path, "", "add", _depth(path), label=name))


def _walk_texts(items: list[Any], path: str, out: list[Field], info: Any) -> None:
    """A list of texts each plain or per language (distinguishing_marks).

    While every item is plain it is one input, the items separated by commas, as the
    file has it (its YAML does not change unless the input does). Once an item is
    written per language each item is an entry of its own with a Remove button: a
    plain one as one input, a per-language one as an English and a Spanish input.
    Add appends a per-language entry, so a mark can be typed in both languages.
    """
    model = _text_list(info)
    depth = _depth(path)
    if all(not isinstance(v, (dict, list)) for v in items):
        out.append(Field(path, ", ".join("" if v is None else str(v) for v in items), "list", depth,
                         hint=PLAIN_MARKS))
    else:
        name = _item_name(path)
        for i, item in enumerate(items):
            entry = f"{path}[{i}]"
            out.append(Field(entry, "", "remove", _depth(entry), label=name))
            if isinstance(item, str) or item is not None and not isinstance(item, (dict, list)):
                _walk(item, entry, out)
            else:
                _walk(item if item is not None else {}, entry, out, model)
    out.append(Field(path, "", "add", depth, label=_item_name(path)))


def _absent(path: str, info: Any, out: list[Field], parent_required: bool = True) -> None:
    """Inputs for a key the file does not have: a scalar, a mapping's own fields, or Add for a list of entries.

    A key is required when the schema requires it and so does every absent mapping around it
    (height.feet is required only once a height is given)."""
    required = parent_required and info.is_required()
    if _model_list(info):
        out.append(Field(path, "", "add", _depth(path), True, label=_item_name(path), required=required))
        return
    if _text_list(info) is not None:
        out.append(Field(path, "", "list", _depth(path), True, hint=PLAIN_MARKS, required=required))
        out.append(Field(path, "", "add", _depth(path), True, label=_item_name(path)))
        return
    kind, choices = _scalar_kind(info.annotation)
    if kind is not None:
        out.append(Field(path, "", kind, _depth(path), True, choices, required=required))
        return
    inner = model_in(info.annotation)
    if inner is not None:  # a mapping such as height or contacts.guardian: each of its fields, empty
        for key, sub in _model_fields(inner).items():
            _absent(f"{path}.{key}", sub, out, required)


def _model_fields(model: Any) -> dict[str, Any]:
    """The schema's fields of a model by their YAML key (pydantic FieldInfo); {} for anything else."""
    from pydantic import BaseModel

    if isinstance(model, type) and issubclass(model, BaseModel):
        return {(f.alias or n): f for n, f in model.model_fields.items()}
    return {}


def _model_list(info: Any) -> tuple[Any, int, int | None] | None:
    """For a list of entries (list[Child], list[Photo], ...): the entry's model and the list's min and max length."""

    item = _model_list_of(getattr(info, "annotation", None))
    if item is None:
        return None
    least = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0) or 0
    most = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    return item, least, most


def _text_list(info: Any) -> Any:
    """For a list of texts each plain or per language (list[LocalText]): the per-language model; else None."""
    annotation = getattr(info, "annotation", None)
    if get_origin(annotation) is not list or _model_list_of(annotation) is not None:
        return None
    args = get_args(annotation)
    return model_in(args[0]) if len(args) == 1 else None


def _model_list_of(annotation: Any) -> Any:
    """The model of a list of entries (list[Photo] -> Photo); None for any other annotation."""
    from pydantic import BaseModel

    if get_origin(annotation) is not list:
        return None
    args = get_args(annotation)
    item = args[0] if len(args) == 1 else None
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def _is_long(annotation: Any) -> bool:
    from posters.case.schema import LongText

    return annotation is LongText or any(_is_long(a) for a in get_args(annotation) if a is not type(None))


def _scalar_kind(annotation: Any) -> tuple[str | None, tuple[str, ...]]:
    """How to show a scalar field: its kind and choices; (None, ()) for a mapping or a list of mappings."""
    origin = get_origin(annotation)
    if origin in (list, tuple):  # one line, entries separated by commas (a list of entries has Add buttons)
        return ("list", ()) if _model_list_of(annotation) is None else (None, ())
    if model_in(annotation) is not None:
        return None, ()
    if _is_long(annotation):
        return "long", ()
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin is Literal:
        return "text", tuple(str(a) for a in get_args(annotation))
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
        if f.path not in values or f.kind in ("add", "remove"):
            continue
        new = values[f.path]
        if new == f.value:
            continue
        value = _typed(new, "number" if f.path in numeric else f.kind)
        if f.absent and value in (None, []):
            continue
        _set(data, f.path, value)
    return _dump(data)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_PlainDates, sort_keys=False, allow_unicode=True, width=100)


def list_paths(yaml_text: str) -> tuple[set[str], set[str]]:
    """The paths the form may add an entry to and remove an entry at (its Add and Remove buttons)."""
    fields = fields_of(yaml_text) or []
    return {f.path for f in fields if f.kind == "add"}, {f.path for f in fields if f.kind == "remove"}


def add_entry(yaml_text: str, path: str) -> tuple[str, str]:
    """The case file with an empty entry appended to the list at `path` (children, children[0].photos, ...),
    and the new entry's path; raises KeyError when the form offers no Add button there (the list is full)."""
    if path not in list_paths(yaml_text)[0]:
        raise KeyError(path)
    data = _load(yaml_text)
    parts = _parts(path)
    target = _parent(data, parts)
    if not isinstance(target.get(parts[-1]), list):
        target[parts[-1]] = []
    target[parts[-1]].append({})
    return _dump(data), f"{path}[{len(target[parts[-1]]) - 1}]"


def remove_entry(yaml_text: str, path: str) -> str:
    """The case file without the entry at `path` (children[1], companions[0].photos[0], ...);
    raises KeyError when the form offers no Remove button there."""
    if path not in list_paths(yaml_text)[1]:
        raise KeyError(path)
    data = _load(yaml_text)
    parts = _parts(path)
    del _parent(data, parts)[parts[-1]]
    return _dump(data)


def _parts(path: str) -> list[str | int]:
    return [int(i) if i else k for k, i in _PART.findall(path)]


def _parent(data: Any, parts: list[str | int]) -> Any:
    """The container holding the last part of the path; missing mappings along the way are created."""
    target = data
    for part, following in zip(parts[:-1], parts[1:]):
        if isinstance(target, dict) and not isinstance(target.get(part), (dict, list)):
            target[part] = [] if isinstance(following, int) else {}
        elif isinstance(target, list) and isinstance(part, int) and target[part] is None:  # an empty "- " entry
            target[part] = {}
        target = target[part]
    return target


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
    parts = _parts(path)
    _parent(data, parts)[parts[-1]] = value
