"""Photo findings for `posters check`: every photo readable, the child's face found, the primary photo fit to print.

Mirrors what building the public release does (posters/public.py), so that `check`
reports as errors exactly the photos a release would refuse, and warns about the rest.
Face detection (dlib) loads only when the face cache has no entry for a photo.
"""
from __future__ import annotations

from typing import Any

from posters.case import Case
from posters.errors import PhotoError, PostersError
from posters.check.readiness import Finding

# The standard poster's photo box (templates/standard/poster.css), printed at 300 dpi.
POSTER_PHOTO_BOX_IN = (3.5, 4.35)
PRINT_DPI = 300


def photo_findings(case: Case, *, cache: Any = None) -> list[Finding]:
    """Readability, face and fitness findings for every photo of the case; never raises for a user mistake."""
    from posters.photos import FaceCache, load_photo

    cache = cache if cache is not None else FaceCache.default()
    out: list[Finding] = []
    loaded: dict[tuple[int, int], Any] = {}
    for i, child in enumerate(case.model.children):
        for j, photo in enumerate(child.photos):
            try:
                loaded[(i, j)] = load_photo(case.folder, photo.file)
            except PhotoError as exc:
                out.append(Finding("error", "photo-unreadable", f"children[{i}].photos[{j}].file", exc.message))
    try:
        references = _references(case, loaded, cache, out)
        out += _other_photos(case, loaded, references, cache)
        out += _companion_photos(case, [r for r in references if r is not None], cache)
    except PostersError as exc:  # face detection unavailable: say so, do not crash `check`
        out.append(Finding("error", "faces-unavailable", "children", exc.message))
    return out


def _companion_photos(case: Case, children: list[Any], cache: Any) -> list[Finding]:
    """Each companion's photo readable and their face found, as the release locates it (posters/public.py)."""
    from posters.photos import load_photo
    from posters.public import locate_companion

    out: list[Finding] = []
    for i, companion in enumerate(case.model.companions):
        for j, photo in enumerate(companion.photos):
            path = f"companions[{i}].photos[{j}]"
            try:
                loaded = load_photo(case.folder, photo.file)
                locate_companion(loaded, _manual(photo), cache=cache, allowed_encodings=children)
            except PhotoError as exc:
                out.append(Finding("error", "companion-photo", path, exc.message))
    return out


def _references(case: Case, loaded: dict[tuple[int, int], Any], cache: Any, out: list[Finding]) -> list[Any]:
    """Each child's face encoding from the primary photo (None when it has none); adds findings to `out`."""
    from posters.photos import assess, locate_child

    references: list[Any] = []
    for i, child in enumerate(case.model.children):
        j = next((k for k, p in enumerate(child.photos) if p.role == "primary"), None)
        if j is None or (i, j) not in loaded:
            references.append(None)
            continue
        path = f"children[{i}].photos[{j}]"
        photo = loaded[(i, j)]
        try:
            found = locate_child(photo, None, _manual(child.photos[j]), cache=cache)
        except PhotoError as exc:
            out.append(Finding("error", "no-face", path, exc.message))
            references.append(None)
            continue
        references.append(found.encoding)
        for f in assess(photo, found.child, print_box_inches=POSTER_PHOTO_BOX_IN, dpi=PRINT_DPI):
            out.append(Finding(f.level, f"photo-{f.code.replace('_', '-')}", path, f.message))
    return references


def _other_photos(case: Case, loaded: dict[tuple[int, int], Any], references: list[Any], cache: Any) -> list[Finding]:
    from posters.photos import locate_child
    from posters.photos.identify import MATCH_DISTANCE

    out: list[Finding] = []
    for i, child in enumerate(case.model.children):
        others = [r for k, r in enumerate(references) if k != i and r is not None]
        for j, photo in enumerate(child.photos):
            if photo.role == "primary" or (i, j) not in loaded:
                continue
            path = f"children[{i}].photos[{j}]"
            # An age-progressed image is an artist's: located, not matched (as the release does).
            reference = None if photo.role == "age_progressed" else references[i]
            try:
                found = locate_child(loaded[(i, j)], reference, _manual(photo), cache=cache, allowed_encodings=others)
            except PhotoError as exc:
                out.append(Finding("error", "no-face", path, exc.message))
                continue
            if reference is not None and found.distance is not None and found.distance > MATCH_DISTANCE:
                out.append(Finding("warning", "face-not-matched", path,
                                   f"{loaded[(i, j)].rel}: the face found is far from the primary photo's "
                                   f"(distance {found.distance:.2f}, above {MATCH_DISTANCE}); check it is the same "
                                   "child, or give the face box by hand"))
    return out


def _manual(photo: Any) -> Any:
    from posters.photos import Box

    return Box(**photo.face.model_dump()) if photo.face else None
