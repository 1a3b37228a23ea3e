"""PDF pages to PNG with pypdfium2, so the PNG shows exactly what the PDF shows."""
from __future__ import annotations

import io


def pdf_to_pngs(pdf: bytes, *, dpi: int = 300) -> list[bytes]:
    """Rasterize every page at `dpi`; PNG bytes with the dpi stored and no text chunks or other metadata."""
    from ..timing import stage

    with stage("rasterize"):
        images = pdf_to_images(pdf, dpi=dpi)
    with stage("png encode"):
        return [_png(img, dpi) for img in images]


def pdf_to_images(pdf: bytes, *, dpi: int = 300) -> list:
    """Every page as a PIL RGB image of exactly page size x dpi pixels (Letter at 300 dpi: 2550 x 3300)."""
    import pypdfium2 as pdfium

    from ..native import NATIVE

    rendered = []
    with NATIVE:
        doc = pdfium.PdfDocument(pdf)
        try:
            for index in range(len(doc)):
                page = doc[index]
                width_pt, height_pt = page.get_size()
                size = (round(width_pt * dpi / 72), round(height_pt * dpi / 72))
                bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
                rendered.append((bitmap.to_pil().convert("RGB"), size))  # a copy: the bitmap can go
                bitmap.close()
                page.close()
        finally:
            doc.close()
    return [_exact(image, size) for image, size in rendered]


def _exact(image, size: tuple[int, int]):
    """The image at exactly `size`: pdfium rounds the bitmap up, so a page can come out a pixel too big.

    A row or column of paper margin is cut (or white added) rather than resampling, which
    would blur every line of type for one pixel.
    """
    from PIL import Image

    if image.size == size:
        return image
    exact = Image.new("RGB", size, "white")
    exact.paste(image.crop((0, 0, min(size[0], image.width), min(size[1], image.height))), (0, 0))
    return exact


def encode_png(image, dpi: int = 300) -> bytes:
    """PNG bytes of a PIL image with its print resolution (pHYs) and no other metadata (safe to call from threads)."""
    return _png(image, dpi)


def _png(image, dpi: int) -> bytes:
    buf = io.BytesIO()
    # Level 1: a 300 dpi Letter page encodes in 0.3 s instead of 0.6 s at the default 6,
    # for a file about 15% larger. The dpi goes in pHYs so programs print the page at its size.
    image.save(buf, "PNG", compress_level=1, dpi=(dpi, dpi))
    return buf.getvalue()
