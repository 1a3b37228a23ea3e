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


def photo_findings(case: Case, *, cache: Any = None, photo_decisions: Any = None) -> list[Finding]:
    """Readability, face, text and fitness findings for every photo of the case; never raises for a user mistake."""
    from posters.photos import FaceCache, load_photo
    from posters.public import stored_photo_decisions

    cache = cache if cache is not None else FaceCache.default()
    decisions = photo_decisions if photo_decisions is not None else stored_photo_decisions(case)
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
        out += _planned_photos(case, loaded, references, cache, decisions)
        out += _companion_photos(case, [r for r in references if r is not None], cache, decisions)
    except PostersError as exc:  # face detection or OCR unavailable: say so, do not crash `check`
        out.append(Finding("error", "faces-unavailable", "children", exc.message))
    return out


def _companion_photos(case: Case, children: list[Any], cache: Any, decisions: Any) -> list[Finding]:
    """Each companion's photo readable, their face found and its text decided, as the release does (posters/public.py)."""
    from posters.photos.plan import plan_companion_photo
    from posters.public import case_scanner

    out: list[Finding] = []
    for i, companion in enumerate(case.model.companions):
        for j, _photo in enumerate(companion.photos):
            path = f"companions[{i}].photos[{j}]"
            try:
                plan = plan_companion_photo(case, i, j, children, scanner=case_scanner(case), decisions=decisions,
                                            cache=cache)
            except PhotoError as exc:
                out.append(Finding("error", "companion-photo", path, exc.message))
                continue
            out += _undecided(plan, path)
    return out


def _references(case: Case, loaded: dict[tuple[int, int], Any], cache: Any, out: list[Finding]) -> list[Any]:
    """Each child's face encoding, as the release finds it (None when it has none); adds findings to `out`."""
    from posters.photos.plan import child_reference

    references: list[Any] = []
    for i, child in enumerate(case.model.children):
        j = next((k for k, p in enumerate(child.photos) if p.role == "primary"), None)
        if j is None or (i, j) not in loaded:
            references.append(None)
            continue
        try:
            references.append(child_reference(case, i, cache))
        except PhotoError as exc:
            out.append(Finding("error", "no-face", f"children[{i}].photos[{j}]", exc.message))
            references.append(None)
    return references


def _planned_photos(case: Case, loaded: dict[tuple[int, int], Any], references: list[Any], cache: Any,
                    decisions: Any) -> list[Finding]:
    from posters.photos import assess
    from posters.photos.identify import MATCH_DISTANCE
    from posters.photos.plan import plan_photo
    from posters.public import case_scanner

    scanner = case_scanner(case)
    out: list[Finding] = []
    for i, child in enumerate(case.model.children):
        for j, photo in enumerate(child.photos):
            if (i, j) not in loaded or (photo.role == "primary" and references[i] is None):
                continue  # already reported as unreadable, or the primary's face was not found
            path = f"children[{i}].photos[{j}]"
            try:
                plan = plan_photo(case, i, j, references, scanner=scanner, decisions=decisions, cache=cache)
            except PhotoError as exc:
                out.append(Finding("error", "no-face", path, exc.message))
                continue
            found = plan.faces
            if photo.role == "primary":
                for f in assess(plan.photo, found.child, print_box_inches=POSTER_PHOTO_BOX_IN, dpi=PRINT_DPI):
                    out.append(Finding(f.level, f"photo-{f.code.replace('_', '-')}", path, f.message))
            elif (photo.role != "age_progressed" and references[i] is not None and found.distance is not None
                  and found.distance > MATCH_DISTANCE):
                out.append(Finding("warning", "face-not-matched", path,
                                   f"{plan.photo.rel}: the face found is far from the primary photo's "
                                   f"(distance {found.distance:.2f}, above {MATCH_DISTANCE}); check it is the same "
                                   "child, or give the face box by hand"))
            out += _undecided(plan, path)
    return out


def _undecided(plan: Any, path: str) -> list[Finding]:
    return [Finding("error", "photo-text-undecided", path,
                    f"{plan.photo.rel}: text “{f.text}” at {f.box.as_ltrb()} is legible in the photo; "
                    f"a reviewer must keep or cover it (finding {f.finding_id})")
            for f in plan.undecided]
