"""Cache of detected faces and encodings per photo hash: in memory and as JSON files."""
from __future__ import annotations

import json
import math
import os
import tempfile
import threading
from pathlib import Path

from posters.photos import faces as _faces
from posters.photos.boxes import Box
from posters.photos.faces import DETECTOR_VERSION, Face
from posters.photos.loader import LoadedPhoto

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
        self._memory: dict[tuple[str, int], list[Face]] = {}
        self._lock = threading.Lock()
        self.detections = 0  # how many times detection actually ran (tests and timings read it)

    @classmethod
    def default(cls) -> FaceCache:
        """A cache in the default directory; never raises."""
        return cls(default_cache_dir())

    def faces(self, photo: LoadedPhoto, upsample: int) -> list[Face]:
        """Faces at this upsample level, from cache or freshly detected; raises PostersError if detection is unavailable."""
        key = (photo.sha256, int(upsample))
        with self._lock:
            hit = self._memory.get(key)
        if hit is not None:
            return list(hit)
        found = self._read(photo, upsample)
        if found is None:
            boxes = _faces.detect_faces(photo, upsample=upsample)
            encodings = _faces.face_encodings(photo, boxes)
            found = [Face(b, e) for b, e in zip(boxes, encodings)]
            self.detections += 1
            self._write(photo, upsample, found)
        with self._lock:
            self._memory[key] = found
        return list(found)

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
        tmp_name = None
        try:
            # Encodings are biometric data about a child: keep the folder private to this user.
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
