"""Previews for case managers and reviewers: watermarked posters, no approval needed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .case import load_case
from .output import staged_output
from .public import PublicRelease, build_public_release


@dataclass(frozen=True)
class PosterFile:
    """A poster file written to disk."""

    path: Path
    kind: str  # "pdf" | "png"
    paper: str
    lang: str
    template: str


def poster_files(public: PublicRelease, folder: Path, *, langs: Sequence[str], papers: Sequence[str],
                 template: str | None, watermark: bool, today: dt.date | None = None,
                 dpi: int = 300) -> list[PosterFile]:
    """Render posters (PDF and a PNG of each page) into `folder`; raises RenderError."""
    from .render.poster import render_poster
    from .render.raster import pdf_to_pngs

    out: list[PosterFile] = []
    suffix = "-DRAFT" if watermark else ""
    for lang in langs:
        for paper in papers:
            poster = render_poster(public, lang=lang, paper=paper, template=template, watermark=watermark, today=today)
            stem = f"poster-{paper}-{lang}{suffix}"
            pdf_path = folder / f"{stem}.pdf"
            pdf_path.write_bytes(poster.pdf)
            out.append(PosterFile(pdf_path, "pdf", paper, lang, poster.template))
            for n, png in enumerate(pdf_to_pngs(poster.pdf, dpi=dpi), start=1):
                png_path = folder / (f"{stem}.png" if n == 1 else f"{stem}-p{n}.png")
                png_path.write_bytes(png)
                out.append(PosterFile(png_path, "png", paper, lang, poster.template))
    return out


def render_previews(case_path: str | Path, out: str | Path, *, langs: Sequence[str] | None = None,
                    papers: Sequence[str] = ("letter",), template: str | None = None) -> list[Path]:
    """Write watermarked preview posters for a case into `out`; returns the written paths."""
    case = load_case(case_path)
    public = build_public_release(case)
    langs = list(langs or [public.language])
    with staged_output(Path(out)) as stage:
        files = poster_files(public, stage, langs=langs, papers=papers, template=template, watermark=True)
        names = [f.path.name for f in files]
    return [Path(out) / n for n in names]
