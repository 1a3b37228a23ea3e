"""The leak scan on hand-made artifacts: PDF text, Info, XMP, features and links; images; text; file names."""
from __future__ import annotations

import zlib

import pytest
from PIL import Image

from posters.case import load_case
from posters.release import scanner_for

URL = "https://posters.example.org/c/NCMC2041234"


@pytest.fixture
def scan(case_dir):
    scanner = scanner_for(load_case(case_dir("01-standard")), URL)
    return lambda folder: [(f.artifact, f.where, f.rule_id) for f in scanner.scan_folder(folder)]


@pytest.fixture
def art(tmp_path):
    """A folder of artifacts apart from the copied case."""
    (tmp_path / "art").mkdir()
    return tmp_path / "art"


def tiny_pdf(text: str = "MISSING Ava", title: str = "MISSING: Ava", extra: bytes = b"", stream: bytes = b"") -> bytes:
    """A one-page PDF with one line of text; pdfium rebuilds the missing xref."""
    content = f"BT /F1 12 Tf 20 50 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 100] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>stream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Title (" + title.encode() + b") >>"]
    if stream:
        packed = zlib.compress(stream)
        objs.append(b"<< /Filter /FlateDecode /Length %d >>stream\n" % len(packed) + packed + b"\nendstream")
    body = b"%PDF-1.7\n" + b"".join(b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n" for i, o in enumerate(objs))
    return body + b"trailer\n<< /Root 1 0 R /Info 6 0 R /Size %d >>\n%%%%EOF\n" % (len(objs) + 1)


def test_clean_files_pass_and_boilerplate_is_allowed(art, scan):
    (art / "poster.pdf").write_bytes(tiny_pdf("National Center for Missing & Exploited Children"))
    Image.new("RGB", (8, 8)).save(art / "card.png")
    (art / "caption.txt").write_text("MISSING: Ava. Centro Nacional para Niños Desaparecidos y Explotados")
    assert scan(art) == []


@pytest.mark.parametrize("name, data, where, rule", [
    ("p.pdf", tiny_pdf("Ava ran from The Okafor family home"), "page 1 text", "VALUE:sensitive.foster_care.placement_name"),
    ("p.pdf", tiny_pdf(title="Ava, exploited"), "metadata Title", "LEX-EN-CONF-TRAFFICKING"),
    ("p.pdf", tiny_pdf(stream=b"<x:xmpmeta><dc:subject>foster care</dc:subject></x:xmpmeta>"), "XMP metadata", "LEX-EN-CONF-CARE"),
    ("p.pdf", tiny_pdf(extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "PDF feature (raw bytes)", "PDF-FEATURE"),
    ("p.pdf", tiny_pdf(extra=b"/Names << /EmbeddedFiles << /Names [] >> >> "), "PDF feature (raw bytes)", "PDF-FEATURE"),
    ("p.pdf", tiny_pdf(extra=b"/URI << /Base (https://evil.example/x) >> /X << /URI (https://evil.example/x) >> "), "PDF link (raw bytes)", "PDF-LINK"),
    ("p.pdf", tiny_pdf(stream=b"<< /S /URI /URI (https://evil.example/) >>"), "PDF link (compressed stream)", "PDF-LINK"),
    ("caption.txt", "Call Dana Example at 217.555.0142".encode(), "text", "VALUE:contacts.guardian.name"),
    ("index.json", b'{"alt": "Ava in care since 2024"}', "text", "LEX-EN-CONF-CARE"),
    ("The-Okafor_family.home.png", None, "file name", "VALUE:sensitive.foster_care.placement_name"),
    ("extra.exe", b"MZ", "file type", "SCAN-UNKNOWN-TYPE"),
])
def test_each_leak_is_found(art, scan, name, data, where, rule):
    if data is None:
        Image.new("RGB", (8, 8)).save(art / name)
    else:
        (art / name).write_bytes(data)
    assert (name, where, rule) in scan(art)


def test_public_url_link_is_allowed(art, scan):
    (art / "p.pdf").write_bytes(tiny_pdf(extra=b"/X << /S /URI /URI (" + URL.encode() + b") >> "))
    assert scan(art) == []


def test_image_metadata_is_found_and_searched(art, scan):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "placed at The Okafor family home")
    Image.new("RGB", (8, 8)).save(art / "card.png", pnginfo=info)
    found = scan(art)
    assert ("card.png", "image metadata", "IMG-METADATA") in found
    assert ("card.png", "image metadata", "VALUE:sensitive.foster_care.placement_name") in found


def test_finding_masks_the_secret(art, case_dir):
    (art / "c.txt").write_text("The Okafor family home")
    # The whole value and its parts ("Okafor") each match; every finding names the value masked.
    findings = [f for f in scanner_for(load_case(case_dir()), URL).scan_folder(art)
                if f.rule_id.startswith("VALUE:sensitive.foster_care.placement_name")]
    assert findings
    for finding in findings:
        assert "Okafor" not in str(finding) and "T*** (22 chars)" in str(finding)


def test_a_manifest_size_is_not_an_acronym(art, scan):
    """A 554-byte caption once failed a publish: the manifest's "bytes": 554 read as the acronym SSA."""
    (art / "manifest.json").write_text('{"files": [{"name": "caption-en.txt", "bytes": 554, "sha256": "5a"}]}')
    assert scan(art) == []
