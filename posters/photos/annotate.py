"""The reviewer's picture of a photo: as it will be published, every face and line of text outlined and labelled.

For reviewers only (it can show text that will be covered, and the text read is in its data).
Used by `posters redact --html/--json` and by the web page.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any, Sequence

from PIL import Image, ImageDraw, ImageFont

from posters.photos.findings import (BYSTANDER, CHILD, COMPANION, REVIEWER_COVER, SIBLING, TEXT_COVERED, TEXT_KEPT,
                                     TEXT_TO_DECIDE, PhotoFinding, text_cover)

COLOURS = {
    CHILD: (0, 170, 60), COMPANION: (0, 150, 150), SIBLING: (0, 110, 220), BYSTANDER: (220, 30, 30), REVIEWER_COVER: (150, 40, 200),
    TEXT_COVERED: (240, 130, 0), TEXT_TO_DECIDE: (255, 0, 200), TEXT_KEPT: (90, 90, 90),
}


@dataclass(frozen=True)
class ReviewPhoto:
    """One photo for the reviewer: the annotated image and the findings as data."""

    child_index: int
    photo_index: int
    role: str
    image: Image.Image
    findings: tuple[PhotoFinding, ...]
    companion: bool = False

    @property
    def path(self) -> str:
        owner = "companions" if self.companion else "children"
        return f"{owner}[{self.child_index}].photos[{self.photo_index}]"

    def to_json(self) -> dict[str, Any]:
        """The findings as JSON-ready data (no pixels); never raises."""
        return {"path": self.path, "child": self.child_index, "photo": self.photo_index, "role": self.role,
                "size": list(self.image.size), "findings": [f.to_json() for f in self.findings],
                "undecided": sum(1 for f in self.findings if f.undecided)}

    def data_uri(self, *, max_side: int = 900) -> str:
        """The annotated image as a JPEG data: URI for a self-contained page; never raises."""
        image = self.image.copy()
        image.thumbnail((max_side, max_side))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=85)
        return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def annotate(published: Image.Image, findings: Sequence[PhotoFinding], *,
             original: Image.Image | None = None) -> Image.Image:
    """`published` with each finding outlined and labelled; undecided text shown from `original` so it can be judged."""
    out = published.convert("RGB").copy()
    if original is not None and original.size == out.size:
        for f in findings:
            if f.undecided:
                shown = text_cover(f.box, out.size)
                out.paste(original.crop(shown.as_ltrb()), (shown.left, shown.top))
    draw = ImageDraw.Draw(out)
    width = max(2, round(max(out.size) / 300))
    font = _font(max(12, round(max(out.size) / 60)))
    for f in findings:
        colour = COLOURS.get(f.label, (0, 0, 0))
        box = f.box.clipped(out.size)
        if not box.is_valid():
            continue
        # Drawn just outside the box, so the outline hides none of the text or face it frames.
        w = width * (2 if f.undecided else 1)
        draw.rectangle((box.left - w, box.top - w, box.right - 1 + w, box.bottom - 1 + w), outline=colour, width=w)
        label = f.label if f.kind == "face" or not f.text else f"{f.label}: {f.text[:40]}"
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        y = box.top - w - (bottom - top) - 2 * width
        y = y if y >= 0 else box.bottom + w
        draw.rectangle((box.left, y, box.left + right - left + 2 * width, y + bottom - top + 2 * width), fill=colour)
        draw.text((box.left + width - left, y + width - top), label, fill=(255, 255, 255), font=font)
    return out


def review_photos(public: Any, case: Any = None) -> list[ReviewPhoto]:
    """Every public photo of a release as the reviewer sees it; with `case`, undecided text shows its pixels; never raises for a valid release."""
    from posters.photos.loader import load_photo

    out = []
    for p in public.photos:
        original = None
        if case is not None and p.undecided:
            owners = case.model.companions if getattr(p, "companion", False) else case.model.children
            spec = owners[p.child_index].photos[p.photo_index]
            original = load_photo(case.folder, spec.file).image
        out.append(ReviewPhoto(p.child_index, p.photo_index, p.role,
                               annotate(p.image(), p.findings, original=original), tuple(p.findings),
                               bool(getattr(p, "companion", False))))
    return out


def _font(size: int) -> Any:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        return ImageFont.load_default()
