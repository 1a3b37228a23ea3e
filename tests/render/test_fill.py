"""Posters use their page: the type and photo grow into the room there is, never past one page."""
from __future__ import annotations

import numpy as np
import pytest

from posters.render.fill import BLANK_TARGET, FILL_MAX, FILL_MIN, blank_foot, content_bottom, cramped_type, fit_scale
from posters.render.poster import forget_fit_choices, render_poster
from posters.render.raster import pdf_to_images
from tests.conftest import SAMPLES
from tests.pdfutil import pdf_pages, pdf_text
from tests.render.conftest import TODAY
from tests.render.test_fit import case_with, flat

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "case.yaml").is_file())
PAGE_PT = {"letter": (612.0, 792.0), "a4": (595.3, 841.9), "tabloid": (792.0, 1224.0)}


def ink_blank_foot(pdf: bytes, dpi: int = 30) -> float:
    """The blank at the foot of the printed page, measured on its pixels: rows below the lowest ink."""
    [image] = pdf_to_images(pdf, dpi=dpi)
    ink = (np.asarray(image.convert("L")) < 200).any(axis=1)
    lowest = int(np.nonzero(ink)[0].max()) + 1
    return (len(ink) - lowest) / len(ink)


@pytest.mark.parametrize("paper", ["letter", "a4", "tabloid"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_every_sample_uses_its_page(poster_of, sample, lang, paper):
    poster = poster_of(sample, lang=lang, paper=paper, watermark=False)
    assert pdf_pages(poster.pdf) == [PAGE_PT[paper]]
    assert poster.blank_foot <= BLANK_TARGET, f"{poster.blank_foot:.1%} of the page is blank at the foot"
    # The same on the printed pixels (the measure on WeasyPrint's boxes is what the fit loop uses).
    printed = ink_blank_foot(poster.pdf)
    assert printed <= BLANK_TARGET + 0.005
    assert abs(printed - poster.blank_foot) < 0.01


@pytest.mark.parametrize("paper,lang", [("letter", "es"), ("a4", "en"), ("tabloid", "en"), ("tabloid", "es")])
def test_long_text_and_long_name_on_every_paper_still_fit(tmp_path, paper, lang):
    long_text = " ".join(f"Sentence number {i} describes where she was seen near the river trail." for i in range(7))
    public = case_with(tmp_path, "06-family-abduction", {
        "first_name: Maya": "first_name: Maximiliana-Alexandrina Bartholomea Wolfeschlegelsteinhausen",
        "      Maya was last seen": f"      {long_text} Maya was last seen",
        "      Maya fue vista": f"      {long_text} Maya fue vista"})
    poster = render_poster(public, lang=lang, paper=paper, today=TODAY, watermark=False)
    assert pdf_pages(poster.pdf) == [PAGE_PT[paper]]
    text = flat(pdf_text(poster.pdf))
    assert "MAXIMILIANA-" in text and ("ABDUCTOR" if lang == "en" else "SECUESTRADOR") in text
    # The whole text at a tighter scale rather than a shortened one.
    assert "Sentence number 6 describes" in text
    assert ("out of the state" if lang == "en" else "fuera del estado") in text
    assert poster.blank_foot <= BLANK_TARGET


def test_a_name_is_set_smaller_rather_than_cut_mid_word(tmp_path):
    # At the design size WOLFESCHLEGELSTEIN is wider than the column beside the photo.
    public = case_with(tmp_path, "01-standard", {"last_name: Sample": "last_name: Wolfeschlegelstein"})
    for paper in ("letter", "tabloid"):
        poster = render_poster(public, paper=paper, today=TODAY, watermark=False)
        assert "WOLFESCHLEGELSTEIN" in flat(pdf_text(poster.pdf)).split()
        assert poster.blank_foot <= BLANK_TARGET


def test_a_poster_rendered_again_is_laid_out_once_and_comes_out_the_same(release_of):
    forget_fit_choices()
    public = release_of("05-confidential")
    first = render_poster(public, paper="tabloid", today=TODAY, watermark=False)
    again = render_poster(public, paper="tabloid", today=TODAY, watermark=True)
    assert first.layouts > 1 and again.layouts == 1
    assert again.blank_foot == first.blank_foot
    # The same layout: the pages differ only by the watermark, which is not part of the flow.
    assert ink_blank_foot(first.pdf) == ink_blank_foot(render_poster(public, paper="tabloid", today=TODAY,
                                                                     watermark=False).pdf)


def _page(html: str):
    from weasyprint import HTML

    return HTML(string=html).render()


def test_blank_foot_is_measured_below_the_lowest_line_image_or_frame():
    style = "<style>@page { size: 4in 10in; margin: 0.5in } body { margin: 0 }</style>"
    framed = _page(style + '<div style="height: 4in; border: 2px solid red"></div><div style="height: 3in"></div>')
    # The empty block below the frame draws nothing: the frame's bottom edge is the content's bottom.
    assert content_bottom(framed.pages[0]) == pytest.approx(0.5 * 96 + 4 * 96 + 4)
    assert blank_foot(framed.pages[0]) == pytest.approx((10 * 96 - (0.5 * 96 + 4 * 96 + 4)) / (10 * 96))
    text = _page(style + '<p style="margin: 0; font-size: 20px; line-height: 30px">one<br>two</p>')
    # The second line's text (its glyphs' box, inside the 30 px line), not the page or body box.
    assert 0.5 * 96 + 30 + 20 <= content_bottom(text.pages[0]) <= 0.5 * 96 + 60


@pytest.mark.parametrize("name,share", [("Jordan Fictitious Smith", 0.9), ("Ana-Maria Lopez Garcia", 1.0),
                                        ("王明王明王明王明王明王明王明王明", 1.0)])
def test_cut_words_in_names_are_found(name, share):
    document = _page("<style>@page { size: 300px 400px; margin: 10px } h2 { font-size: 40px; "
                     "overflow-wrap: break-word; text-transform: uppercase }</style>"
                     f"<h2 class='name'><bdi>{name}</bdi></h2>")
    assert cramped_type(document.pages[0]).name == share


@pytest.mark.parametrize("label,cramped", [("Desaparecida desde", True), ("Missing since", False)])
def test_a_label_wider_than_its_column_is_found(label, cramped):
    document = _page("<style>@page { size: 4in 3in; margin: 0.2in } table { width: 100%; table-layout: fixed; "
                     "font-size: 14pt } th { width: 30%; padding: 0 10pt 0 0 }</style>"
                     f"<table><tr><th>{label}</th><td>1 de noviembre de 2026</td></tr></table>")
    share = cramped_type(document.pages[0]).label
    assert (share < 1.0) is cramped
    if cramped:  # DESAPARECIDA is about 1.4 times as wide as the column
        assert 0.5 < share < 0.9


def growing_page(base_in: float):
    """A page whose content grows with the scale, like a poster: a photo-like box and text."""
    def lay_out(scale: float):
        return _page("<style>@page { size: 8.5in 11in; margin: 0.5in } body { margin: 0 }</style>"
                     f'<div style="height: {base_in * scale:.4f}in; border: 1px solid black"></div>'
                     f'<p style="font-size: {14 * scale:.3f}pt">' + "Seen near the river trail. " * 40 + "</p>")
    return lay_out


@pytest.mark.parametrize("base_in", [3.0, 5.0, 6.5])
def test_the_scale_search_fills_the_page_in_a_few_layouts(base_in):
    calls = []
    lay_out = growing_page(base_in)
    fitted = fit_scale(lambda s: calls.append(s) or lay_out(s))
    assert fitted is not None and len(fitted.document.pages) == 1
    assert fitted.blank <= BLANK_TARGET or fitted.scale == FILL_MAX
    assert fitted.layouts == len(calls) <= 4
    assert FILL_MIN <= min(calls) and max(calls) <= FILL_MAX


def test_the_scale_search_says_so_when_nothing_fits():
    assert fit_scale(growing_page(14.0)) is None
