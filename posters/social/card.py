"""One social card: HTML + CSS laid out by WeasyPrint at the preset's exact pixel size, rasterized by pdfium."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from posters.render.i18n import messages

from ..errors import RenderError
from ..public import PublicRelease
from ..render.context import base_context
from ..render.layout_check import classes, lay_out, overflowing_boxes, visible_boxes
from ..native import NATIVE
from .layouts import layout, social_root
from .photos import CardPhotos, Crop
from .presets import Preset

_TOLERANCE = 0.5  # CSS px
# Tried in order until the card fits: roomy, tighter, tightest; then long names are ellipsized.
_ATTEMPTS: tuple[tuple[str, int | None], ...] = (
    ("", None), ("fit-tight", None), ("fit-tighter", None), ("fit-tighter", 40), ("fit-tighter", 24))
LONG_NAME, VERY_LONG_NAME = 18, 30  # characters, for the card's larger type


@dataclass(frozen=True)
class Card:
    """A rendered card: RGB pixels at the preset's size, and where each child's photo landed."""

    image: Any  # PIL RGB image, exactly preset.size
    photo_boxes: tuple[tuple[float, float, float, float], ...]  # content box (l, t, r, b) in image px, per child
    crops: tuple[Crop, ...]
    fit: str


def render_card(public: PublicRelease, preset: Preset, lang: str, *, photos: CardPhotos,
                watermark: bool, today: dt.date) -> Card:
    """Render one card; raises RenderError when it cannot fit or a template misbehaves, SocialError for a bad layout."""
    count = len(public.children())
    settings = layout(preset.layout)
    aspect = settings.photo_aspect(count)
    content_height = preset.height - preset.safe_top - preset.safe_bottom
    crops = tuple(photos.crop(i, aspect, content_height) for i in range(count))
    files = {c.photo.asset_name: (c.jpeg, "image/jpeg") for c in crops}
    base = base_context(public, lang, today, watermark=watermark)
    last_problem = ""
    for fit, name_budget in _ATTEMPTS:
        ctx = _card_context(base, public, preset, lang, today, fit, name_budget, content_height)
        document = _layout(preset, ctx, files)
        problems = _fit_problems(document, preset)
        if not problems:
            with NATIVE:
                pdf = document.write_pdf(uncompressed_pdf=True)
            image = _rasterize(pdf, preset)
            return Card(image=image, photo_boxes=_photo_boxes(document.pages[0]), crops=crops, fit=fit)
        last_problem = problems[0]
    raise RenderError(f"the {preset.name} card ({preset.width} x {preset.height}) does not fit even with the "
                      f"smallest type and shortened names ({last_problem}); shorten the names in the case file")


def _card_context(base: dict[str, Any], public: PublicRelease, preset: Preset, lang: str, today: dt.date,
                  fit: str, name_budget: int | None, content_height: int) -> dict[str, Any]:
    m = messages(lang)
    missing = public.public.get("missing") or {}
    since = dt.date.fromisoformat(missing["date"]) if missing.get("date") else None
    long_term = since is not None and (today - since).days > 365
    children = []
    for child in base["children"]:
        name = child["name"] if name_budget is None else ellipsize(child["name"], name_budget)
        age = child["age_now"]
        age_line = None
        if age is not None:
            age_line = m.gettext("Age now %(age)s", age=age) if long_term else m.gettext("Age %(age)s", age=age)
        children.append({**child, "card_name": name, "age_line": age_line,
                         "name_class": "name-very-long" if len(name) > VERY_LONG_NAME
                         else "name-long" if len(name) > LONG_NAME else ""})
    labels = {"call": m.gettext("Anyone with information, please call"),
              "hotline": m.gettext("NCMEC · %(words)s", words=base["hotline"]["words"]), "police": m.gettext("Police")}
    return {**base, "children": children, "labels": {**base["labels"], **labels},
            "layout": preset.layout, "width": preset.width, "height": preset.height,
            "safe_top": preset.safe_top, "safe_bottom": preset.safe_bottom, "content_height": content_height,
            "unit": round(min(preset.width, content_height) / 100, 3), "fit_class": fit}


def ellipsize(name: str, budget: int) -> str:
    """At most `budget` characters, keeping the last name: leading words, an ellipsis, the last word; never raises."""
    words = name.split()
    name = " ".join(words)
    if len(name) <= budget:
        return name
    last = words[-1] if len(words) > 1 and len(words[-1]) <= budget - 4 else ""
    room = budget - (len(last) + 3 if last else 1)  # " … Last" or "…"
    kept: list[str] = []
    for word in words[:-1] if last else words:
        if len(" ".join(kept + [word])) > room:
            break
        kept.append(word)
    head = " ".join(kept) if kept else words[0][: max(1, room)]
    return f"{head} … {last}" if last else f"{head}…"


def _layout(preset: Preset, ctx: dict[str, Any], files: dict[str, tuple[bytes, str]]) -> Any:
    document, problems = lay_out(f"social/{preset.layout}.html", ctx, files,
                                 base=social_root() / f"{preset.layout}.html",
                                 stylesheets=("_shared/base.css", "social/card.css", f"social/{preset.layout}.css"))
    if problems:
        raise RenderError("the card template tried to load something it may not: " + "; ".join(problems))
    return document


def _fit_problems(document: Any, preset: Preset) -> list[str]:
    if len(document.pages) != 1:
        return [f"{len(document.pages)} pages"]
    page = document.pages[0]
    return [f"text outside the card: {p}" for p in overflowing_boxes(page)] + _escaping(page._page_box)


def _escaping(root: Any) -> list[str]:
    """Text that leaves its region (a .fit element), or runs into a photo or another region."""
    from weasyprint.formatting_structure import boxes

    problems: list[str] = []
    photos = [_border(b) for b in visible_boxes(root) if isinstance(b, boxes.ReplacedBox)]
    regions = [b for b in visible_boxes(root) if "fit" in classes(b) and hasattr(b, "content_box_x")]
    # WeasyPrint wraps inline content in anonymous blocks of the same element: keep the outermost.
    inner = {id(c) for r in regions for c in visible_boxes(r) if c is not r}
    regions = [r for r in regions if id(r) not in inner]
    for region in regions:
        area = (region.content_box_x(), region.content_box_y(),
                region.content_box_x() + region.width, region.content_box_y() + region.height)
        others = [_border(r) for r in regions if r is not region] + photos
        for text in (b for b in visible_boxes(region) if isinstance(b, boxes.TextBox) and b.text.strip()):
            r = _rect(text)
            if not _inside(r, area):
                problems.append(f"{text.text[:40]!r} runs out of its box")
            elif any(_overlap(r, o) for o in others):
                problems.append(f"{text.text[:40]!r} runs into a photo or another part of the card")
    for photo in photos:
        if any(_overlap(photo, _border(r)) for r in regions):
            problems.append("a photo runs into the text")
    return problems


def _photo_boxes(page: Any) -> tuple[tuple[float, float, float, float], ...]:
    from weasyprint.formatting_structure import boxes

    out = []
    for box in visible_boxes(page._page_box):
        if isinstance(box, boxes.ReplacedBox) and "photo" in classes(box):
            x, y = box.content_box_x(), box.content_box_y()
            out.append((x, y, x + box.width, y + box.height))
    return tuple(out)


def _rasterize(pdf: bytes, preset: Preset) -> Any:
    """The one page as an RGB image of exactly preset.size pixels."""
    import pypdfium2 as pdfium
    from PIL import Image

    with NATIVE:
        doc = pdfium.PdfDocument(pdf)
        try:
            page = doc[0]
            width_pt = page.get_width()
            image = page.render(scale=preset.width / width_pt, may_draw_forms=False).to_pil().convert("RGB")
            page.close()
        finally:
            doc.close()
    if image.size != preset.size:
        off = max(abs(image.width - preset.width), abs(image.height - preset.height))
        if off > 1:
            raise RenderError(f"the {preset.name} card rasterized at {image.width} x {image.height}, "
                              f"not {preset.width} x {preset.height}")
        image = image.resize(preset.size, Image.Resampling.LANCZOS)
    return image


def _rect(box: Any) -> tuple[float, float, float, float]:
    return (box.position_x, box.position_y, box.position_x + box.margin_width(), box.position_y + box.margin_height())


def _border(box: Any) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return (x, y, x + box.border_width(), y + box.border_height())


def _inside(r: tuple[float, ...], area: tuple[float, ...]) -> bool:
    return (r[0] >= area[0] - _TOLERANCE and r[1] >= area[1] - _TOLERANCE
            and r[2] <= area[2] + _TOLERANCE and r[3] <= area[3] + _TOLERANCE)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > _TOLERANCE and min(a[3], b[3]) - max(a[1], b[1]) > _TOLERANCE
