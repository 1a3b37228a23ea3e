"""Social-media presets: platform sizes, formats, caption limits and card layouts, read from YAML."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import PresetError

BUILTIN_PRESETS = Path(__file__).resolve().parent.parent / "data" / "presets.yaml"
FORMATS = ("jpeg", "png")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_KEYS = {"size", "format", "layout", "caption_limit", "alt_text_limit", "safe_zone"}
_REQUIRED = {"size", "format", "layout", "caption_limit"}
MIN_SIDE, MAX_SIDE = 200, 4096
# The shortest caption that still says who is missing and gives the hotline.
MIN_CAPTION = 120
DEFAULT_ALT_LIMIT = 1000


@dataclass(frozen=True)
class Preset:
    """One platform size: exact pixels, file format, card layout and text limits."""

    name: str
    width: int
    height: int
    format: str
    layout: str
    caption_limit: int
    alt_text_limit: int = DEFAULT_ALT_LIMIT
    safe_top: int = 0
    safe_bottom: int = 0

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels; never raises."""
        return (self.width, self.height)

    @property
    def extension(self) -> str:
        """File extension for the format; never raises."""
        return ".jpg" if self.format == "jpeg" else ".png"


def load_presets(extra: Path | None = None) -> dict[str, Preset]:
    """The built-in presets, plus (and overridden by) those in `extra`; raises PresetError naming the file and key."""
    presets = _read(BUILTIN_PRESETS)
    if extra is not None:
        presets.update(_read(Path(extra)))
    return presets


def select_presets(available: dict[str, Preset], names: Any) -> list[Preset]:
    """The named presets in the given order (all when `names` is None); raises PresetError for an unknown name."""
    if names is None:
        return list(available.values())
    chosen: list[Preset] = []
    for name in names:
        if name not in available:
            raise PresetError(f"unknown preset {name!r}; expected one of: {', '.join(available)}")
        if available[name] not in chosen:
            chosen.append(available[name])
    if not chosen:
        raise PresetError("no preset chosen; name at least one, or none for all")
    return chosen


def _read(path: Path) -> dict[str, Preset]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PresetError(f"{path}: cannot be read ({exc.strerror or exc}); check the path") from None
    except yaml.YAMLError as exc:
        raise PresetError(f"{path}: not valid YAML ({_first_line(exc)})") from None
    if not isinstance(data, dict) or set(data) - {"version", "presets"} or data.get("version") != 1:
        raise PresetError(f"{path}: expected a mapping with 'version: 1' and 'presets:' (and nothing else)")
    raw = data.get("presets")
    if not isinstance(raw, dict) or not raw:
        raise PresetError(f"{path}: 'presets' must map preset names to their settings")
    return {str(name): _preset(path, name, spec) for name, spec in raw.items()}


def _preset(path: Path, name: Any, spec: Any) -> Preset:
    where = f"{path}: presets.{name}"
    if not isinstance(name, str) or not _NAME.match(name):
        raise PresetError(f"{where}: a preset name is lowercase letters, digits and dashes (at most 40)")
    if not isinstance(spec, dict):
        raise PresetError(f"{where}: expected a mapping of settings")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise PresetError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_KEYS))}")
    missing = sorted(_REQUIRED - set(spec))
    if missing:
        raise PresetError(f"{where}: missing key {missing[0]!r}")
    size = spec["size"]
    if (not isinstance(size, list) or len(size) != 2 or not all(_is_int(v) for v in size)
            or not all(MIN_SIDE <= v <= MAX_SIDE for v in size)):
        raise PresetError(f"{where}.size: expected [width, height] in whole pixels, each {MIN_SIDE}-{MAX_SIDE}")
    if spec["format"] not in FORMATS:
        raise PresetError(f"{where}.format: expected one of {', '.join(FORMATS)}, not {spec['format']!r}")
    layout = spec["layout"]
    from .layouts import layout_names

    if layout not in layout_names():
        raise PresetError(f"{where}.layout: unknown layout {layout!r}; expected one of: {', '.join(layout_names())}")
    limits: dict[str, int] = {}
    for key, default in (("caption_limit", None), ("alt_text_limit", DEFAULT_ALT_LIMIT)):
        value = spec.get(key, default)
        if not isinstance(value, int) or not _is_int(value) or value < MIN_CAPTION:
            raise PresetError(f"{where}.{key}: expected a whole number of characters, at least {MIN_CAPTION}")
        limits[key] = value
    safe = spec.get("safe_zone") or {}
    if not isinstance(safe, dict) or set(safe) - {"top", "bottom"} or not all(_is_int(v) and v >= 0 for v in safe.values()):
        raise PresetError(f"{where}.safe_zone: expected {{top: PIXELS, bottom: PIXELS}}")
    top, bottom = safe.get("top", 0), safe.get("bottom", 0)
    if top + bottom > size[1] // 2:
        raise PresetError(f"{where}.safe_zone: top and bottom together may take at most half the height")
    return Preset(name=name, width=size[0], height=size[1], format=spec["format"], layout=layout,
                  caption_limit=limits["caption_limit"], alt_text_limit=limits["alt_text_limit"],
                  safe_top=top, safe_bottom=bottom)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
