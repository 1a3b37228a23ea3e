"""Checks on a laid-out page: nothing may stick out of the page or be cut off."""
from __future__ import annotations

from typing import Any

_TOLERANCE = 0.5  # CSS px


def overflowing_boxes(page: Any) -> list[str]:
    """Descriptions of text and image boxes that extend beyond the page's content area."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    left = root.margin_left
    top = root.margin_top
    right = root.margin_width() - root.margin_right
    bottom = root.margin_height() - root.margin_bottom
    problems = []
    for box in _visible_descendants(root):
        if not isinstance(box, (boxes.TextBox, boxes.LineBox, boxes.ReplacedBox)):
            continue
        x0, y0 = box.position_x, box.position_y
        x1 = x0 + box.margin_width()
        y1 = y0 + box.margin_height()
        if x0 < left - _TOLERANCE or y0 < top - _TOLERANCE or x1 > right + _TOLERANCE or y1 > bottom + _TOLERANCE:
            what = str(getattr(box, "text", None) or getattr(box, "element_tag", None) or "box")
            problems.append(f"{what[:40]!r} at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})")
    return problems


def _visible_descendants(box: Any):
    # The watermark is meant to run over the edges; it is not content.
    element = getattr(box, "element", None)
    if element is not None and "watermark" in (element.get("class") or "").split():
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _visible_descendants(child)
