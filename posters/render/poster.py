"""Posters: HTML + CSS templates to a one-page, tagged PDF (PDF/UA-1), from the public release only."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from ..errors import RenderError
from ..public import PublicRelease
from ..timing import stage
from .context import base_context
from .layout_check import lay_out, overflowing_boxes
from .paper import PAPERS, Paper, paper_named
from .templates import TemplateSettings, template_settings

# Width / height of a companion's photo box (templates/_shared/poster.css: 1.4 x 1.75 in).
COMPANION_PHOTO_ASPECT = 0.8
# Name sizes tried, largest first, when a long name alone keeps the poster from fitting.
NAME_SHRINK_PT = (12, 10, 8, 6.5)


@dataclass(frozen=True)
class RenderedPoster:
    """A rendered poster: PDF bytes plus what it was made from."""

    pdf: bytes
    template: str
    lang: str
    paper: str
    release_hash: str
    title: str
    circumstances_budget: int


def check_papers(papers: "list[str] | tuple[str, ...] | Any") -> list[str]:
    """The paper names, each once, in order; raises RenderError for one that does not exist."""
    out = list(dict.fromkeys(papers))
    if not out:
        raise RenderError(f"no paper size given; expected one or more of: {', '.join(PAPERS)}")
    for name in out:
        paper_named(name)
    return out


def choose_template(public: PublicRelease) -> str:
    """The template a case asks for, else by its contents: siblings, long-term, or standard."""
    case = public.public.get("case") or {}
    if case.get("template"):
        return str(case["template"])
    if len(public.children()) > 1:
        return "siblings"
    if public.progressed_photo(0) is not None:
        return "long-term"
    return "standard"


def render_poster(public: PublicRelease, *, lang: str | None = None, paper: str = "letter",
                  template: str | None = None, watermark: bool = True,
                  today: dt.date | None = None) -> RenderedPoster:
    """Render one poster; raises RenderError when it cannot fit one page or a template misbehaves."""
    from .i18n import check_languages

    lang = check_languages([lang or public.language])[0]
    sheet = paper_named(paper)
    settings = template_settings(template or choose_template(public))
    count = len(public.children())
    if not settings.min_children <= count <= settings.max_children:
        raise RenderError(f"template {settings.name!r} is for {settings.min_children}-{settings.max_children} "
                          f"children; this case has {count}")
    for i in range(count):
        if public.primary_photo(i) is None:
            raise RenderError(f"children[{i}] has no public photo; a poster needs one")
    today = today or dt.date.today()
    assets = _assets(public, lang, settings.photo_aspect(count))
    # The whole text in larger type and a larger photo first (the page is there to be used);
    # full text in a tighter layout beats shortened text in the roomy one; a very long
    # name is set smaller only when even the shortest text does not fit.
    attempts: list[tuple[int, str, float | None]] = [(settings.circumstances_budgets[0], "fit-roomy", None)]
    attempts += [(budget, fit, None) for budget in settings.circumstances_budgets for fit in ("", "fit-tight")]
    attempts += [(settings.circumstances_budgets[-1], "fit-tight", pt) for pt in NAME_SHRINK_PT]
    last_problem = ""
    tried: set[tuple[Any, ...]] = set()
    for budget, fit, name_pt in attempts:
        ctx = base_context(public, lang, today, circumstances_budget=budget, watermark=watermark,
                           long_term=settings.name == "long-term")
        ctx.update(paper=sheet.css_size, paper_name=sheet.name, fit_class=fit, qr=assets.get("qr_ctx"),
                   watermark_style=watermark_style(sheet, ctx["watermark"]))
        if name_pt is not None and not any(c["name_class"] for c in ctx["children"]):
            continue
        # A budget longer than the text gives the same page as the last one: skip it.
        key = (ctx["circumstances"], fit, name_pt)
        if key in tried:
            continue
        tried.add(key)
        with stage("poster layout"):
            document, html_problems = _layout(settings, ctx, assets["files"], name_pt)
        if html_problems:
            raise RenderError("the template tried to load something it may not: " + "; ".join(html_problems))
        pages = len(document.pages)
        overflow = overflowing_boxes(document.pages[0])
        if pages == 1 and not overflow:
            with stage("poster pdf"):
                pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_strip_info, zoom=sheet.zoom)
            return RenderedPoster(pdf=pdf, template=settings.name, lang=lang, paper=paper,
                                  release_hash=public.release_hash, title=ctx["title"], circumstances_budget=budget)
        last_problem = f"{pages} pages" if pages != 1 else f"text outside the page: {overflow[0]}"
    raise RenderError(f"the {settings.name} poster does not fit on one page even with the shortest text "
                      f"({last_problem}); shorten the names or descriptions in the case file")


def watermark_style(sheet: Paper, text: str | None) -> str:
    """Inline size of the DRAFT watermark so that, turned along the page's diagonal, it stays inside the page.

    The band is as long as the diagonal allows once its own height is taken into account, and
    the type is sized so the text (hash included) fills about nine tenths of it.
    """
    import math

    if not text:
        return ""
    width, height = sheet.width_in / sheet.zoom, sheet.height_in / sheet.zoom  # layout inches
    angle = math.atan2(height, width)
    band_h = 1.1  # inches: one line of 40 pt type at most, with its padding and border
    # A band of length L and height h turned by `angle` fits when
    # L cos + h sin <= W and L sin + h cos <= H; keep a quarter inch from every edge.
    length = min((width - 0.5 - band_h * math.sin(angle)) / math.cos(angle),
                 (height - 0.5 - band_h * math.cos(angle)) / math.sin(angle))
    # Noto Sans Bold averages about 0.62 em per character of capitals and digits.
    font_pt = min(40.0, 0.9 * length * 72 / (0.62 * max(len(text), 1)))
    return (f"width: {length:.3f}in; font-size: {font_pt:.1f}pt; white-space: nowrap; "
            f"transform: translate(-50%, -50%) rotate(-{math.degrees(angle):.2f}deg);")


def _layout(settings: TemplateSettings, ctx: dict[str, Any], files: dict[str, tuple[bytes, str]],
            name_pt: float | None = None) -> tuple[Any, list[str]]:
    # name_pt: a smaller name size, the last resort for very long names (set by us, never case text).
    return lay_out(f"{settings.name}/poster.html", {**ctx, "name_pt": name_pt}, files,
                   base=settings.folder / "poster.html",
                   stylesheets=("_shared/base.css", f"{settings.name}/poster.css"),
                   pdf_variant="pdf/ua-1", pdf_tags=True)


def _assets(public: PublicRelease, lang: str, aspect: float) -> dict[str, Any]:
    from posters.render.i18n import messages

    files = {p.asset_name: (_framed_jpeg(p, COMPANION_PHOTO_ASPECT if p.companion else aspect), "image/jpeg")
             for p in public.photos}
    out: dict[str, Any] = {"files": files}
    url = (public.public.get("case") or {}).get("public_url")
    if url:
        m = messages(lang)
        files["qr.png"] = (qr_png(url), "image/png")
        out["qr_ctx"] = {"url": "memory:qr.png", "alt": m.gettext("QR code linking to this poster online"),
                         "caption": m.gettext("Scan for the latest information")}
    return out


def _framed_jpeg(photo: Any, aspect: float) -> bytes:
    """The photo cropped to the box's shape around the child's face, so CSS never crops it blindly."""
    from ..photos import face_crop

    image = photo.image()
    box = face_crop(image.size, photo.face, aspect)
    if tuple(box) == (0, 0, image.width, image.height):
        return photo.jpeg
    buf = io.BytesIO()
    image.crop(box).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def qr_png(url: str) -> bytes:
    """A QR code for the case's public URL, as PNG bytes with no metadata."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").get_image().convert("L").save(buf, "PNG")
    return buf.getvalue()


def _strip_info(document: Any, pdf: Any) -> None:
    """Keep only the title and the dates in the PDF's Info dictionary: no producer, author or keywords."""
    import pydyf

    keep = {"Title", "CreationDate", "ModDate"}
    for key in list(pdf.info):
        if key not in keep:
            del pdf.info[key]
    pdf.info.setdefault("Title", pydyf.String(""))
