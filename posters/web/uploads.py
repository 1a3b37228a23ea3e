"""Uploads at the door: photo names, sizes and contents, and case files the server would choke on.

Everything here runs before anything is stored, so a refused upload writes
nothing. The photo checks are the library's own loader (the same words as
`posters check`); the case-file checks are the parts of the library's safe YAML
reader that protect the server itself (size, anchors and aliases, nesting),
because the form keeps drafts that do not validate yet and the server walks
their YAML to build the form.
"""
from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable

import yaml
from werkzeug.datastructures import FileStorage

from ..case.yaml_loader import MAX_CASE_BYTES, MAX_DEPTH
from ..errors import PhotoError
from .errors import Invalid, WebError

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_REQUEST_BYTES = 80 * 1024 * 1024  # app.config MAX_CONTENT_LENGTH: werkzeug answers 413 past it


class TooLarge(WebError):
    status = 413


def _refuse(name: str, message: str) -> Invalid:
    return Invalid(message, errors=[{"path": "photos", "message": message, "line": None, "level": "error",
                                     "photo": name}])


def plain_photo_name(name: str) -> str:
    """The upload's name as a relative path inside the case (photos/ava.jpg or ava.jpg); raises Invalid."""
    posix, windows = PurePosixPath(name.replace("\\", "/")), PureWindowsPath(name)
    if ("\x00" in name or not name.strip() or posix.is_absolute() or windows.is_absolute() or windows.drive
            or ".." in posix.parts or any(part.startswith(".") for part in posix.parts)):
        shown = name.replace("\x00", "\\0")
        raise _refuse(shown, f"the photo name {shown!r} is not a plain file name like ava.jpg "
                             "(no '..', no absolute paths, no hidden files); rename the file and upload it again")
    return posix.as_posix()


def photo_uploads(files: Iterable[FileStorage]) -> dict[str, bytes]:
    """The uploaded photos by name, each checked (name, size, a photo the library can use); raises Invalid or TooLarge."""
    out: dict[str, bytes] = {}
    for f in files:
        if not f or not f.filename:
            continue
        name = plain_photo_name(f.filename)
        if name in out:
            raise _refuse(name, f"the photo {name} was uploaded twice; upload each photo once, under its own name")
        data = f.stream.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise TooLarge(f"the photo {name} is larger than 25 MB; send a smaller copy (nothing was stored)")
        if not data:
            raise _refuse(name, f"the photo {name} is empty; expected a JPEG or PNG image")
        problem = photo_problem(name, data)
        if problem:
            raise _refuse(name, problem)
        out[name] = data
    return out


def photo_problem(name: str, data: bytes) -> str | None:
    """Why the library's photo loader refuses these bytes (None when it takes them); never raises."""
    from ..photos.loader import load_photo

    with tempfile.TemporaryDirectory(prefix="posters-upload-") as folder:
        target = Path(folder) / "photo"
        target.write_bytes(data)
        try:
            load_photo(Path(folder), "photo")
        except PhotoError as exc:
            return f"the photo {name} " + exc.message.removeprefix("photo: ")
    return None


def case_text_problem(text: str) -> str | None:
    """Why the server refuses to keep this case file even as a draft (size, aliases, nesting); never raises.

    Syntax errors are not refused here: the form shows them beside the fields.
    """
    if len(text.encode("utf-8")) > MAX_CASE_BYTES:
        return f"the case file is larger than {MAX_CASE_BYTES:,} bytes; a case file may be at most that long"
    depth = 0
    try:
        for event in yaml.parse(text):  # events only: nothing is built, so a bomb cannot expand here
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return "anchors and aliases (&name, *name) are not allowed in a case file; write the value out"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return f"the case file is nested more than {MAX_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def check_case_text(text: str) -> None:
    """Raise Invalid (nothing stored) for a case file the server will not keep."""
    problem = case_text_problem(text)
    if problem:
        raise Invalid(problem + " (nothing was stored)",
                      errors=[{"path": "case", "message": problem, "line": None, "level": "error"}])
