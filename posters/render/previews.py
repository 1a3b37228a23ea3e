"""Previews for case managers and reviewers: watermarked posters, no approval needed."""
from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from posters.case import load_case
from posters.public import PublicRelease, build_public_release
from posters.release.staging import staged_output


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
                 dpi: int = 300, each: Callable[[str, str], None] | None = None) -> list[PosterFile]:
    """Render posters (PDF and a PNG of each page) into `folder`; raises RenderError.

    `each(lang, paper)` is called when a poster is laid out and rasterized (its PNGs may still be encoding).
    """
    from posters.render.poster import render_poster
    from posters.render.raster import encode_png, pdf_to_images
    from posters.timing import stage

    out: list[PosterFile] = []
    encoding: list[tuple[Path, Future]] = []
    suffix = "-DRAFT" if watermark else ""
    for lang in langs:
        for paper in papers:
            poster = render_poster(public, lang=lang, paper=paper, template=template, watermark=watermark, today=today)
            stem = f"poster-{paper}-{lang}{suffix}"
            pdf_path = folder / f"{stem}.pdf"
            pdf_path.write_bytes(poster.pdf)
            out.append(PosterFile(pdf_path, "pdf", paper, lang, poster.template))
            with stage("rasterize"):
                images = pdf_to_images(poster.pdf, dpi=dpi)
            for n, image in enumerate(images, start=1):
                png_path = folder / (f"{stem}.png" if n == 1 else f"{stem}-p{n}.png")
                # zlib releases the GIL: the PNG encodes while the next poster is laid out.
                encoding.append((png_path, _png_pool().submit(encode_png, image, dpi)))
                out.append(PosterFile(png_path, "png", paper, lang, poster.template))
            if each is not None:
                each(lang, paper)
    with stage("png encode (wait)"):
        for png_path, future in encoding:
            png_path.write_bytes(future.result())
    return out


_POOL: ThreadPoolExecutor | None = None


def _png_pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="png")
    return _POOL


def _forget_pool_after_fork() -> None:
    # A forked child has the pool object but none of its threads: work sent to it would wait forever.
    global _POOL
    _POOL = None


os.register_at_fork(after_in_child=_forget_pool_after_fork)


def render_previews(case_path: str | Path, out: str | Path, *, langs: Sequence[str] | None = None,
                    papers: Sequence[str] = ("letter",), template: str | None = None) -> list[Path]:
    """Write watermarked preview posters for a case into `out`; returns the written paths."""
    from .i18n import check_languages
    from .poster import check_papers

    if langs:
        check_languages(langs)
    check_papers(papers)
    case = load_case(case_path)
    public = build_public_release(case)
    langs = check_languages(langs or [public.language])
    with staged_output(Path(out)) as stage:
        files = poster_files(public, stage, langs=langs, papers=papers, template=template, watermark=True)
        names = [f.path.name for f in files]
    return [Path(out) / n for n in names]
