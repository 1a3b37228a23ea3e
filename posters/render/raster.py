"""PDF pages to PNG with pypdfium2, so the PNG shows exactly what the PDF shows."""
from __future__ import annotations

import io


def pdf_to_pngs(pdf: bytes, *, dpi: int = 300) -> list[bytes]:
    """Rasterize every page at `dpi`; PNG bytes with no text chunks or other metadata."""
    from ..timing import stage

    with stage("rasterize"):
        images = pdf_to_images(pdf, dpi=dpi)
    with stage("png encode"):
        return [_png(img) for img in images]


def pdf_to_images(pdf: bytes, *, dpi: int = 300) -> list:
    """Rasterize every page at `dpi` as PIL RGB images."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
            images.append(bitmap.to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        doc.close()


def encode_png(image) -> bytes:
    """PNG bytes of a PIL image, with no text chunks or other metadata (safe to call from threads)."""
    return _png(image)


def _png(image) -> bytes:
    buf = io.BytesIO()
    # Level 1: a 300 dpi Letter page encodes in 0.3 s instead of 0.6 s at the default 6,
    # for a file about 15% larger.
    image.save(buf, "PNG", compress_level=1)
    return buf.getvalue()
