"""Errors of the social exporter: they live in posters.errors with every other error class."""
from __future__ import annotations

from ..errors import PresetError, SocialError

__all__ = ["PresetError", "SocialError"]
