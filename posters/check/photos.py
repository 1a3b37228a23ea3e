"""Photo findings for `posters check`: every photo readable, the child's face found, the primary photo fit to print.

The faces are identified by the same code that builds the public release
(posters.photos.children), so `check` reports as errors exactly the photos a release
would refuse, and warns about the rest. Face detection (dlib) loads only when the
face cache has no entry for a photo.
"""
from __future__ import annotations

from typing import Any

from posters.case import Case
from posters.check.readiness import Finding
from posters.errors import PhotoError, PostersError, ReviewError

PRINT_DPI = 300


def photo_findings(case: Case, *, cache: Any = None, decisions: Any = None) -> list[Finding]:
    """Readability, face and fitness findings for every photo of the case, text findings judged with the
    reviewer's `decisions` (a DecisionLog; default: those beside a case read from a folder); never raises for a user mistake."""
    from posters.photos import FaceCache, assess
    from posters.photos.children import PhotoKey, identify_companions, identify_photos
    from posters.photos.identify import MATCH_DISTANCE
    from posters.photos.plan import reading_ahead

    cache = cache if cache is not None else FaceCache.default()
    out: list[Finding] = []

    def report(kind: str, key: PhotoKey, exc: PhotoError) -> None:
        i, j = key
        if kind == "companion":  # each companion's photo readable and their face found, as the release needs
            out.append(Finding("error", "companion-photo", f"companions[{i}].photos[{j}]", exc.message))
        elif kind == "load":
            out.append(Finding("error", "photo-unreadable", f"children[{i}].photos[{j}].file", exc.message))
        else:
            out.append(Finding("error", "no-face", f"children[{i}].photos[{j}]", exc.message))

    try:
        keys = [(i, j) for i, c in enumerate(case.model.children) for j in range(len(c.photos))]
        others = [(i, j) for i, c in enumerate(case.model.companions) for j in range(len(c.photos))]
        with reading_ahead(case, keys, cache, companions=others):
            identified = identify_photos(case, cache, on_error=report)
            companions = identify_companions(case, cache, identified.references, on_error=report)
        out += _text_findings(case, identified.photos, companions, cache, decisions)
    except PostersError as exc:  # face detection or OCR unavailable: say so, do not crash `check`
        return out + [Finding("error", "faces-unavailable", "children", exc.message)]
    box = photo_box_inches(case)
    for f in identified.photos:
        path = f"children[{f.child_index}].photos[{f.photo_index}]"
        if f.photo.role == "primary":
            for a in assess(f.loaded, f.faces.child, print_box_inches=box, dpi=PRINT_DPI):
                out.append(Finding(a.level, f"photo-{a.code.replace('_', '-')}", path, a.message))
        elif f.photo.role != "age_progressed" and f.faces.distance is not None and f.faces.distance > MATCH_DISTANCE:
            out.append(Finding("warning", "face-not-matched", path,
                               f"{f.loaded.rel}: the face found is far from the primary photo's "
                               f"(distance {f.faces.distance:.2f}, above {MATCH_DISTANCE}); check it is the same "
                               "child, or give the face box by hand"))
    return sorted(out, key=lambda x: _order(x.path))


def _text_findings(case: Case, photos: list[Any], companions: list[Any], cache: Any,
                   review: Any = None) -> list[Finding]:
    """Text in a photo that no reviewer has kept or covered yet, as errors (approval waits for them)."""
    from posters.photos.plan import plan_of
    from posters.public import case_scanner, photo_decisions_of

    try:
        decisions = photo_decisions_of(case, review)
    except ReviewError as exc:
        return [Finding("error", "review-damaged", "review.json", exc.message)]
    scanner = case_scanner(case)
    out: list[Finding] = []
    for found, companion in [(f, False) for f in photos] + [(f, True) for f in companions]:
        path = f"{'companions' if companion else 'children'}[{found.child_index}].photos[{found.photo_index}]"
        try:
            plan = plan_of(found, scanner=scanner, decisions=decisions, cache=cache, companion=companion)
        except PhotoError as exc:
            out.append(Finding("error", "photo-cover", path, exc.message))
            continue
        out += [Finding("error", "photo-text-undecided", path,
                        f"{plan.photo.rel}: text “{f.text}” at {f.box.as_ltrb()} is legible in the photo; "
                        f"a reviewer must keep or cover it (posters review, finding {f.finding_id})")
                for f in plan.undecided]
    return out


def photo_box_inches(case: Case) -> tuple[float, float]:
    """The printed size of the photo box of the template the case uses (its template.yaml); raises TemplateError."""
    from posters.render.templates import template_settings

    name = case.model.case.template or ("siblings" if len(case.model.children) > 1 else "standard")
    return template_settings(name).photo_box_in


def _order(path: str) -> tuple[int, ...]:
    import re

    return tuple(int(n) for n in re.findall(r"\d+", path))
