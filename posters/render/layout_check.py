"""Laying out a document (poster or social card) and checking that it fits: one implementation for both.

lay_out() renders a template to a WeasyPrint document with the safe URL fetcher and
captured log, and returns what the document tried to load that it may not.
overflowing_boxes() and visible_boxes() check the laid-out page: nothing may stick
out of the page or be cut off; the watermark, meant to run over the edges, is skipped.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Sequence

_TOLERANCE = 0.5  # CSS px


def lay_out(template: str, ctx: dict[str, Any], files: dict[str, tuple[bytes, str]], *, base: Path,
            stylesheets: Sequence[str], **render_options: Any) -> tuple[Any, list[str]]:
    """The laid-out document and the loads it was refused; raises whatever WeasyPrint raises for a broken template."""
    from weasyprint import HTML

    from .engine import CapturedLog, font_config, jinja_env, parsed_stylesheets
    from .fetcher import SafeFetcher
    from .templates import templates_root

    html = jinja_env().get_template(template).render(**ctx)
    fetcher = SafeFetcher([templates_root()], files)
    from ..native import NATIVE

    with NATIVE, CapturedLog() as log:
        document = HTML(string=html, base_url=base.as_uri(), url_fetcher=fetcher).render(
            font_config=font_config(), stylesheets=parsed_stylesheets(tuple(stylesheets)), **render_options)
    refused = [f"refused {u}" for u in fetcher.refused] + [m for m in log.messages if "refused to load" in m]
    return document, refused


def overflowing_boxes(page: Any) -> list[str]:
    """Descriptions of text and image boxes that extend beyond the page's content area."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    left = root.margin_left
    top = root.margin_top
    right = root.margin_width() - root.margin_right
    bottom = root.margin_height() - root.margin_bottom
    problems = []
    for box in visible_boxes(root):
        if not isinstance(box, (boxes.TextBox, boxes.LineBox, boxes.ReplacedBox)):
            continue
        x0, y0 = box.position_x, box.position_y
        x1 = x0 + box.margin_width()
        y1 = y0 + box.margin_height()
        if x0 < left - _TOLERANCE or y0 < top - _TOLERANCE or x1 > right + _TOLERANCE or y1 > bottom + _TOLERANCE:
            what = str(getattr(box, "text", None) or getattr(box, "element_tag", None) or "box")
            problems.append(f"{what[:40]!r} at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})")
    return problems


def visible_boxes(box: Any) -> Iterator[Any]:
    """The box and its descendants, without the watermark (it is not content); never raises."""
    if "watermark" in classes(box):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from visible_boxes(child)


def classes(box: Any) -> list[str]:
    """The CSS classes of a box's element; never raises."""
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []
