"""Presets as data: the built-in sizes, user presets, and strict validation naming the file and key."""
from __future__ import annotations

from pathlib import Path

import pytest

from posters.social import PresetError, load_presets

BUILT_IN = {
    "instagram-square": (1080, 1080, 2200),
    "instagram-portrait": (1080, 1350, 2200),
    "story": (1080, 1920, 2200),
    "facebook-link": (1200, 630, 500),
    "x-post": (1600, 900, 280),
}


def test_built_in_presets_have_the_platform_sizes_and_limits() -> None:
    presets = load_presets()
    assert {name: (p.width, p.height, p.caption_limit) for name, p in presets.items()} == BUILT_IN
    assert (presets["story"].safe_top, presets["story"].safe_bottom) == (250, 250)
    assert all(p.format in ("jpeg", "png") for p in presets.values())


def test_a_user_file_adds_presets_and_overrides_by_name(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\npresets:\n"
                     "  bluesky:\n    size: [1200, 675]\n    format: png\n    layout: landscape\n    caption_limit: 300\n"
                     "  x-post:\n    size: [1600, 900]\n    format: png\n    layout: landscape\n    caption_limit: 280\n")
    presets = load_presets(extra)
    assert presets["bluesky"].size == (1200, 675) and presets["bluesky"].alt_text_limit == 1000
    assert presets["x-post"].format == "png"
    assert "story" in presets


GOOD = {"size": "[1080, 1080]", "format": "jpeg", "layout": "square", "caption_limit": "500"}


@pytest.mark.parametrize("change, message", [
    ({"size": "[1080]"}, r"presets\.p\.size: expected \[width, height\]"),             # one number
    ({"size": "[1080.5, 1080]"}, r"presets\.p\.size: expected \[width, height\]"),     # not whole pixels
    ({"size": "[50000, 1080]"}, r"presets\.p\.size: .*200-4096"),                      # absurdly large
    ({"format": "gif"}, r"presets\.p\.format: expected one of jpeg, png"),             # unsupported format
    ({"layout": "poster"}, r"presets\.p\.layout: unknown layout 'poster'"),            # no such template
    ({"caption_limit": "20"}, r"presets\.p\.caption_limit: .*at least 120"),           # cannot hold the hotline
    ({"caption_limit": "true"}, r"presets\.p\.caption_limit"),                         # a bool is not a number
    ({"colour": "red"}, r"presets\.p: unknown key 'colour'"),                          # typo or unknown setting
    ({"layout": None}, r"presets\.p: missing key 'layout'"),                           # required key absent
    ({"safe_zone": "{top: 900, bottom: 900}"}, r"presets\.p\.safe_zone: .*half the height"),
])
def test_bad_preset_settings_are_refused_naming_file_and_key(tmp_path: Path, change: dict, message: str) -> None:
    spec = {**GOOD, **change}
    body = "".join(f"    {k}: {v}\n" for k, v in spec.items() if v is not None)
    path = tmp_path / "bad.yaml"
    path.write_text(f"version: 1\npresets:\n  p:\n{body}")
    with pytest.raises(PresetError, match=message) as info:
        load_presets(path)
    assert str(path) in info.value.message


@pytest.mark.parametrize("text, message", [
    ("presets: {}\n", r"expected a mapping with 'version: 1'"),      # no version
    ("version: 1\npresets: []\n", r"'presets' must map"),              # wrong shape
    ("version: 1\npresets: {Bad Name: {}}\n", r"lowercase letters"),   # name with spaces
    ("version: [1\n", r"not valid YAML"),                              # syntax error
])
def test_bad_presets_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(PresetError, match=message):
        load_presets(path)


def test_a_missing_presets_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PresetError, match=r"nothere\.yaml: cannot be read"):
        load_presets(tmp_path / "nothere.yaml")
