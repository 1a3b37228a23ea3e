"""Photo findings for `posters check`: every photo readable (faces and fitness come later)."""
from __future__ import annotations

from .case import Case
from .errors import PhotoError
from .readiness import Finding


def photo_findings(case: Case) -> list[Finding]:
    """Load every photo of the case; an unreadable one is an error finding."""
    from .photos import load_photo

    out: list[Finding] = []
    for i, child in enumerate(case.model.children):
        for j, photo in enumerate(child.photos):
            try:
                load_photo(case.folder, photo.file)
            except PhotoError as exc:
                out.append(Finding("error", "photo-unreadable", f"children[{i}].photos[{j}].file", exc.message))
    return out
