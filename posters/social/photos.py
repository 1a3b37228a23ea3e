"""The children's photos for cards: each decoded once per export, cropped once per photo-box shape."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ..errors import RenderError
from ..public import PublicPhoto, PublicRelease

CROP_JPEG_QUALITY = 95  # an in-memory intermediate: the card is encoded once, at the end


@dataclass(frozen=True)
class Crop:
    """A face-aware crop of one public photo: the JPEG for the card and where it came from."""

    photo: PublicPhoto
    box: tuple[int, int, int, int]  # (left, top, right, bottom) in the public photo's pixels
    jpeg: bytes = field(repr=False)
    size: tuple[int, int]  # pixel size of `jpeg` (the crop, downscaled at most to the card's height)


class CardPhotos:
    """Each child's primary photo, decoded on first use, and its crops by aspect and height."""

    def __init__(self, public: PublicRelease) -> None:
        self.public = public
        self._images: dict[int, Any] = {}
        self._crops: dict[tuple[int, float, int], Crop] = {}

    def primary(self, child_index: int) -> PublicPhoto:
        """The child's primary public photo; raises RenderError when there is none."""
        photo = self.public.primary_photo(child_index)
        if photo is None:
            raise RenderError(f"children[{child_index}] has no public photo; a social card needs one")
        return photo

    def crop(self, child_index: int, aspect: float, max_height: int) -> Crop:
        """The child's photo cropped to `aspect` (w/h) around the face, at most `max_height` px tall."""
        key = (child_index, round(aspect, 4), max_height)
        hit = self._crops.get(key)
        if hit is not None:
            return hit
        from PIL import Image

        from ..photos import face_crop

        photo = self.primary(child_index)
        image = self._images.get(child_index)
        if image is None:
            image = self._images[child_index] = photo.image()
        box = face_crop(image.size, photo.face, aspect)
        cropped = image.crop(box)
        if cropped.height > max_height:
            # Never more pixels than the card can show; never upscaled (the PDF scales it).
            width = max(1, round(cropped.width * max_height / cropped.height))
            cropped = cropped.resize((width, max_height), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        cropped.save(buf, "JPEG", quality=CROP_JPEG_QUALITY)
        crop = Crop(photo=photo, box=tuple(int(v) for v in box), jpeg=buf.getvalue(), size=cropped.size)  # type: ignore[arg-type]
        self._crops[key] = crop
        return crop
