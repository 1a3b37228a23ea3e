"""PDF pages to PNG with pypdfium2, so the PNG shows exactly what the PDF shows."""
from __future__ import annotations

import io
import math


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
                scale = dpi / 72
                size = (round(width_pt * scale), round(height_pt * scale))
                # RGB straight from pdfium (reversed byte order) and cut to size by pdfium itself: each
                # conversion or crop in PIL afterwards is one more copy of 25 MB (a third of the step's time).
                bitmap = page.render(scale=scale, may_draw_forms=False, rev_byteorder=True,
                                     crop=_crop_to(width_pt * scale, height_pt * scale, size, scale))
                image = bitmap.to_pil()  # RGB from 3-byte pixels is decoded, so a copy: the bitmap can go
                rendered.append((image if image.mode == "RGB" else image.convert("RGB"), size))
                bitmap.close()
                page.close()
        finally:
            doc.close()
    return [_exact(image, size) for image, size in rendered]


def _crop_to(width_px: float, height_px: float, size: tuple[int, int], scale: float) -> tuple[float, float, float, float]:
    """The render crop (left, bottom, right, top, in points) that cuts pdfium's rounded-up bitmap to `size`.

    pdfium sizes the bitmap by rounding up (792 pt at 300 dpi is 3300.0000000001 px: 3301 rows)
    and rounds the crop up to pixels too, so half a pixel less than the excess cuts exactly it.
    """
    extra_w, extra_h = math.ceil(width_px) - size[0], math.ceil(height_px) - size[1]
    return (0.0, max(0.0, extra_h - 0.5) / scale, max(0.0, extra_w - 0.5) / scale, 0.0)


def _exact(image, size: tuple[int, int]):
    """The image at exactly `size`: a safety net, as the render's crop already gives that size.

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
