"""Write social images, their captions and alt text, and social-index.json into a folder."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from posters.render.i18n import LANGUAGES

from ..errors import SocialError
from ..public import PublicRelease
from .captions import alt_text_for, caption_for
from .presets import Preset, load_presets, select_presets

JPEG_QUALITY = 92
PNG_COMPRESS_LEVEL = 6
INDEX_NAME = "social-index.json"


@dataclass(frozen=True)
class SocialFile:
    """One social image written to disk, with its caption and alt text."""

    path: Path
    preset: str
    lang: str
    size: tuple[int, int]
    caption: str
    alt_text: str
    caption_path: Path
    sha256: str = ""
    seconds: float = field(default=0.0, compare=False)  # time to render, encode and write this image


def export_social(public: PublicRelease, folder: Path, *, presets: Sequence[str] | None = None,
                  langs: Sequence[str], watermark: bool, today: dt.date | None = None,
                  extra_presets: Path | None = None,
                  each: Callable[[str, str], None] | None = None) -> list[SocialFile]:
    """Render every preset in every language into `folder`; raises SocialError, PresetError, RenderError, RedactionError.

    `each(preset, lang)` is called when a card and its caption are written.
    """
    from .card import render_card
    from .photos import CardPhotos

    chosen = select_presets(load_presets(extra_presets), presets)
    langs = list(dict.fromkeys(langs))
    bad = [lang for lang in langs if lang not in LANGUAGES]
    if bad or not langs:
        raise SocialError(f"unknown language {bad[0] if bad else '(none)'!r}; expected one or more of: {', '.join(LANGUAGES)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    today = today or dt.date.today()
    photos = CardPhotos(public)  # each photo decoded once for all presets and languages
    out: list[SocialFile] = []
    for preset in chosen:
        for lang in langs:
            start = time.perf_counter()
            card = render_card(public, preset, lang, photos=photos, watermark=watermark, today=today)
            stem = f"{preset.name}-{lang}{'-DRAFT' if watermark else ''}"
            path = folder / f"{stem}{preset.extension}"
            digest = _write_image(card.image, path, preset)
            caption = caption_for(public, preset, lang, today=today)
            alt_text = alt_text_for(public, preset, lang, today=today)
            caption_path = folder / f"{stem}.txt"
            caption_path.write_text(f"{caption}\n\nAlt text: {alt_text}\n", encoding="utf-8")
            out.append(SocialFile(path=path, preset=preset.name, lang=lang, size=preset.size, caption=caption,
                                  alt_text=alt_text, caption_path=caption_path, sha256=digest,
                                  seconds=time.perf_counter() - start))
            if each is not None:
                each(preset.name, lang)
    _write_index(folder, public, out, watermark)
    return out


def _write_image(image: object, path: Path, preset: Preset) -> str:
    """Encode pixels only (no EXIF, ICC, comments or text chunks), write, and verify by re-reading."""
    from PIL import Image

    import redaction

    pixels = Image.frombytes("RGB", image.size, image.tobytes())  # type: ignore[attr-defined]
    buf = io.BytesIO()
    if preset.format == "jpeg":
        # 4:4:4 chroma keeps red text on white crisp.
        pixels.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, subsampling=0)
    else:
        pixels.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    data = buf.getvalue()
    path.write_bytes(data)
    redaction.verify_clean(path)
    return hashlib.sha256(data).hexdigest()


def _write_index(folder: Path, public: PublicRelease, files: list[SocialFile], watermark: bool) -> None:
    index = {
        "release_hash": public.release_hash,
        "draft": watermark,
        "files": [{"file": f.path.name, "preset": f.preset, "lang": f.lang, "size": list(f.size),
                   "caption": f.caption, "alt_text": f.alt_text, "caption_file": f.caption_path.name,
                   "sha256": f.sha256} for f in files],
    }
    (folder / INDEX_NAME).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
