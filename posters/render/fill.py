"""Using the page: the largest type and photo scale at which a poster still fits one page.

A poster's type and photo sizes are multiplied by one scale (the CSS custom property --fill,
templates/_shared/poster.css). The scale is found from measured layouts, not by blind trial:
a layout's used height (from WeasyPrint's boxes) against the page's gives the next scale to
try, so most posters are laid out once or twice, and once when the same poster was laid out
before in the process. Type that the scale would cramp (a name cut mid-word, a label running
into its value) is found on the laid-out boxes too (cramped_type) and set smaller.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from .layout_check import classes, overflowing_boxes, visible_boxes

FILL_MIN = 0.8   # the tightest page: about the former "fit-tight" settings
FILL_MAX = 1.45  # beyond this a sparse poster looks blown up rather than used
# What the scale search aims at (share of the page's content height) and accepts: at most this
# share of the page's height blank below the lowest content, the bottom margin included.
GOAL = 0.965
BLANK_TARGET = 0.10
MAX_LAYOUTS = 6
# A photo with the facts beside it grows no more than this: past it the column of facts gets too narrow.
PHOTO_MAX = 1.12
# Names and table labels are set down to this share of their design size rather than be cut or
# run into the value beside them (TYPE_MAX: no limit).
TYPE_MIN = 0.6
LABELS_MAX = 1.3  # the label column widened at most this much (42% -> 55% of the table)
TYPE_MAX = FILL_MAX
# How the used height grows with the scale (h ~ scale ** GROWTH) before two layouts measure it:
# photos grow linearly, text a little faster as its lines fill up and wrap (templates may say
# better: template.yaml fill_growth).
GROWTH = 1.25
# The first scale tried grows with how much taller than Letter the page is (see start_scale).
START_GROWTH = 0.6


def content_bottom(page: Any) -> float:
    """The lowest bottom edge (CSS px from the page's top) of anything drawn on the page but the watermark.

    Lines of text, images, and boxes with a border or background (the contact box's frame,
    a companion's band) count; empty boxes and margins do not.
    """
    from weasyprint.formatting_structure import boxes

    lowest = 0.0
    for box in visible_boxes(page._page_box):
        if isinstance(box, (boxes.PageBox, boxes.LineBox)):
            continue  # a line's text boxes count; an empty line draws nothing
        if not isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
            style = box.style
            drawn = (box.border_bottom_width or box.border_top_width or style["background_color"].alpha > 0
                     or style["background_image"] != (("none", None),))
            if not drawn:
                continue
        lowest = max(lowest, box.position_y + box.margin_top + box.border_height())
    return lowest


def blank_foot(page: Any) -> float:
    """The share of the page's height below the lowest content, bottom margin included (0-1)."""
    height = page._page_box.margin_height()
    return max(0.0, height - content_bottom(page)) / height


@dataclass(frozen=True)
class Cramped:
    """Type that is too large for its place on a laid-out page, as the share of it that fits
    (1 or more: nothing cramped). The fit loop sets such type smaller by that share."""

    name: float = 1.0    # the worst name word cut across lines (FICTITIOU / S: 0.9)
    label: float = 1.0   # the worst table label word wider than its cell (running into the value)

    def __bool__(self) -> bool:
        return self.name < 1.0 or self.label < 1.0


def cramped_type(page: Any, names: tuple[str, ...] = ("name", "companion-name")) -> Cramped:
    """Names with a word cut across lines, and table labels with a word wider than their column.

    Names are set large and would rather be smaller than cut (spaces and hyphens are where a
    name may wrap); a label's word must not run into the value beside it.
    """
    name = label = 1.0
    for block in visible_boxes(page._page_box):
        if getattr(block, "element_tag", None) == "th" and type(block).__name__ == "TableCellBox":
            label = min(label, _label_share(block))
        elif set(names) & set(classes(block)):
            name = min(name, _name_share(block))
    return Cramped(name, label)


def _label_share(cell: Any) -> float:
    # The label may use half its right padding (the gap to the value) before it runs into the value.
    left = cell.position_x + cell.margin_left + cell.border_left_width + cell.padding_left
    room = cell.width + cell.padding_right / 2
    widest = max((box.position_x + box.width - left for box in visible_boxes(cell)
                  if type(box).__name__ == "TextBox"), default=0.0)
    return room / widest if widest > room + 0.5 else 1.0  # CSS px


def _name_share(block: Any) -> float:
    if not any(type(child).__name__ == "LineBox" for child in getattr(block, "children", ())):
        return 1.0
    full = " ".join("".join(block.element.itertext()).upper().split())
    lines = [" ".join("".join(_texts(line)).split()) for line in block.children]
    worst, pos = 1.0, 0
    for line, following in zip(lines, lines[1:]):
        at = full.find(line, pos) if line else -1
        if at < 0 or not following:
            break
        end = pos = at + len(line)
        if end >= len(full) or not _joined(full[end - 1], full[end]):
            continue
        start = full.rfind(" ", 0, end) + 1
        word_end = full.find(" ", end)
        word = full[start:len(full) if word_end < 0 else word_end]
        worst = min(worst, (end - start) / len(word))
    return worst


def _joined(before: str, after: str) -> bool:
    """Whether a line may not end between these two letters: inside a word of a spaced script
    (Chinese or Japanese text may wrap between any two characters; spaces and hyphens end words)."""
    import unicodedata

    if before in " -\u2010/" or after == " ":
        return False
    return not any(unicodedata.east_asian_width(c) in ("W", "F") for c in (before, after))


def _texts(box: Any):
    text = getattr(box, "text", None)
    if text is not None:
        yield text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def start_scale(width_in: float, height_in: float) -> float:
    """Where the scale search starts on a page of this (layout) size: 1 on Letter, the design's page;
    more on a relatively taller page (A4 about 1.05, tabloid's 8.25 x 12.75 in layout page about 1.11),
    a little short of what the samples settle at, since a start that fits costs one layout less."""
    return ((height_in / width_in) / (11 / 8.5)) ** START_GROWTH


def fill_style(scale: float, name: float | None = None, facts: float | None = None, labels: float = 1.0) -> str:
    """The custom properties of one layout: --fill for type and photos, --shrink (never above 1) for
    what is limited by the page's width (the headline, the siblings' photos), --name for names and
    --facts for the facts tables (--fill unless that would cramp them; see cramped_type), --photo
    for a photo with the facts column beside it (no larger than PHOTO_MAX), --labels to widen the
    label column of the facts tables (up to LABELS_MAX)."""
    name = scale if name is None else name
    facts = scale if facts is None else facts
    return (f":root {{ --fill: {scale:.4f}; --shrink: {min(scale, 1.0):.4f}; --name: {name:.4f}; "
            f"--facts: {facts:.4f}; --photo: {min(scale, PHOTO_MAX):.4f}; --labels: {labels:.4f}; }}")


@dataclass(frozen=True)
class Fitted:
    """The layout chosen for one page: the document, its scale and how much of the foot is blank."""

    document: Any
    scale: float
    blank: float
    layouts: int


def fit_scale(lay_out: Callable[[float], Any], *, start: float = 1.0, growth: float = GROWTH,
              trusted_start: bool = False) -> Fitted | None:
    """The largest scale in [FILL_MIN, FILL_MAX] at which `lay_out(scale)` gives one page with nothing
    outside it, searched until the blank foot is at most BLANK_TARGET; None when even FILL_MIN does not fit.
    With `trusted_start` (a scale chosen before for the same poster), a fitting first layout is kept
    as it is, so a poster rendered again comes out the same.

    Each next scale comes from the measured used height (see _next_scale), kept strictly
    between the best fitting scale and the smallest failing one, so the search cannot cycle.
    """
    best: Fitted | None = None
    too_big = math.inf  # the smallest scale known not to fit
    points: list[tuple[float, float]] = []  # (scale, used share of the content height)
    scale = min(max(start, FILL_MIN), FILL_MAX)
    layouts = 0
    while True:
        document = lay_out(scale)
        layouts += 1
        if len(document.pages) == 1 and not overflowing_boxes(document.pages[0]):
            if best is None or scale > best.scale:
                best = Fitted(document, scale, blank_foot(document.pages[0]), layouts)
            if best.blank <= BLANK_TARGET or scale >= FILL_MAX or trusted_start:
                break
        else:
            too_big = min(too_big, scale)
            if scale <= FILL_MIN:
                break
        if layouts >= MAX_LAYOUTS:
            break
        used = used_share(document)
        if used is not None:
            points.append((scale, used))
        low = best.scale if best else FILL_MIN
        high = min(too_big, FILL_MAX)
        nxt = _next_scale(points, growth) if used is not None else (low + high) / 2
        nxt = min(max(nxt, FILL_MIN), FILL_MAX)
        lower_ok = nxt > best.scale + 0.005 if best else True
        if not (lower_ok and nxt < too_big - 0.005):
            nxt = (low + high) / 2
        if best is not None and (high - best.scale < 0.01 or nxt - best.scale < 0.005):
            break
        scale = nxt
    return None if best is None else Fitted(best.document, best.scale, best.blank, layouts)


def used_share(document: Any) -> float | None:
    """The content's height as a share of one page's content height, summed over every page
    (2.3 means the content would need 2.3 pages' worth); None when a page has text sticking
    out sideways, which no height measures."""
    pages = document.pages
    total = 0.0
    for page in pages:
        root = page._page_box
        avail = root.margin_height() - root.margin_top - root.margin_bottom
        total += (content_bottom(page) - root.margin_top) / avail
    if len(pages) == 1 and total <= 1.0:
        return None if overflowing_boxes(pages[0]) else total
    # A page that breaks early (a block kept whole goes to the next page) overstates the need.
    return (len(pages) - 1) + (total - (len(pages) - 1)) * 0.9 if len(pages) > 1 else total


def _next_scale(points: list[tuple[float, float]], growth: float) -> float:
    """The scale at which the used height should be GOAL, from the last one or two measured layouts."""
    scale, used = points[-1]
    if used <= 0:
        return scale
    if len(points) >= 2:
        (s0, u0), (s1, u1) = points[-2], points[-1]
        if s0 != s1 and u0 > 0 and u1 > 0 and u0 != u1:
            growth = min(max(math.log(u1 / u0) / math.log(s1 / s0), 0.5), 3.0)
    return scale * (GOAL / used) ** (1 / growth)


class ScaleCache:
    """What the fit loop chose for a poster (text budget, scale, name and facts scales, label column), by what determines the
    layout (release hash, template, paper, language, date): a poster rendered again starts there
    and is laid out once. Only a starting point: the layout is checked as always."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, tuple[int, float, float, float, float]] = OrderedDict()

    def get(self, key: Hashable) -> tuple[int, float, float, float, float] | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def clear(self) -> None:
        self._items.clear()

    def put(self, key: Hashable, chosen: tuple[int, float, float, float, float]) -> None:
        self._items[key] = chosen
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
