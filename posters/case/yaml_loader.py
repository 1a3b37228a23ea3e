"""Safe YAML reading for case files: plain data plus the line of every value.

PyYAML's safe loader is the base; on top of it this module refuses what a case
file never needs and an attacker would use (anchors and aliases, custom tags,
duplicate keys, huge files) and follows YAML 1.2 for booleans, so that a
country code `NO` stays the text "NO".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CaseFileError, Problem

MAX_CASE_BYTES = 256 * 1024
MAX_DEPTH = 20
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass
class LoadedYaml:
    """The data of a YAML file and where each value stands (path -> line, column)."""

    data: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: str) -> tuple[int, int] | None:
        """The position of a field path, or of its closest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.positions.get("")


def join_path(parent: str, key: str | int) -> str:
    """Field path in the form the schema errors use: children[0].date_of_birth."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def read_case_text(path: Path) -> str:
    """Read a case file as UTF-8 text; raises CaseFileError when it cannot."""
    name = str(path)
    try:
        if path.is_dir():
            raise CaseFileError([Problem(name, "", "is a folder; give the case.yaml file inside it")])
        size = path.stat().st_size
        with open(path, "rb") as fh:
            kind = _binary_kind(fh.read(64))
        if kind:
            raise CaseFileError([Problem(name, "", f"is {kind}, not a case file; give the case.yaml (the photos are "
                                                   "named inside it, under children: photos:)")])
        if size > MAX_CASE_BYTES:
            raise CaseFileError([Problem(name, "", f"is {size:,} bytes; a case file may be at most {MAX_CASE_BYTES:,} bytes")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseFileError([Problem(name, "", "no such file")]) from None
    except PermissionError:
        raise CaseFileError([Problem(name, "", "cannot be read (permission denied)")]) from None
    except OSError as exc:
        raise CaseFileError([Problem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    wide = _wide_encoding(raw)
    if wide:
        raise CaseFileError([Problem(name, "", f"is {wide} text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "; it looks like Latin-1 or Windows-1252" if _is_single_byte_text(raw) else ""
        raise CaseFileError([Problem(name, "", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}){guess}; save it as UTF-8",
                                     line=line)]) from None


_MAGIC = ((b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF8", "a GIF image"),
          (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
          (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx?)"),
          (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"))


def _binary_kind(head: bytes) -> str | None:
    """What a file is when its first bytes say it is an image or a document, not text; never raises."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WEBP image"
    if head[4:8] == b"ftyp":
        return "a HEIC/AVIF image or a video"
    return next((what for magic, what in _MAGIC if head.startswith(magic)), None)


def _is_single_byte_text(raw: bytes) -> bool:
    """Whether the bytes read as Windows-1252 text (Latin-1 is a subset for printable text)."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)


def _wide_encoding(raw: bytes) -> str | None:
    """The name of a UTF-16/UTF-32 encoding the bytes are in (by BOM or NUL pattern), else None."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:64]
    if len(head) >= 4 and b"\x00" in head:
        # ASCII text in UTF-16 has a NUL beside every character.
        return "UTF-16" if head[0::2].count(0) == len(head[0::2]) or head[1::2].count(0) == len(head[1::2]) else None
    return None


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, never yes/no/on/off."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_yaml(text: str, name: str) -> LoadedYaml:
    """Parse case-file YAML into plain data with positions; raises CaseFileError on syntax errors."""
    _refuse_control_characters(text, name)
    loader = _Loader(text)
    depth = 0
    try:
        # Events only, no recursion: anchors and excessive nesting are refused here,
        # before the composer (which recurses once per level) ever sees them.
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise CaseFileError([Problem(name, "", "anchors and aliases (&name, *name) are not allowed in a case file; write the value out",
                                             line=mark.line + 1, column=mark.column + 1)])
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    mark = event.start_mark
                    raise CaseFileError([Problem(name, "", f"is nested more than {MAX_DEPTH} levels deep",
                                                 line=mark.line + 1 if mark else None,
                                                 column=mark.column + 1 if mark else None)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise CaseFileError([_syntax_problem(name, exc)]) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([Problem(name, "", f"is not valid YAML ({exc})")]) from None
    finally:
        loader.dispose()

    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise CaseFileError([_syntax_problem(name, exc)]) from None
    finally:
        loader.dispose()
    if root is None:
        raise CaseFileError([Problem(name, "", "is empty; a case file starts with 'schema: posters/case-v1'")])
    if not isinstance(root, yaml.MappingNode):
        raise CaseFileError([Problem(name, "", "must be a mapping of keys to values at the top level (schema:, case:, children:, ...)",
                                     line=root.start_mark.line + 1, column=root.start_mark.column + 1)])
    # Value-level problems (a bad date, a duplicate key) are kept, not raised, so
    # that the schema can still report everything else in the same run.
    out = LoadedYaml(data=None)
    out.data = _build(root, "", 0, name, out.positions, out.problems, _Loader(""))
    return out


def _refuse_control_characters(text: str, name: str) -> None:
    """Refuse characters YAML itself forbids (NUL, bell, escape...) with their line and column."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found:
        index, ch = found.start(), found.group()
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise CaseFileError([Problem(name, "", f"contains the control character U+{ord(ch):04X}, which a case file may not hold; "
                                         "delete it (it is often pasted in from another program)", line=line, column=column)])


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "syntax error"
    if exc.context:
        what = f"{exc.context}: {what}"
    return Problem(name, "", f"YAML syntax error: {what}",
                   line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)


def _build(node: yaml.Node, path: str, depth: int, name: str,
           positions: dict[str, tuple[int, int]], problems: list[Problem], ctor: _Loader) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    positions[path] = (line, col)
    if depth > MAX_DEPTH:
        problems.append(Problem(name, path, f"is nested more than {MAX_DEPTH} levels deep", line=line, column=col))
        return None
    if node.tag not in _STANDARD_TAGS:
        problems.append(Problem(name, path, f"uses the tag {node.tag!r}; case files allow plain values only", line=line, column=col))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STANDARD_TAGS:
                what = ("a merge key (<<)" if key_node.tag.endswith(":merge") else
                        "a list or mapping as a key" if not isinstance(key_node, yaml.ScalarNode) else f"the tag {key_node.tag!r}")
                problems.append(Problem(name, path, f"uses {what}; keys must be plain names",
                                        line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1))
                continue
            key = str(key_node.value)
            child = join_path(path, key)
            if key in result:
                first = positions.get(child, (None, None))[0]
                problems.append(Problem(name, child, f"appears twice (first on line {first}); keep one",
                                        line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1))
                continue
            result[key] = _build(value_node, child, depth + 1, name, positions, problems, ctor)
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, join_path(path, i), depth + 1, name, positions, problems, ctor)
                for i, item in enumerate(node.value)]
    try:
        value = ctor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        if node.tag.endswith(":timestamp"):
            what = f"is not a valid date ({exc}); expected a date like 2010-05-14"
        elif node.tag.endswith((":int", ":float")):
            what = f"is a number with {len(str(node.value)):,} characters, too long to read; expected a number such as 120"
        else:
            what = f"cannot be read: {exc}"
        problems.append(Problem(name, path, what, line=line, column=col))
        return None
    return value
