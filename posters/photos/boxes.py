"""Face boxes in upright pixel coordinates, and how they overlap."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """A rectangle [left, right) x [top, bottom) in upright pixel coordinates."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        """Width in pixels; never raises."""
        return self.right - self.left

    @property
    def height(self) -> int:
        """Height in pixels; never raises."""
        return self.bottom - self.top

    @property
    def area(self) -> int:
        """Area in pixels (0 for an empty or inverted box); never raises."""
        return max(0, self.width) * max(0, self.height)

    @property
    def center(self) -> tuple[float, float]:
        """Centre (x, y); never raises."""
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def is_valid(self) -> bool:
        """True when the box has a positive area; never raises."""
        return self.right > self.left and self.bottom > self.top

    def inside(self, size: tuple[int, int]) -> bool:
        """True when the box lies within an image of `size` (w, h); never raises."""
        return 0 <= self.left and 0 <= self.top and self.right <= size[0] and self.bottom <= size[1]

    def clipped(self, size: tuple[int, int]) -> Box:
        """The box cut to an image of `size` (w, h); never raises."""
        w, h = size
        return Box(
            min(max(self.left, 0), w), min(max(self.top, 0), h),
            min(max(self.right, 0), w), min(max(self.bottom, 0), h),
        )

    def expanded(self, margin_fraction: float, bounds: tuple[int, int] | None = None) -> Box:
        """The box grown by `margin_fraction` of its size on every side, clipped to `bounds`; never raises."""
        # Rounded outward: a cover must never come out a pixel short.
        dx = -(-self.width * margin_fraction // 1)
        dy = -(-self.height * margin_fraction // 1)
        grown = Box(int(self.left - dx), int(self.top - dy), int(self.right + dx), int(self.bottom + dy))
        return grown.clipped(bounds) if bounds is not None else grown

    def scaled(self, factor: float, bounds: tuple[int, int] | None = None) -> Box:
        """The box with every coordinate multiplied by `factor`, clipped to `bounds`; never raises."""
        box = Box(
            int(self.left * factor // 1), int(self.top * factor // 1),
            int(-(-self.right * factor // 1)), int(-(-self.bottom * factor // 1)),
        )
        return box.clipped(bounds) if bounds is not None else box

    def intersection(self, other: Box) -> int:
        """Area shared with `other`; never raises."""
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(0, w) * max(0, h)

    def iou(self, other: Box) -> float:
        """Intersection over union with `other` (0 when both are empty); never raises."""
        inter = self.intersection(other)
        union = self.area + other.area - inter
        return inter / union if union else 0.0

    def same_face(self, other: Box, *, iou: float = 0.3, containment: float = 0.6) -> bool:
        """True when the two boxes plausibly frame the same face (IoU or containment); never raises."""
        inter = self.intersection(other)
        if not inter:
            return False
        smaller = min(self.area, other.area)
        return self.iou(other) >= iou or (smaller > 0 and inter / smaller >= containment)

    def as_trbl(self) -> tuple[int, int, int, int]:
        """(top, right, bottom, left), face_recognition's order; never raises."""
        return (self.top, self.right, self.bottom, self.left)

    def as_ltrb(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom), Pillow's order; never raises."""
        return (self.left, self.top, self.right, self.bottom)

    @classmethod
    def from_trbl(cls, trbl: tuple[int, int, int, int]) -> Box:
        """A box from face_recognition's (top, right, bottom, left); never raises."""
        top, right, bottom, left = (int(v) for v in trbl)
        return cls(left, top, right, bottom)
