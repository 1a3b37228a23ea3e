"""Social-media exports: a designed card per platform size, with captions and alt text, from the public release.

Heavy libraries (WeasyPrint, pypdfium2) load when the first card is rendered.
"""
from __future__ import annotations

from ..errors import PresetError, SocialError
from .captions import alt_text_for, caption_for
from .export import INDEX_NAME, SocialFile, export_social
from .presets import Preset, load_presets

__all__ = [
    "INDEX_NAME",
    "Preset",
    "PresetError",
    "SocialError",
    "SocialFile",
    "alt_text_for",
    "caption_for",
    "export_social",
    "load_presets",
]
