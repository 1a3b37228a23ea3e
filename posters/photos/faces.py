"""Face detection (HOG on a downscaled copy) and face encodings, via face_recognition."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from PIL import Image

from posters.errors import PostersError
from posters.photos.boxes import Box
from posters.photos.loader import LoadedPhoto

if TYPE_CHECKING:
    import numpy as np

# HOG at full size costs 8.8 s on a 16 MP photo and 0.6 s on a 1024 px copy (README).
DETECT_MAX_SIDE = 1024
ENCODING_MODEL = "small"
ENCODING_JITTERS = 1
# Part of the cache key: change it whenever detection or encoding settings change.
DETECTOR_VERSION = f"hog-max{DETECT_MAX_SIDE}-enc-{ENCODING_MODEL}-j{ENCODING_JITTERS}-v1"


@dataclass(frozen=True, eq=False)
class Face:
    """One detected face: its box and its 128-d encoding."""

    box: Box
    encoding: np.ndarray


def face_recognition() -> ModuleType:
    """The face_recognition module, imported on first use; raises PostersError if it is missing."""
    from posters.native import DLIB

    # Under the lock: catch_warnings swaps process-wide state, and two request threads importing
    # face_recognition at once could see its models package half imported (it then quit()s).
    try:
        with DLIB, warnings.catch_warnings():
            # face_recognition_models imports pkg_resources, which warns on import.
            warnings.filterwarnings("ignore", message=r".*pkg_resources.*", category=UserWarning)
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            import face_recognition as fr
    except (ImportError, SystemExit):
        # face_recognition calls quit() when its models package is missing.
        raise PostersError(
            "face detection needs the face_recognition and face_recognition_models packages; "
            "install them, or give the face box by hand in the case file"
        ) from None
    return fr


def detect_faces(photo: LoadedPhoto, *, upsample: int = 1) -> list[Box]:
    """Faces HOG finds in the upright photo, left to right; raises PostersError if detection is unavailable."""
    return detect_in_image(photo.image, upsample=upsample)


def detect_in_image(image: Image.Image, *, upsample: int = 1) -> list[Box]:
    """Faces HOG finds in any PIL image, left to right; raises PostersError if detection is unavailable."""
    import numpy as np

    fr = face_recognition()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    scale = min(1.0, DETECT_MAX_SIDE / max(width, height))
    small = rgb
    if scale < 1.0:
        small_size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = rgb.resize(small_size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    from posters.native import DLIB

    with DLIB:
        found = fr.face_locations(np.asarray(small), number_of_times_to_upsample=upsample, model="hog")
    boxes = []
    for trbl in found:
        box = Box.from_trbl(trbl)
        if scale < 1.0:
            # Back to full-resolution coordinates (small.size rounds, so use the exact ratio).
            box = Box(
                int(box.left * width / small.width), int(box.top * height / small.height),
                int(-(-box.right * width // small.width)), int(-(-box.bottom * height // small.height)),
            )
        box = box.clipped((width, height))
        if box.is_valid():
            boxes.append(box)
    return sorted(boxes, key=lambda b: (b.left, b.top))


def face_encodings(photo: LoadedPhoto, boxes: list[Box]) -> list[np.ndarray]:
    """One encoding per box, computed on the full-resolution upright photo; raises PostersError if unavailable."""
    import numpy as np

    if not boxes:
        return []
    fr = face_recognition()
    from posters.native import DLIB

    pixels = np.asarray(photo.image)
    with DLIB:
        encodings = fr.face_encodings(
            pixels, [b.as_trbl() for b in boxes], num_jitters=ENCODING_JITTERS, model=ENCODING_MODEL
        )
    return [np.asarray(e, dtype=np.float64) for e in encodings]


def face_encoding(photo: LoadedPhoto, box: Box) -> np.ndarray:
    """The encoding of the face in `box`; raises PostersError if face_recognition is unavailable."""
    return face_encodings(photo, [box])[0]


def face_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Euclidean distance between two encodings (face_recognition's measure); never raises."""
    import numpy as np

    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)))
