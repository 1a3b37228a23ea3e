"""Poster files print at their size: exact pixels per paper, the dpi stored, the watermark inside the page."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from posters.render.paper import PAPERS
from posters.render.raster import encode_png, pdf_to_images
from tests.pdfutil import pdf_pages


@pytest.mark.parametrize("paper,pixels,points", [
    ("letter", (2550, 3300), (612.0, 792.0)),
    ("a4", (2480, 3508), (595.3, 841.9)),
    ("tabloid", (3300, 5100), (792.0, 1224.0)),
])
def test_png_is_paper_size_times_dpi_with_the_dpi_stored(poster_of, paper, pixels, points):
    poster = poster_of("01-standard", paper=paper)
    assert pdf_pages(poster.pdf) == [points]
    [image] = pdf_to_images(poster.pdf, dpi=300)
    assert image.size == pixels == PAPERS[paper].pixels(300)
    with Image.open(io.BytesIO(encode_png(image, 300))) as png:
        assert png.size == pixels
        assert tuple(round(d) for d in png.info["dpi"]) == (300, 300)


@pytest.mark.parametrize("paper", ["letter", "a4", "tabloid"])
def test_draft_watermark_lies_inside_the_page(poster_of, paper):
    [marked] = pdf_to_images(poster_of("01-standard", paper=paper).pdf, dpi=40)
    [clean] = pdf_to_images(poster_of("01-standard", paper=paper, watermark=False).pdf, dpi=40)
    diff = np.abs(np.asarray(marked, dtype=np.int16) - np.asarray(clean, dtype=np.int16)).max(axis=2) > 24
    rows, cols = np.nonzero(diff)
    assert rows.size, "no watermark drawn"
    h, w = diff.shape
    margin = 0.1 * 40  # a tenth of an inch at 40 dpi
    assert rows.min() >= margin and cols.min() >= margin
    assert rows.max() <= h - margin and cols.max() <= w - margin
    # ...and it is a real band across the page, not a stamp in a corner.
    assert cols.max() - cols.min() > 0.7 * w and rows.max() - rows.min() > 0.6 * h



@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_page_pixels_are_pdfiums_own_render_cut_to_size(poster_of, paper):
    # The page is rendered as RGB and cut to size inside pdfium (fewer copies of the 25 MB
    # image): the pixels must be exactly those of pdfium's default render, its extra row or
    # column of margin cut off.
    import pypdfium2 as pdfium

    pdf = poster_of("01-standard", paper=paper).pdf
    [image] = pdf_to_images(pdf, dpi=300)
    doc = pdfium.PdfDocument(pdf)
    reference = doc[0].render(scale=300 / 72, may_draw_forms=False).to_pil().convert("RGB")
    doc.close()
    assert reference.size >= image.size
    assert np.array_equal(np.asarray(reference.crop((0, 0, *image.size))), np.asarray(image))
