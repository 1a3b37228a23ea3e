"""Paper sizes of the printed posters, and the exact pixel size of each at a print resolution.

Tabloid is laid out on a page of Letter's width scale (8.25 x 12.75 in) and zoomed 4/3
when the PDF is written, so one stylesheet serves every size: the type and the photo grow
with the paper instead of floating in a sea of white.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """One paper size: its name, its size in inches and the zoom the PDF is written at."""

    name: str
    width_in: float
    height_in: float
    zoom: float = 1.0

    @property
    def layout_size_in(self) -> tuple[float, float]:
        """Width and height of the page the layout is made on (before the zoom), in inches."""
        return self.width_in / self.zoom, self.height_in / self.zoom

    @property
    def css_size(self) -> str:
        """The @page size of the layout (before the zoom), in inches."""
        width, height = self.layout_size_in
        return f"{width:.4f}in {height:.4f}in"

    def pixels(self, dpi: int) -> tuple[int, int]:
        """Exactly paper size x dpi: Letter at 300 dpi is 2550 x 3300, A4 2480 x 3508, tabloid 3300 x 5100."""
        return round(self.width_in * dpi), round(self.height_in * dpi)


PAPERS: dict[str, Paper] = {
    "letter": Paper("letter", 8.5, 11.0),
    "a4": Paper("a4", 210 / 25.4, 297 / 25.4),
    "tabloid": Paper("tabloid", 11.0, 17.0, zoom=4 / 3),
}


def paper_named(name: str) -> Paper:
    """The paper called `name`; raises RenderError naming the ones there are."""
    try:
        return PAPERS[name]
    except KeyError:
        from .poster import RenderError

        raise RenderError(f"unknown paper {name!r}; expected one of: {', '.join(PAPERS)}") from None
