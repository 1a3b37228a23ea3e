"""Face-aware crops: the whole face, in the upper part, at a given aspect ratio."""
from __future__ import annotations

import math

from posters.photos.boxes import Box

# Head-and-shoulders framing: face height about 30% of the crop (issue 5 asks 25-45%),
# face centre 38% from the top, so hair and forehead have room above.
FACE_FRACTION = 0.30
CENTER_FROM_TOP = 0.38
# Room around the detector's box, in face sizes: HOG boxes stop at the eyebrows and chin.
MARGIN_TOP = 0.5
MARGIN_SIDE = 0.3
MARGIN_BOTTOM = 0.3
# When the photo is too tight for those, the face keeps at least this much room while
# staying high in the frame: a face pushed low by a big top margin looks wrong.
MIN_TOP = 0.25
MIN_SIDE = 0.15
MIN_BOTTOM = 0.1


def face_crop(image_size: tuple[int, int], face: Box, target_aspect: float) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of a crop of `target_aspect` (w/h) containing the whole face; raises ValueError for an empty face or a bad aspect."""
    if not (target_aspect > 0 and math.isfinite(target_aspect)):
        raise ValueError(f"target aspect must be a positive number, not {target_aspect!r}")
    width, height = image_size
    f = face.clipped(image_size)
    if width < 1 or height < 1 or not f.is_valid():
        raise ValueError(f"face box {face.as_ltrb()} does not overlap the {width} x {height} image")
    fw, fh = f.width, f.height

    # Smallest crop height that keeps the margins at the preferred face position.
    need = max(
        fh * (1 + MARGIN_TOP + MARGIN_BOTTOM),
        fh * (0.5 + MARGIN_TOP) / CENTER_FROM_TOP,
        fh * (0.5 + MARGIN_BOTTOM) / (1 - CENTER_FROM_TOP),
        fw * (1 + 2 * MARGIN_SIDE) / target_aspect,
    )
    wanted = max(fh / FACE_FRACTION, need)
    # Never larger than the biggest crop of this aspect the image holds (zoomed out as far as it goes).
    h_float = min(wanted, height, width / target_aspect)
    crop_h = max(1, min(height, math.floor(h_float)))
    crop_w = max(1, min(width, round(crop_h * target_aspect)))
    # Too small for this aspect: give up the exact aspect rather than cut the face; the caller pads.
    crop_w, crop_h = max(crop_w, fw), max(crop_h, fh)

    left = _place(f.left, f.right, crop_w, width, f.center[0] - crop_w / 2, fw * MIN_SIDE, fw * MIN_SIDE)
    top = _place(f.top, f.bottom, crop_h, height, f.center[1] - crop_h * CENTER_FROM_TOP, fh * MIN_TOP, fh * MIN_BOTTOM)
    return (left, top, left + crop_w, top + crop_h)


def _place(lo: int, hi: int, span: int, limit: int, wanted: float, before: float, after: float) -> int:
    """Start of a `span`-long window in [0, limit) that holds [lo, hi), near `wanted`."""
    fit_lo, fit_hi = 0, limit - span
    # With margins if they fit, else the bare face box, which always fits (span >= hi - lo).
    with_margin = (max(fit_lo, math.ceil(hi + after - span)), min(fit_hi, math.floor(lo - before)))
    bare = (max(fit_lo, hi - span), min(fit_hi, lo))
    start_lo, start_hi = with_margin if with_margin[0] <= with_margin[1] else bare
    return int(min(max(round(wanted), start_lo), start_hi))
