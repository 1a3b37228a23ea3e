"""Spanish that agrees, text per language, companions, long-term details and the case's template choice."""
from __future__ import annotations

import datetime as dt
import shutil

from posters.case import load_case
from posters.public import build_public_release
from posters.render.poster import render_poster
from tests.conftest import SAMPLES
from tests.pdfutil import pdf_text

TODAY = dt.date(2026, 11, 30)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_girls_spanish_poster_agrees_and_prints_spanish_values(poster_of):
    text = flat(pdf_text(poster_of("01-standard", lang="es").pdf))
    for expected in ["DESAPARECIDA", "MENOR FUGADA EN PELIGRO", "También conocida como: Avie", "Raza Blanca",
                     "Cabello Castaño", "Ojos Verdes", "Sexo Femenino",
                     "Señas particulares: Cicatriz sobre la ceja izquierda",
                     "Vestía por última vez: Sudadera roja con capucha, pantalón de mezclilla negro",
                     "Ava fue vista por última vez cerca de la estación de autobuses de Main Street."]:
        assert expected in text, expected
    for english in ("White", "Brown", "Green", "Scar above", "hooded", "bus station", "FUGADO "):
        assert english not in text, english


def test_siblings_subtitle_is_plural_and_each_child_keeps_their_own_agreement(poster_of):
    text = flat(pdf_text(poster_of("04-siblings", lang="es").pdf))
    assert "MENORES FUGADOS EN PELIGRO" in text and "DESAPARECIDOS" in text
    assert "Raza Negra" in text and "Cabello Negro" in text and "Ojos Cafés" in text
    assert "Mia y Noah fueron vistos por última vez juntos" in text


def test_without_public_circumstances_a_sentence_from_the_date_and_place_is_printed(poster_of):
    assert "Lena was last seen on March 10, 2019 in Dayton, OH." in flat(pdf_text(poster_of("02-long-term").pdf))
    spanish = flat(pdf_text(poster_of("02-long-term", lang="es").pdf))
    assert "Lena fue vista por última vez el 10 de marzo de 2019 en Dayton, OH." in spanish
    # The internal narrative is never printed, not even its harmless sentences.
    assert "non-custodial" not in spanish and "Honda" not in spanish


def test_long_term_poster_gives_both_ages_and_labels_measures_as_when_missing(poster_of):
    text = flat(pdf_text(poster_of("02-long-term").pdf))
    assert "Age Now 17 years" in text and "Age When Missing 10 years" in text
    assert "Height When Missing 4'8\" (142 cm)" in text and "Weight When Missing 79 lb (36 kg)" in text
    assert "Age-progressed to 17" in text
    spanish = flat(pdf_text(poster_of("02-long-term", lang="es").pdf))
    assert "Edad al desaparecer 10 años" in spanish and "Estatura al desaparecer" in spanish


def test_abductor_block_prints_photo_facts_and_vehicle_but_not_the_relationship(release_of):
    public = release_of("06-family-abduction")
    assert [p.asset_name for p in public.photos] == ["child1-photo1.jpg", "companion1-photo1.jpg"]
    poster = render_poster(public, lang="en", today=TODAY, watermark=False)
    text = flat(pdf_text(poster.pdf))
    for expected in ["FAMILY ABDUCTION", "ABDUCTOR", "DANIEL EXEMPLAR", "Age 37 years", "Hair Brown", "Eyes Blue",
                     "Vehicle: 2015 silver Ford Escape, plate HXK4821 (OH)",
                     "Distinguishing marks: Tattoo of an anchor on his right forearm"]:
        assert expected in text, expected
    assert "father" not in text.lower() and "non-custodial" not in text
    spanish = flat(pdf_text(render_poster(public, lang="es", today=TODAY, watermark=False).pdf))
    for expected in ["SECUESTRO FAMILIAR", "SECUESTRADOR", "Vehículo: Ford Escape plateado de 2015, placa HXK4821 (OH)",
                     "Tatuaje de un ancla en el antebrazo derecho", "Ojos Azules"]:
        assert expected in spanish, expected


def test_a_companions_own_photo_keeps_their_face(release_of):
    photo = next(p for p in release_of("06-family-abduction").photos if p.companion)
    assert photo.covered == () and photo.face.width > 0


def test_the_case_files_template_choice_is_honoured(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(SAMPLES / "01-standard", folder)
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  language: en\n", "  language: en\n  template: long-term\n"),
                    encoding="utf-8")
    public = build_public_release(load_case(path))
    assert public.public["case"]["template"] == "long-term"
    assert render_poster(public, today=TODAY).template == "long-term"
