"""Text in photos: RapidOCR (PP-OCR models on onnxruntime, shipped inside its wheel) on CPU.

A T-shirt, a sign, a lanyard badge or a hospital wristband in a photo can name a placement,
a caseworker or a diagnosis; every photo that may become public is read here at its full
resolution. RapidOCR's detector finds text at any angle (it returns a quadrilateral per line),
its recogniser reads tall boxes turned 90 degrees and its classifier turns upside-down lines,
so turned text needs no extra pass over the whole photo. The engine loads on the first read,
once per process.

Detection stays at full resolution: on a downscaled copy (recognition still on full-resolution
crops) it found 215 of 250 small lines at 0.8 and 175 at 0.75, against 250 at full size
(7-16 px type on a 1,000 x 1,250 photo, bench/README.md), for 0.2-0.25 s less CPU.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PIL import Image

from posters.errors import PostersError
from posters.photos.boxes import Box

# Lines read with less confidence than this are noise (textures, foliage) far more often
# than writing; RapidOCR's own default.
MIN_SCORE = 0.5
# One onnxruntime thread per model. OCR runs beside CenterFace and dlib (posters.photos.plan
# reads ahead), so the two cores are already busy; onnxruntime's own pool of two threads
# spin-waits between operators, which cost 0.2 s of CPU a photo for 0.17 s less wall alone
# (measured on the 2-core machine, bench/README.md).
THREADS = 1
# Part of the cache key: change it whenever the engine, its models or these settings change.
OCR_VERSION = f"rapidocr-onnxruntime-1.4-ppocrv4-s{MIN_SCORE}-v1"

_engine: Any = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()


@dataclass(frozen=True)
class TextRegion:
    """One line of text read in a photo: the upright box around it, the text, the confidence."""

    box: Box
    text: str
    score: float
    quad: tuple[tuple[int, int], ...] = ()

    def legible(self) -> bool:
        """True when the line holds at least one letter or digit; never raises."""
        return any(c.isalnum() for c in self.text)


def _load_engine() -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise PostersError("reading text in photos needs the rapidocr-onnxruntime package; run `make setup`") from None
            _engine = RapidOCR(text_score=MIN_SCORE, intra_op_num_threads=THREADS, inter_op_num_threads=THREADS)
        return _engine


def read_text(image: Image.Image) -> list[TextRegion]:
    """Every legible line of text in `image`, top to bottom; raises PostersError if OCR is unavailable."""
    import numpy as np

    engine = _load_engine()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    # RapidOCR takes OpenCV's BGR order for arrays.
    bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
    with _run_lock:  # one engine, and its sessions are not documented as thread-safe
        result, _elapsed = engine(bgr)
    regions = []
    for quad, text, score in result or ():
        points = tuple((int(round(float(x))), int(round(float(y)))) for x, y in quad)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = Box(min(xs), min(ys), max(xs) + 1, max(ys) + 1).clipped(rgb.size)
        region = TextRegion(box, str(text), float(score), points)
        if box.is_valid() and region.legible():
            regions.append(region)
    return sorted(regions, key=lambda r: (r.box.top, r.box.left))
