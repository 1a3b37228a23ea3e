"""PDF contents of a poster made from hostile text: no attachments, no scripts, no links, nothing withheld, no secrets."""
from __future__ import annotations

import json
import re

import pytest

from hostile_support import SECRET, pdf_objects, squash

# PDF names that carry attachments, scripts, actions or forms: none belongs in a poster.
FORBIDDEN = [b"/EmbeddedFile", b"/EmbeddedFiles", b"/Filespec", b"/FileAttachment", b"/JavaScript", b"/JS",
             b"/Launch", b"/OpenAction", b"/AA", b"/SubmitForm", b"/ImportData", b"/GoToR", b"/GoToE",
             b"/RichMedia", b"/AcroForm", b"/XFA", b"/Sound", b"/Movie"]


@pytest.mark.parametrize("name", FORBIDDEN, ids=[n.decode() for n in FORBIDDEN])
def test_no_attachments_scripts_or_actions(poisoned, name: bytes) -> None:
    assert not re.search(re.escape(name) + rb"(?![A-Za-z])", pdf_objects(poisoned.pdf))


def test_no_links_but_the_public_url(poisoned) -> None:
    raw = pdf_objects(poisoned.pdf)
    uris = {m.decode("latin-1") for m in re.findall(rb"/URI\s*\(([^)]*)\)", raw)}
    assert uris <= {poisoned.release.public["case"]["public_url"]}
    assert b"javascript:" not in raw.replace(b'href="javascript:', b"")  # only as printed text, never as an action
    assert not re.search(rb"/S\s*/(URI|JavaScript|Launch|GoToR)", raw)


def test_no_file_contents_and_no_case_folder_path(poisoned) -> None:
    raw = pdf_objects(poisoned.pdf)
    assert SECRET.encode() not in raw
    assert b"root:x:0:0" not in raw  # /etc/passwd was not read
    assert str(poisoned.case_path.parent).encode() not in raw


def test_metadata_names_only_the_title(poisoned) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(poisoned.pdf)
    try:
        meta = {k: v for k, v in doc.get_metadata_dict().items() if v}
    finally:
        doc.close()
    assert set(meta) <= {"Title", "CreationDate", "ModDate"}
    assert meta["Title"].startswith("MISSING: ")


def test_no_withheld_value_in_the_text_or_the_file(poisoned) -> None:
    public = json.dumps(poisoned.release.public, ensure_ascii=False)
    text = squash(poisoned.text)
    raw = pdf_objects(poisoned.pdf)
    checked = 0
    for decision in poisoned.release.release.withheld():
        value = decision.text
        if len(value) < 8 or value in public:
            continue  # short codes and values that are also published on purpose say nothing
        checked += 1
        assert squash(value) not in text, decision.path
        assert value.encode("utf-8") not in raw, decision.path
    assert checked >= 8  # guardian, caseworker, placement, case id, internal narrative...
    for value in ("MFC-2026-0142", "J. Rivera", "Dana Example", "217-555-0142", "dana@example.org", "88 W Elm Ave"):
        assert value.encode() not in raw and squash(value) not in text
