"""Redaction: turn a case into a public release without leaking what is confidential.

This package never imports ``posters``; it works on the case as plain data.
"""
from __future__ import annotations

from .errors import ImageFormatError, ImageMetadataError, LexiconError, PolicyError, RedactionError
from .image_verify import verify_clean
from .images import clean_image
from .normalize import Normalized, analyze, normalize
from .policy import FieldRule, Policy, load_policy
from .redact import redact
from .overrides import Override, Overrides
from .release import Decision, Emptied, Release
from .scanner import Hit, Scanner, build_scanner, mask

__all__ = [
    "Decision", "Emptied", "FieldRule", "Hit", "ImageFormatError", "ImageMetadataError", "LexiconError",
    "Override", "Overrides",
    "Normalized", "Policy", "PolicyError", "RedactionError", "Release", "Scanner",
    "analyze", "build_scanner", "clean_image", "load_policy", "mask", "normalize", "redact",
    "verify_clean",
]
