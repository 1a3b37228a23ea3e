"""The case form edits distinguishing marks per language, and shows the photo checks' findings after a save."""
from __future__ import annotations

import io
import re

import yaml
from PIL import Image, ImageDraw

from posters.web import fieldform, library

from .conftest import Client, create_case, sample

MARKS = "children[0].distinguishing_marks"


def _form_values(html: str) -> dict[str, str]:
    """What a browser sends for the form's text inputs and textareas as the page shows them (selects left out)."""
    import html as h

    values = {h.unescape(n): h.unescape(v) for n, v in re.findall(r'<input[^>]*name="(f:[^"]+)" value="([^"]*)"', html)}
    values.update({h.unescape(n): h.unescape(v) for n, v in
                   re.findall(r'<textarea[^>]*name="(f:[^"]+)"[^>]*>(.*?)</textarea>', html, re.S)})
    return values


def _entry_block(html: str, path: str) -> str:
    """The entry heading of `path` with its Remove button and check's messages."""
    m = re.search(r'<h3 class="entry-title">[^<]*<code>' + re.escape(path) + r'</code></h3>(.*?)</div>', html, re.S)
    assert m, path
    return m.group(1)


def test_marks_per_language_round_trip_and_are_added_and_removed_in_the_form(app):
    text, _ = sample("02-long-term")  # two marks, each {en: ..., es: ...}
    case_id = create_case(app, name="02-long-term")
    c = Client(app, "casey")
    url = f"/cases/{case_id}/edit"
    page = c.get(url).text
    assert f'name="f:{MARKS}"' not in page  # no comma list: that takes plain marks only
    for i, (en, es) in enumerate([("Pierced ears", "Orejas perforadas"),
                                  ("Small mole on right cheek", "Lunar pequeño en la mejilla derecha")]):
        assert re.search(rf'<span class="lang">English</span> <code>{re.escape(MARKS)}\[{i}\]\.en</code>', page)
        assert re.search(rf'<span class="lang">Spanish</span> <code>{re.escape(MARKS)}\[{i}\]\.es</code>', page)
        assert _form_values(page)[f"f:{MARKS}[{i}].es"] == es and _form_values(page)[f"f:{MARKS}[{i}].en"] == en
    assert f'name="remove" value="{MARKS}[1]"' in page
    assert re.search(rf'name="add" value="{re.escape(MARKS)}"[^>]*>Add a mark in English and Spanish to child 1<', page)

    # The whole form sent back as shown, one other field changed: every Spanish mark is still there.
    values = {**_form_values(page), "f:children[0].hair": "Red", "save": "1"}
    r = c.post(url, data=values)
    assert r.status_code == 200 and "version 2" in r.text
    data = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)
    assert data["children"][0]["distinguishing_marks"] == yaml.safe_load(text)["children"][0]["distinguishing_marks"]

    # Change a Spanish mark and add a mark in the same post: the change is saved, the new entry has the focus
    # and check's words beside it until a language is given.
    r = c.post(url, data={f"f:{MARKS}[1].es": "Lunar en la mejilla derecha", "add": MARKS})
    assert re.search(rf'name="f:{re.escape(MARKS)}\[2\]\.en"[^>]*autofocus', r.text)
    assert "give the text in at least one language" in _entry_block(r.text, f"{MARKS}[2]")
    r = c.post(url, data={f"f:{MARKS}[2].es": "Pecas en la nariz", f"f:{MARKS}[2].en": "", "save": "1"})
    marks = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)["children"][0]["distinguishing_marks"]
    assert marks == [{"en": "Pierced ears", "es": "Orejas perforadas"},
                     {"en": "Small mole on right cheek", "es": "Lunar en la mejilla derecha"},
                     {"es": "Pecas en la nariz"}]  # a mark in Spanish only: the English poster says so (a warning)
    assert "give the text in at least one language" not in r.text

    # Remove the first: the others move up, Spanish included.
    c.post(url, data={"remove": f"{MARKS}[0]"})
    marks = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)["children"][0]["distinguishing_marks"]
    assert [m.get("es") for m in marks] == ["Lunar en la mejilla derecha", "Pecas en la nariz"]


def test_plain_marks_stay_one_comma_list_and_the_export_does_not_change(app):
    """A case without per-language marks: the same input as before, and the YAML a save writes is unchanged."""
    text, _ = sample("05-confidential")  # plain marks
    case_id = create_case(app, name="05-confidential")
    c = Client(app, "casey")
    url = f"/cases/{case_id}/edit"
    page = c.get(url).text
    assert _form_values(page)[f"f:{MARKS}"] == "Tattoo of a crown on left wrist, Burn scar on right hand"
    assert f'name="remove" value="{MARKS}[0]"' not in page
    assert f'name="add" value="{MARKS}"' in page  # to add one in English and Spanish

    c.post(url, data={"f:children[0].hair": "Red", "save": "1"})
    expected = fieldform._load(text)  # dates as written, as the form keeps them
    expected["children"][0]["hair"] = "Red"
    assert c.get(f"/cases/{case_id}/case.yaml").text == fieldform._dump(expected)
    assert "  distinguishing_marks:\n  - Tattoo of a crown on left wrist\n  - Burn scar on right hand\n" in \
        c.get(f"/cases/{case_id}/case.yaml").text


def test_a_plain_mark_beside_a_per_language_one_keeps_both():
    """Mixed lists: once one mark is per language, each mark is its own entry (a plain one is one input)."""
    text, _ = sample("05-confidential")
    text, entry = fieldform.add_entry(text, MARKS)
    assert entry == f"{MARKS}[2]"
    fields = {f.path: f for f in fieldform.fields_of(text) or []}
    assert fields[f"{MARKS}[0]"].kind == "text" and fields[f"{MARKS}[0]"].value == "Tattoo of a crown on left wrist"
    assert fields[f"{MARKS}[2].en"].absent and fields[f"{MARKS}[2].es"].language == "Spanish"
    assert fieldform.list_paths(text)[1] >= {f"{MARKS}[0]", f"{MARKS}[1]", f"{MARKS}[2]"}
    text = fieldform.apply(text, {f"{MARKS}[0]": "Tattoo of a crown on his left wrist",
                                  f"{MARKS}[2].en": "Freckles", f"{MARKS}[2].es": "Pecas"})
    marks = yaml.safe_load(text)["children"][0]["distinguishing_marks"]
    assert marks == ["Tattoo of a crown on his left wrist", "Burn scar on right hand", {"en": "Freckles", "es": "Pecas"}]
    # Back to plain marks only: one comma list again.
    text = fieldform.remove_entry(text, f"{MARKS}[2]")
    assert [f.kind for f in fieldform.fields_of(text) or [] if f.path.startswith(MARKS)] == ["list", "add"]


def _no_face_jpeg() -> bytes:
    """A photo with no face in it: a sky, a field and a house, 900 x 1100 pixels."""
    image = Image.new("RGB", (900, 1100), (135, 180, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 700, 900, 1100), fill=(70, 140, 60))
    draw.rectangle((300, 450, 600, 700), fill=(180, 60, 50))
    draw.polygon([(280, 450), (450, 320), (620, 450)], fill=(90, 60, 40))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def test_the_edit_page_shows_the_photo_findings_after_a_save(app):
    """After a save the edit page runs the photo checks too and says what the case page says of the photos."""
    case_id = create_case(app)
    c = Client(app, "casey")
    url = f"/cases/{case_id}/edit"
    photo = _no_face_jpeg()
    r = c.post(url, data={"save": "1", "upload:children[0].photos[0]": (io.BytesIO(photo), "ava-2026.jpg")},
               content_type="multipart/form-data")
    assert r.status_code == 200 and "version 2" in r.text
    text, _ = sample()
    expected = [f for f in library.check(text, {"photos/ava-2026.jpg": photo}).findings
                if f.path.startswith("children[0].photos[0]") and f.level == "error"]
    assert expected, "the photo without a face must give the photo checks' error"
    for f in expected:
        message = f.message.replace("'", "&#39;").replace("\u201c", "“")
        assert message in _entry_block(r.text, "children[0].photos[0]"), f.message  # beside the photo's entry
        assert message in r.text.split('id="check-h"')[1].split("</section>")[0]  # and in the summary
        assert message in c.get(f"/cases/{case_id}").text  # the words of the case page
    # A plain visit skips the photo checks (they run at the next save) and says so.
    page = c.get(url).text
    assert expected[0].message.replace("'", "&#39;") not in page
    assert "the photo checks run when you save" in page


def test_a_valid_case_says_its_photos_were_checked_after_a_save(app):
    case_id = create_case(app)
    c = Client(app, "casey")
    r = c.post(f"/cases/{case_id}/edit", data={"f:children[0].hair": "Red", "save": "1"})
    summary = r.text.split('id="check-h"')[1].split("</section>")[0]
    assert "The case file is valid and nothing is missing, photos checked" in summary
    assert "dpi" in summary  # sample 01's photo prints below 300 dpi: the photo check's warning
