"""Photo fitness: is the face big enough, sharp enough, and the photo fine enough to print?"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PIL import Image

from posters.photos.boxes import Box
from posters.photos.crop import face_crop
from posters.photos.loader import LoadedPhoto

# Measured (test-photos README): sharp faces score 200-550, after a radius-3 blur 2-8,
# and the astronaut's small upscaled face 21.
BLUR_THRESHOLD = 25.0
SMALL_FACE_FRACTION = 0.15
SMALL_FACE_PX = 80
SHARPNESS_SIZE = 256


@dataclass(frozen=True)
class Finding:
    """One fitness result: level, a stable code for programs, and a message for people."""

    level: Literal["error", "warning"]
    code: str
    message: str


def assess(
    photo: LoadedPhoto,
    face: Box,
    *,
    print_box_inches: tuple[float, float],
    dpi: int = 300,
) -> list[Finding]:
    """Warnings about face size, sharpness and print resolution; raises ValueError if the face box misses the photo."""
    face = face.clipped(photo.size)
    if not face.is_valid():
        raise ValueError(f"face box does not overlap the photo {photo.rel!r}")
    findings: list[Finding] = []
    short_side = min(photo.size)
    if face.height < SMALL_FACE_FRACTION * short_side or face.height < SMALL_FACE_PX:
        findings.append(Finding(
            "warning", "face_small",
            f"{photo.rel}: the face is small ({face.width} x {face.height} px, "
            f"{face.height / short_side:.0%} of the photo's short side); a closer photo will be easier to recognise",
        ))
    sharpness = face_sharpness(photo.image, face)
    if sharpness < BLUR_THRESHOLD:
        findings.append(Finding(
            "warning", "blurry",
            f"{photo.rel}: the face looks blurry (sharpness {sharpness:.0f}, below {BLUR_THRESHOLD:.0f}); "
            "use a sharper photo if there is one",
        ))
    box_w, box_h = print_box_inches
    left, top, right, bottom = face_crop(photo.size, face, box_w / box_h)
    crop_w, crop_h = right - left, bottom - top
    effective = min(crop_w / box_w, crop_h / box_h)
    if effective < dpi:
        need_w, need_h = round(box_w * dpi), round(box_h * dpi)
        findings.append(Finding(
            "warning", "low_resolution",
            f"{photo.rel}: the photo prints at about {effective:.0f} dpi in the {box_w:g} x {box_h:g} inch "
            f"photo box (crop {crop_w} x {crop_h} px; {dpi} dpi needs {need_w} x {need_h} px); "
            "it will look soft in print",
        ))
    return findings


def face_sharpness(image: Image.Image, face: Box) -> float:
    """Variance of the 4-neighbour Laplacian of the grey face resized to 256 x 256; never raises for a valid box."""
    import numpy as np

    # Resized to a fixed size so scores compare across resolutions.
    grey = image.crop(face.as_ltrb()).convert("L").resize((SHARPNESS_SIZE, SHARPNESS_SIZE), Image.Resampling.BICUBIC)
    g = np.asarray(grey, dtype=np.float64)
    lap = g[1:-1, :-2] + g[1:-1, 2:] + g[:-2, 1:-1] + g[2:, 1:-1] - 4 * g[1:-1, 1:-1]
    return float(lap.var())
