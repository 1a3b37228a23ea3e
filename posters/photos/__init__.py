"""Photos and faces: safe loading, face detection, identifying the child, covering bystanders, crops, fitness.

Nothing here imports face_recognition at import time; it loads on the first detection.
"""
from __future__ import annotations

from posters.photos.boxes import Box
from posters.photos.cache import FaceCache, default_cache_dir
from posters.photos.cover import COVER_FILL, COVER_MARGIN, cover_bystanders, uncovered_faces
from posters.photos.crop import face_crop
from posters.photos.faces import Face, detect_faces, detect_in_image, face_distance, face_encoding, face_encodings
from posters.photos.fitness import Finding, assess, face_sharpness
from posters.photos.identify import ChildFaces, locate_child, reference_encoding
from posters.photos.loader import LoadedPhoto, load_photo

__all__ = [
    "Box",
    "COVER_FILL",
    "COVER_MARGIN",
    "ChildFaces",
    "Face",
    "FaceCache",
    "Finding",
    "LoadedPhoto",
    "assess",
    "cover_bystanders",
    "default_cache_dir",
    "detect_faces",
    "detect_in_image",
    "face_crop",
    "face_distance",
    "face_encoding",
    "face_encodings",
    "face_sharpness",
    "load_photo",
    "locate_child",
    "reference_encoding",
    "uncovered_faces",
]
