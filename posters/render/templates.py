"""Where templates live and what each one's settings say."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import TemplateError, first_problem


def templates_root() -> Path:
    """The templates folder: inside the installed package, else the source tree's top level."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "_shared").is_dir():
            return candidate
    raise TemplateError("the templates folder is missing from this installation; reinstall posters")


@dataclass(frozen=True)
class TemplateSettings:
    """A poster template's settings (template.yaml beside its HTML)."""

    name: str
    folder: Path
    min_children: int
    max_children: int
    photo_box_in: tuple[float, float]
    circumstances_budgets: tuple[int, ...]
    photo_aspects: dict[int, float]
    fill_growth: float = 1.25  # see TemplateFile

    def photo_aspect(self, children: int) -> float:
        """Width / height of the photo box, for a poster with this many children."""
        return self.photo_aspects.get(children, self.photo_box_in[0] / self.photo_box_in[1])


class _Children(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min: int = Field(ge=1, le=4)
    max: int = Field(ge=1, le=4)


class TemplateFile(BaseModel):
    """A poster template's template.yaml (JSON Schema: `posters schema template`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    children: _Children
    photo_box_in: tuple[Annotated[float, Field(gt=0, le=20)], Annotated[float, Field(gt=0, le=20)]]
    circumstances_budgets: list[Annotated[int, Field(gt=0)]] = Field(min_length=1)
    photo_aspects: dict[int, Annotated[float, Field(gt=0)]] = {}
    # How the used height grows with the type and photo scale (height ~ scale ** fill_growth),
    # measured on the samples: the fit loop's first guess (posters/render/fill.py).
    fill_growth: Annotated[float, Field(gt=0.2, le=4)] = 1.25


@lru_cache(maxsize=None)
def template_settings(name: str) -> TemplateSettings:
    """Read a poster template's settings; raises TemplateError when unknown or broken."""
    root = templates_root()
    folder = root / name
    if name.startswith(("_", ".")) or "/" in name or not (folder / "template.yaml").is_file():
        known = ", ".join(poster_template_names()) or "none"
        raise TemplateError(f"unknown template {name!r}; expected one of: {known}")
    try:
        data = TemplateFile.model_validate(yaml.safe_load((folder / "template.yaml").read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise TemplateError(f"template {name!r} has a bad setting in template.yaml: {first_problem(exc)}") from None
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"template {name!r} has unreadable settings (template.yaml): {exc}") from None
    return TemplateSettings(
        name=name, folder=folder, min_children=data.children.min, max_children=data.children.max,
        photo_box_in=data.photo_box_in, circumstances_budgets=tuple(data.circumstances_budgets),
        photo_aspects=dict(data.photo_aspects), fill_growth=data.fill_growth)


def poster_template_names() -> list[str]:
    """Names of the poster templates that ship (folders with a template.yaml)."""
    root = templates_root()
    return sorted(p.parent.name for p in root.glob("*/template.yaml") if not p.parent.name.startswith("_"))
