"""Errors of the social exporter (render failures use posters.render.poster.RenderError)."""
from __future__ import annotations

from ..errors import PostersError


class SocialError(PostersError):
    """A social image, caption or alt text cannot be made as asked."""


class PresetError(SocialError):
    """A presets file is unreadable or holds a bad setting (the message names the file and key)."""
