"""Cover bystanders' faces with an opaque fill, and check that none can be found afterwards."""
from __future__ import annotations

from typing import Sequence

from PIL import Image, ImageDraw

from posters.photos.boxes import Box

COVER_FILL = (128, 128, 128)
COVER_MARGIN = 0.35


def cover_bystanders(
    image: Image.Image,
    boxes: Sequence[Box],
    *,
    margin: float = COVER_MARGIN,
    keep: Sequence[Box] = (),
    fill: tuple[int, int, int] = COVER_FILL,
) -> Image.Image:
    """A new RGB image with each box (grown by `margin`) filled opaquely; never raises."""
    # Opaque fill, not blur or pixelation: those can be reversed or still matched by face recognition.
    out = image.convert("RGB") if image.mode != "RGB" else image.copy()
    if not boxes:
        return out
    size = out.size
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for box in boxes:
        _fill_rect(draw, box.expanded(margin, size), 255)
    # The margin yields to the child's (or a sibling's) face, but a bystander's own
    # face box never does: covering part of the child beats exposing a bystander.
    for box in keep:
        _fill_rect(draw, box.clipped(size), 0)
    for box in boxes:
        _fill_rect(draw, box.clipped(size), 255)
    out.paste(Image.new("RGB", size, fill), (0, 0), mask)
    return out


def _fill_rect(draw: ImageDraw.ImageDraw, box: Box, value: int) -> None:
    if box.is_valid():
        # ImageDraw's rectangle includes its far edge; Box is half-open.
        draw.rectangle((box.left, box.top, box.right - 1, box.bottom - 1), fill=value)


def uncovered_faces(image: Image.Image, allowed: Sequence[Box], *, upsamples: Sequence[int] = (1, 2)) -> list[Box]:
    """Faces found in `image` that are not one of `allowed`; raises PostersError if detection is unavailable."""
    from posters.photos.faces import detect_in_image

    stray: list[Box] = []
    for up in upsamples:
        for box in detect_in_image(image, upsample=up):
            if not any(box.same_face(a) for a in allowed) and not any(box.same_face(s) for s in stray):
                stray.append(box)
    return stray
