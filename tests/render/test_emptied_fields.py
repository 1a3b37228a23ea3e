"""A field redaction emptied prints as nothing on the poster, the card and the caption, never as "None"."""
from __future__ import annotations

import datetime as dt

from posters.case import load_case
from posters.public import build_public_release
from posters.review.emptied import emptied_fields
from tests.pdfutil import pdf_text

TODAY = dt.date(2026, 11, 28)


def emptied_agency_release(sample_copy, face_cache):
    """05-confidential with the agency named after the placement: the scan withholds the agency."""
    path = sample_copy("05-confidential")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("agency: Springfield Police Department", "agency: Maple Grove Group Home Police", 1),
                    encoding="utf-8")
    return build_public_release(load_case(path), cache=face_cache)


def test_emptied_agency_city_and_clothing_print_as_nothing(sample_copy, face_cache):
    from posters.render.poster import render_poster
    from posters.social import caption_for, load_presets

    public = emptied_agency_release(sample_copy, face_cache)
    assert "agency" not in public.public["contacts"]["law_enforcement"]
    assert [e.path for e in emptied_fields(public.release)] == [
        "missing.city", "contacts.law_enforcement.agency", "children[0].clothing"]
    text = " ".join(pdf_text(render_poster(public, lang="en", paper="letter", today=TODAY).pdf).split())
    assert "None" not in text
    assert "217-555-0100" in text and "Missing From IL" in text and "Last seen wearing" not in text
    for preset in load_presets().values():
        caption = caption_for(public, preset, "en", today=TODAY)
        assert "None" not in caption and "the police at 217-555-0100" in caption


def test_the_emptied_agency_says_what_the_poster_shows(sample_copy, face_cache):
    public = emptied_agency_release(sample_copy, face_cache)
    agency = next(e for e in emptied_fields(public.release) if e.path == "contacts.law_enforcement.agency")
    assert agency.message() == ("the agency was withheld (CONF-LOCATION); the poster's contact line shows the phone "
                                "number alone (217-555-0100), social cards say “Police”")


def test_jinja_prints_none_as_nothing():
    from posters.render.engine import jinja_env

    assert jinja_env().from_string("[{{ x }}]").render(x=None) == "[]"
