"""`posters social`: watermarked social previews for case managers and reviewers, all or nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from posters.release.staging import staged_output

from ..case import load_case
from ..public import build_public_release
from .export import export_social


def social_previews(case_path: str | Path, out: str | Path, *, presets: Sequence[str] | None = None,
                    langs: Sequence[str] | None = None, extra_presets: Path | None = None) -> list[Path]:
    """Write watermarked social images, captions and the index for a case into `out`; returns the written paths."""
    case = load_case(case_path)
    public = build_public_release(case)
    langs = list(langs or [public.language])
    with staged_output(Path(out)) as stage:
        files = export_social(public, stage, presets=presets, langs=langs, watermark=True,
                              extra_presets=extra_presets)
        names = [n for f in files for n in (f.path.name, f.caption_path.name)] + ["social-index.json"]
    return [Path(out) / n for n in names]
