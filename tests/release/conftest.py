"""Fixtures for the release workflow: a sample case copied into tmp_path, a fast social exporter."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import posters.release.publishing as publish_module

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
REVIEWER = "M. Okonkwo"


def stub_export_social(public, folder, *, langs, today, each=None):
    """Stands in for posters.social.export_social (same outputs, tiny images) so most tests stay fast."""
    from PIL import Image

    from posters.render.i18n import messages

    out, index = [], []
    child = public.children()[0]
    for lang in langs:
        name = " ".join(x for x in (child.get("first_name"), child.get("last_name")) if x)
        caption = f"MISSING: {name}. {child.get('clothing') or ''} {messages(lang).gettext('National Center for Missing & Exploited Children')}"
        alt = f"Photo of {name}"
        image = folder / f"square-{lang}.png"
        Image.new("RGB", (64, 64), (200, 30, 30)).save(image, "PNG")
        caption_path = folder / f"square-{lang}.txt"
        caption_path.write_text(caption, encoding="utf-8")
        out.append(SimpleNamespace(path=image, preset="square", lang=lang, size=(64, 64), caption=caption,
                                   alt_text=alt, caption_path=caption_path))
        if each is not None:
            each("square", lang)
        index.append({"file": image.name, "preset": "square", "lang": lang, "alt_text": alt})
    (folder / "social-index.json").write_text(json.dumps(index), encoding="utf-8")
    return out


@pytest.fixture(autouse=True)
def fast_social(request, monkeypatch):
    """The stub exporter, unless the test asks for the real one (fixture `real_social`)."""
    if "real_social" not in request.fixturenames:
        monkeypatch.setattr(publish_module, "_export_social", stub_export_social)


@pytest.fixture
def real_social():
    """Asks for the real posters.social exporter instead of the stub (a broken import fails the test)."""


@pytest.fixture
def case_dir(sample_copy):
    """A sample case folder copied into tmp_path: returns the folder."""
    def make(name: str = "01-standard") -> Path:
        return sample_copy(name).parent
    return make


def edit_case(folder: Path, old: str, new: str) -> None:
    """Replace one exact piece of the case file's text (it must be there)."""
    path = folder / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (an absent folder lists as None)."""
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
