"""Reading our PDFs back in tests: text, metadata, and the decompressed object streams."""
from __future__ import annotations

import re
import zlib


def pdf_text(pdf: bytes) -> str:
    """All text of all pages, as a reader's copy-paste would give it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page in points."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(x, 1) for x in doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    """The non-empty entries of the Info dictionary."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return {k: v for k, v in doc.get_metadata_dict().items() if v}
    finally:
        doc.close()


def pdf_objects(pdf: bytes) -> bytes:
    """The raw PDF plus every Flate stream decompressed (object streams hold the structure tree)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)
