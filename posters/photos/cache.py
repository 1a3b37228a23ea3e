"""Cache of detected faces and encodings per photo hash: in memory and as JSON files."""
from __future__ import annotations

import json
import math
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from posters.photos import faces as _faces
from posters.photos.boxes import Box
from posters.photos.detectors import CENTERFACE_VERSION, Detection, detect_centerface, hog_shaped
from posters.photos.faces import DETECTOR_VERSION, Face
from posters.photos.loader import LoadedPhoto
from posters.photos.ocr import OCR_VERSION, TextRegion, read_text

if TYPE_CHECKING:
    from PIL import Image

ENV_CACHE_DIR = "POSTERS_CACHE_DIR"


def default_cache_dir() -> Path:
    """$POSTERS_CACHE_DIR, else ~/.cache/posters/faces; never raises."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "posters" / "faces"


class FaceCache:
    """Detected faces per (photo sha256, upsample, detector version); a cache, never the truth."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self._memory: dict[tuple[str, int], list[Any]] = {}
        self._lock = threading.Lock()
        # One lock per key being worked out: a thread asking for what another is computing
        # (the read-ahead threads of posters.photos.plan) waits for it instead of computing it twice.
        self._pending: dict[tuple[str, int], threading.Lock] = {}
        self.detections = 0  # how many times detection actually ran (tests and timings read it)
        self.analyses = 0  # how many times CenterFace or OCR actually ran

    @classmethod
    def default(cls) -> FaceCache:
        """A cache in the default directory; never raises."""
        return cls(default_cache_dir())

    def faces(self, photo: LoadedPhoto, upsample: int) -> list[Face]:
        """Faces at this upsample level, from cache or freshly detected; raises PostersError if detection is unavailable."""
        def produce() -> list[Face]:
            found = self._read(photo, upsample)
            if found is None:
                boxes = _faces.detect_faces(photo, upsample=upsample)
                encodings = _faces.face_encodings(photo, boxes)
                found = [Face(b, e) for b, e in zip(boxes, encodings)]
                with self._lock:
                    self.detections += 1
                self._write(photo, upsample, found)
            return found

        return self._once((photo.sha256, int(upsample)), produce)

    def _once(self, key: tuple[str, int], produce: Callable[[], list[Any]]) -> list[Any]:
        """The value in memory, else produced by exactly one thread at a time per key; raises what produce raises."""
        with self._lock:
            hit = self._memory.get(key)
            if hit is not None:
                return list(hit)
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                hit = self._memory.get(key)
            if hit is not None:
                return list(hit)  # another thread produced it while this one waited
            try:
                found = produce()
                with self._lock:
                    self._memory[key] = found
            finally:
                with self._lock:
                    self._pending.pop(key, None)
        return list(found)

    def centerface(self, photo: LoadedPhoto) -> list[Detection]:
        """CenterFace's faces in the photo (every scale and rotation), cached; raises PostersError if unavailable."""
        def decode(raw: Any) -> list[Detection]:
            return [Detection(_box(item["box"], photo.size), float(item["score"]), int(item.get("turned", 0)))
                    for item in raw]

        return self._analysis(photo.sha256, photo.size, "centerface", CENTERFACE_VERSION,
                              lambda: detect_centerface(photo.image),
                              lambda found: [{"box": list(d.box.as_ltrb()), "score": d.score, "turned": d.turned}
                                             for d in found], decode)

    def centerface_faces(self, photo: LoadedPhoto) -> list[Face]:
        """CenterFace's faces that HOG (upsample 1) missed, with encodings on a HOG-shaped box, cached; raises PostersError if unavailable."""
        import numpy as np

        def compute() -> list[Face]:
            # Encoding costs 0.1 s a face: faces HOG found already have theirs.
            hog = [f.box for f in self.faces(photo, 1)]
            boxes = [hog_shaped(d.box, photo.size) for d in self.centerface(photo)
                     if not any(d.box.same_face(h) for h in hog)]
            encodings = _faces.face_encodings(photo, boxes)
            return [Face(b, e) for b, e in zip(boxes, encodings)]

        def decode(raw: Any) -> list[Face]:
            out = []
            for item in raw:
                enc = np.asarray(item["encoding"], dtype=np.float64)
                if enc.shape != (128,) or not np.all(np.isfinite(enc)):
                    raise ValueError("bad cached encoding")
                out.append(Face(_box(item["box"], photo.size), enc))
            return out

        return self._analysis(photo.sha256, photo.size, "cfaces", f"{CENTERFACE_VERSION}-{DETECTOR_VERSION}-missed-by-u1", compute,
                              lambda found: [{"box": list(f.box.as_ltrb()), "encoding": [float(x) for x in f.encoding]}
                                             for f in found], decode)

    def texts(self, photo: LoadedPhoto) -> list[TextRegion]:
        """Text read in the photo at full resolution, cached; raises PostersError if OCR is unavailable."""
        return self.texts_in(photo.image, photo.sha256)

    def texts_in(self, image: Image.Image, sha256: str) -> list[TextRegion]:
        """Text read in any image, cached under `sha256` (of its file or its pixels); raises PostersError if unavailable."""
        def decode(raw: Any) -> list[TextRegion]:
            return [TextRegion(_box(item["box"], image.size), str(item["text"]), float(item["score"]),
                               tuple((int(x), int(y)) for x, y in item.get("quad", [])))
                    for item in raw]

        return self._analysis(sha256, image.size, "text", OCR_VERSION, lambda: read_text(image),
                              lambda found: [{"box": list(r.box.as_ltrb()), "text": r.text, "score": r.score,
                                              "quad": [list(p) for p in r.quad]} for r in found], decode)

    def _analysis(self, sha256: str, size: tuple[int, int], kind: str, version: str, compute: Callable[[], list[Any]],
                  encode: Callable[[list[Any]], list[Any]], decode: Callable[[Any], list[Any]]) -> list[Any]:
        path = None if self.directory is None else self.directory / f"{sha256}-{kind}-{version}.json"

        def produce() -> list[Any]:
            found = None
            if path is not None:
                try:
                    raw = json.loads(path.read_text(encoding="utf-8"))
                    if (raw.get("version"), raw.get("sha256"), list(raw.get("size", []))) == (version, sha256, list(size)):
                        found = decode(raw["items"])
                except (OSError, ValueError, TypeError, KeyError, AttributeError):
                    found = None  # unreadable or corrupt: analyse again and overwrite it
            if found is None:
                found = compute()
                with self._lock:
                    self.analyses += 1
                if path is not None:
                    _write_json(path, {"version": version, "sha256": sha256, "size": list(size), "items": encode(found)})
            return found

        return self._once((f"{kind}:{sha256}", 0), produce)

    def path_for(self, sha256: str, upsample: int) -> Path | None:
        """The JSON file for this key, or None for a memory-only cache; never raises."""
        if self.directory is None:
            return None
        return self.directory / f"{sha256}-u{int(upsample)}-{DETECTOR_VERSION}.json"

    def _read(self, photo: LoadedPhoto, upsample: int) -> list[Face] | None:
        import numpy as np

        path = self.path_for(photo.sha256, upsample)
        if path is None:
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if (raw.get("version"), raw.get("sha256"), raw.get("upsample")) != (DETECTOR_VERSION, photo.sha256, upsample):
                return None
            if list(raw.get("size", [])) != list(photo.size):
                return None
            found = []
            for item in raw["faces"]:
                box = Box(*(int(v) for v in item["box"]))
                enc = np.asarray(item["encoding"], dtype=np.float64)
                if enc.shape != (128,) or not np.all(np.isfinite(enc)) or not box.is_valid() or not box.inside(photo.size):
                    return None
                found.append(Face(box, enc))
            return found
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            # Unreadable or corrupt: detect again and overwrite it.
            return None

    def _write(self, photo: LoadedPhoto, upsample: int, found: list[Face]) -> None:
        path = self.path_for(photo.sha256, upsample)
        if path is None:
            return
        payload = {
            "version": DETECTOR_VERSION,
            "sha256": photo.sha256,
            "upsample": int(upsample),
            "size": list(photo.size),
            "faces": [
                {"box": list(f.box.as_ltrb()), "encoding": [float(x) for x in f.encoding]}
                for f in found
                if all(math.isfinite(float(x)) for x in f.encoding)
            ],
        }
        _write_json(path, payload)


def _box(values: Any, size: tuple[int, int]) -> Box:
    box = Box(*(int(v) for v in values))
    if not box.is_valid() or not box.inside(size):
        raise ValueError("cached box outside the photo")
    return box


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    tmp_name = None
    try:
        # Encodings are biometric data about a child, and text read in a photo can name a
        # placement: keep the folder private to this user (mkstemp makes the file 0600).
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError:
        # A cache that cannot be written only costs time, never correctness.
        pass
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
