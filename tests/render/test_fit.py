"""Always one page, nothing cut off: long narratives, four siblings, non-Latin names, QR codes."""
from __future__ import annotations

import shutil

import pytest

from posters.case import load_case
from posters.public import build_public_release
from posters.render.layout_check import overflowing_boxes
from posters.render.poster import render_poster
from posters.render.raster import pdf_to_images
from tests.conftest import SAMPLES
from tests.pdfutil import pdf_pages, pdf_text
from tests.render.conftest import TODAY


def flat(text: str) -> str:
    return " ".join(text.split())


def case_with(tmp_path, sample: str, replace: dict[str, str]):
    folder = tmp_path / sample
    shutil.copytree(SAMPLES / sample, folder)
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return build_public_release(load_case(folder / "case.yaml"))


LONG = " ".join(f"Sentence number {i} describes where she was seen near the river trail." for i in range(1, 60))


def test_long_narrative_is_shortened_at_a_sentence_boundary(tmp_path):
    public = case_with(tmp_path, "01-standard", {
        "    en: >\n      Ava was last seen near the bus station on Main Street.\n      She may be traveling to Chicago.\n":
        f"    en: >\n      {LONG}\n"})
    poster = render_poster(public, today=TODAY, watermark=False)
    assert pdf_pages(poster.pdf) == [(612.0, 792.0)]
    text = flat(pdf_text(poster.pdf))
    assert "Sentence number 1 describes" in text
    assert "Sentence number 59" not in text
    kept = [s for s in LONG.split(". ") if s.rstrip(".") + "." in text]
    # What is printed is whole sentences, the first ones, and nothing else of the narrative.
    last = max(int(s.split()[2]) for s in kept)
    assert f"Sentence number {last} describes where she was seen near the river trail." in text
    assert f"Sentence number {last + 1}" not in text


def test_four_siblings_fit_on_one_page(tmp_path):
    extra = ""
    for name in ("Leo", "Zoe"):
        extra += f"""  - first_name: {name}
    last_name: Testcase
    date_of_birth: 2016-03-01
    sex: {'male' if name == 'Leo' else 'female'}
    height: {{feet: 3, inches: 11}}
    weight: {{lb: 50}}
    hair: Black
    eyes: Brown
    photos:
      - file: photos/mia-2026.jpg
"""
    public = case_with(tmp_path, "04-siblings", {"missing:\n  date: 2026-11-20": extra + "missing:\n  date: 2026-11-20"})
    for paper, size in (("letter", (612.0, 792.0)), ("a4", (595.3, 841.9))):
        poster = render_poster(public, paper=paper, today=TODAY)
        assert poster.template == "siblings"
        assert pdf_pages(poster.pdf) == [size]
        text = flat(pdf_text(poster.pdf))
        for name in ("MIA TESTCASE", "NOAH TESTCASE", "LEO TESTCASE", "ZOE TESTCASE"):
            assert name in text


@pytest.mark.parametrize("first,last", [
    ("Олена", "Шевченко"),      # Cyrillic
    ("明", "王"),                # Chinese
    ("ليلى", "حداد"),           # Arabic, right to left
    ("Νεφέλη", "Παπαδοπούλου"),  # Greek
])
def test_non_latin_names_render_with_bundled_fonts(tmp_path, first, last):
    public = case_with(tmp_path, "01-standard", {"first_name: Ava": f"first_name: {first}",
                                                "last_name: Sample": f"last_name: {last}"})
    poster = render_poster(public, today=TODAY, watermark=False)
    assert pdf_pages(poster.pdf) == [(612.0, 792.0)]
    text = pdf_text(poster.pdf).upper()
    # Text extraction of shaped right-to-left scripts may reorder letters; what matters is that
    # every letter was drawn (with a bundled font) rather than dropped.
    assert set(first.upper()) <= set(text) and set(last.upper()) <= set(text)


def test_very_long_name_still_fits(tmp_path):
    name = "Maximiliana-Alexandrina " * 6
    public = case_with(tmp_path, "01-standard", {"middle_name: Grace": f"middle_name: {name.strip()}"})
    poster = render_poster(public, today=TODAY, watermark=False)
    assert pdf_pages(poster.pdf) == [(612.0, 792.0)]
    assert "MAXIMILIANA-ALEXANDRINA" in pdf_text(poster.pdf)


def test_layout_check_finds_text_outside_the_page():
    from weasyprint import HTML

    doc = HTML(string="<style>@page{size:200px 200px;margin:10px} p{margin-left:300px}</style><p>away</p>").render()
    assert overflowing_boxes(doc.pages[0])
    doc = HTML(string="<style>@page{size:200px 200px;margin:10px}</style><p>home</p>").render()
    assert overflowing_boxes(doc.pages[0]) == []


def test_qr_code_decodes_to_the_public_url(poster_of):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code (installed by make test)")
    [image] = pdf_to_images(poster_of("01-standard", watermark=False).pdf, dpi=150)
    found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert found == ["https://posters.example.org/c/NCMC2041234"]


def test_no_qr_code_without_a_public_url(poster_of):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code (installed by make test)")
    [image] = pdf_to_images(poster_of("02-long-term", watermark=False).pdf, dpi=150)
    assert zxingcpp.read_barcodes(image) == []


def test_preview_watermark_names_the_release(poster_of, release_of):
    text = flat(pdf_text(poster_of("01-standard").pdf))
    assert f"DRAFT — NOT FOR RELEASE · {release_of('01-standard').short_hash}" in text
