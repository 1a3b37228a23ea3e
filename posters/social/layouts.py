"""Card layouts: templates/social/<layout>.html and its settings in templates/social/layouts.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import SocialError
from ..render.templates import templates_root


@dataclass(frozen=True)
class Layout:
    """A card design: its photo box shape (width / height) by the number of children."""

    name: str
    photo_aspects: dict[int, float]
    max_children: int

    def photo_aspect(self, children: int) -> float:
        """Width / height of each child's photo box; raises SocialError beyond max_children."""
        if children not in self.photo_aspects:
            raise SocialError(f"the {self.name} card shows 1-{self.max_children} children; this case has {children}")
        return self.photo_aspects[children]


def social_root() -> Path:
    """The folder of the social card templates; never raises."""
    return templates_root() / "social"


@lru_cache(maxsize=1)
def _settings() -> dict[str, Layout]:
    path = social_root() / "layouts.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out = {}
        for name, spec in data["layouts"].items():
            aspects = {int(k): float(v) for k, v in spec["photo_aspects"].items()}
            if not (social_root() / f"{name}.html").is_file() or not all(a > 0 for a in aspects.values()):
                raise ValueError(f"layout {name!r} has no {name}.html or a bad photo aspect")
            out[str(name)] = Layout(str(name), aspects, max(aspects))
        return out
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SocialError(f"{path}: the card layouts cannot be read ({exc}); reinstall posters") from None


def layout_names() -> list[str]:
    """Names of the card layouts that ship; raises SocialError when their settings are broken."""
    return list(_settings())


def layout(name: str) -> Layout:
    """One layout's settings; raises SocialError for an unknown layout."""
    try:
        return _settings()[name]
    except KeyError:
        raise SocialError(f"unknown card layout {name!r}; expected one of: {', '.join(_settings())}") from None
