"""What a reader of the PDF finds: every label and value, in English and Spanish."""
from __future__ import annotations

import pytest

from tests.pdfutil import pdf_metadata, pdf_objects, pdf_pages, pdf_text


def flat(text: str) -> str:
    return " ".join(text.split())


def test_standard_poster_english_labels_and_values(poster_of):
    poster = poster_of("01-standard", watermark=False)
    text = flat(pdf_text(poster.pdf))
    for expected in [
        "MISSING", "ENDANGERED RUNAWAY", "AVA GRACE SAMPLE", "Also known as: Avie",
        "Missing Since November 1, 2026", "Missing From Springfield, IL", "DOB 05/14/2010",
        "Age Now 16 years", "Sex Female", "Race White", "Height 5'4\" (163 cm)", "Weight 120 lb (54 kg)",
        "Hair Brown", "Eyes Green", "Distinguishing marks: Scar above left eyebrow",
        "Last seen wearing: Red hooded sweatshirt, black jeans",
        "Ava was last seen near the bus station on Main Street. She may be traveling to Chicago.",
        "ANYONE HAVING INFORMATION SHOULD CONTACT", "National Center for Missing & Exploited Children",
        "1-800-843-5678 (1-800-THE-LOST)", "Springfield Police Department 217-555-0100",
        "Report number: 26-001234", "NCMEC case: NCMC2041234",
    ]:
        assert expected in text, expected
    assert "DRAFT" not in text
    # The internal narrative ("Ava left her placement after school...") is never printed, not even in part.
    assert "after school" not in text and "placement" not in text


def test_spanish_poster_labels_gender_and_dates(poster_of):
    poster = poster_of("03-spanish")
    text = flat(pdf_text(poster.pdf))
    for expected in [
        "DESAPARECIDA", "SOFÍA EJEMPLO RUIZ", "Desaparecida desde 10 de noviembre de 2026",
        "Desaparecida de Phoenix, AZ", "Fecha de nacimiento 03/09/2012", "Edad actual 14 años",
        "Sexo Femenino", "Estatura 5'0\" (152 cm)", "Peso 99 lb (45 kg)",
        "CUALQUIER PERSONA QUE TENGA INFORMACIÓN DEBE COMUNICARSE CON",
        "Centro Nacional para Niños Desaparecidos y Explotados", "Número de reporte: 26-118822",
        "BORRADOR — NO PUBLICAR",
    ]:
        assert expected in text, expected
    # public_circumstances replaces the internal narrative, which mentions foster care.
    assert "Sofía fue vista por última vez cerca de la escuela Lincoln." in text
    assert "acogida" not in text


def test_lang_overrides_case_language(poster_of):
    text = flat(pdf_text(poster_of("01-standard", lang="es").pdf))
    assert "DESAPARECIDA" in text and "Desaparecida desde 1 de noviembre de 2026" in text
    assert "Missing Since" not in text


def test_male_child_gets_masculine_spanish(poster_of):
    text = flat(pdf_text(poster_of("05-confidential", lang="es").pdf))
    assert "DESAPARECIDO" in text and "Desaparecido desde 23 de noviembre de 2026" in text


def test_siblings_poster_names_both_children_with_plural_headline(poster_of):
    poster = poster_of("04-siblings", lang="es")
    assert poster.template == "siblings"
    text = flat(pdf_text(poster.pdf))
    assert "DESAPARECIDOS" in text
    assert "MIA TESTCASE" in text and "NOAH TESTCASE" in text
    assert "Desaparecidos desde: 20 de noviembre de 2026" in text


def test_long_term_poster_labels_the_age_progressed_image(poster_of):
    poster = poster_of("02-long-term")
    assert poster.template == "long-term"
    text = flat(pdf_text(poster.pdf))
    assert "Age-progressed to 17" in text
    assert "Photo taken: January 5, 2019" in text


@pytest.mark.parametrize("paper,size", [("letter", (612.0, 792.0)), ("a4", (595.3, 841.9))])
def test_one_page_of_the_right_paper(poster_of, paper, size):
    for sample in ("01-standard", "04-siblings"):
        assert pdf_pages(poster_of(sample, paper=paper).pdf) == [size]


def test_metadata_is_only_the_title(poster_of):
    poster = poster_of("01-standard", watermark=False)
    assert pdf_metadata(poster.pdf) == {"Title": "MISSING: Ava Grace Sample"}
    raw = pdf_objects(poster.pdf)
    for secret in (b"MFC-2026-0142", b"J. Rivera", b"Okafor", b"/work/", b"samples/"):
        assert secret not in raw


def test_pdf_is_tagged_with_language_and_alt_text(poster_of):
    raw = pdf_objects(poster_of("01-standard").pdf)
    assert b"/StructTreeRoot" in raw and b"/MarkInfo" in raw
    assert b"/Lang (en)" in raw
    assert b"/Alt (Photo of Ava Grace Sample)" in raw
    assert b"pdfuaid" in raw  # the PDF/UA identification in the XMP metadata
    assert b"/Lang (es)" in pdf_objects(poster_of("03-spanish").pdf)
