"""Photos, faces and text: safe loading, two face detectors, OCR, identifying the child, covering
bystanders and text, the reviewer's annotated photos, crops, fitness.

Nothing here imports face_recognition, onnxruntime or RapidOCR at import time; each loads on first use.
"""
from __future__ import annotations

from posters.photos.boxes import Box
from posters.photos.cache import FaceCache, default_cache_dir
from posters.photos.annotate import ReviewPhoto, review_photos
from posters.photos.cover import COVER_FILL, COVER_MARGIN, cover_bystanders, uncovered_faces
from posters.photos.crop import face_crop
from posters.photos.detectors import Detection, detect_centerface
from posters.photos.faces import Face, detect_faces, detect_in_image, face_distance, face_encoding, face_encodings
from posters.photos.fitness import Finding, assess, face_sharpness
from posters.photos.identify import ChildFaces, locate_child, reference_encoding
from posters.photos.findings import PhotoDecisions, PhotoFinding, ReviewerCover, photo_decisions_from
from posters.photos.loader import LoadedPhoto, load_photo
from posters.photos.ocr import TextRegion, read_text

__all__ = [
    "Box",
    "COVER_FILL",
    "COVER_MARGIN",
    "ChildFaces",
    "Detection",
    "PhotoDecisions",
    "PhotoFinding",
    "ReviewPhoto",
    "ReviewerCover",
    "TextRegion",
    "Face",
    "FaceCache",
    "Finding",
    "LoadedPhoto",
    "assess",
    "cover_bystanders",
    "default_cache_dir",
    "detect_centerface",
    "detect_faces",
    "detect_in_image",
    "face_crop",
    "face_distance",
    "face_encoding",
    "face_encodings",
    "face_sharpness",
    "load_photo",
    "locate_child",
    "photo_decisions_from",
    "read_text",
    "reference_encoding",
    "review_photos",
    "uncovered_faces",
]
