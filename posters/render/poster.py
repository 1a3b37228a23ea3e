"""Posters: HTML + CSS templates to a one-page, tagged PDF (PDF/UA-1), from the public release only."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable

from ..errors import RenderError
from ..public import PublicRelease
from ..timing import stage
from .context import base_context
from .fill import (FILL_MIN, LABELS_MAX, TYPE_MAX, TYPE_MIN, ScaleCache, blank_foot, cramped_type, fill_style, fit_scale,
                   start_scale)
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
    # Share of the page's height left blank below the content, bottom margin included.
    blank_foot: float
    layouts: int  # how many layouts the fit loop made to choose this one


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

    def context(budget: int) -> dict[str, Any]:
        ctx = base_context(public, lang, today, circumstances_budget=budget, watermark=watermark,
                           long_term=settings.name == "long-term")
        ctx.update(paper=sheet.css_size, paper_name=sheet.name, qr=assets.get("qr_ctx"),
                   watermark_style=watermark_style(sheet, ctx["watermark"]))
        return ctx

    key = (public.release_hash, settings.name, sheet.name, lang, today)
    fitting = _Fitting(settings, sheet, assets["files"], _CHOSEN.get(key))
    document, ctx, budget = fitting.run(context)
    _CHOSEN.put(key, fitting.chosen)
    from ..native import NATIVE

    with stage("poster pdf"), NATIVE:
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_strip_info, zoom=sheet.zoom)
    return RenderedPoster(pdf=pdf, template=settings.name, lang=lang, paper=paper, release_hash=public.release_hash,
                          title=ctx["title"], circumstances_budget=budget, blank_foot=blank_foot(document.pages[0]),
                          layouts=fitting.layouts)


class _Fitting:
    """The fit loop of one poster: the text budget, type-and-photo scale and type sizes it is laid out at.

    The whole text at the largest scale that fits (the page is there to be used); full text at
    a tighter scale beats shortened text at a roomier one; names with a word cut across lines
    are set smaller, and a label running into its value widens its column, then the facts
    tables are set smaller (down to TYPE_MIN); a very long name is set in small fixed sizes only
    when even the shortest text does not fit at the tightest scale. `known` is what was chosen
    for the same poster before (budget index, scale, name and facts scales, label column): laid
    out once, and checked.
    """

    def __init__(self, settings: TemplateSettings, sheet: Paper, files: dict[str, tuple[bytes, str]],
                 known: tuple[int, float, float, float, float] | None) -> None:
        self.settings, self.files, self.known = settings, files, known
        self.start = start_scale(*sheet.layout_size_in)
        self.name_cap, self.facts_cap, self.labels = known[2:] if known else (TYPE_MAX, TYPE_MAX, 1.0)
        self.layouts = 0
        self.chosen: tuple[int, float, float, float, float] = (0, 1.0, TYPE_MAX, TYPE_MAX, 1.0)
        # id(document) -> the name scale, facts scale and label column it was laid out with
        self._type_scales: dict[int, tuple[float, float, float]] = {}
        self._last: Any = None

    def run(self, context: Callable[[int], dict[str, Any]]) -> tuple[Any, dict[str, Any], int]:
        """The chosen document, its context and text budget; raises RenderError when nothing fits."""
        budgets = self.settings.circumstances_budgets
        first = self.known[0] if self.known else 0
        start, trusted = (self.known[1], True) if self.known else (self.start, False)
        tried: set[str | None] = set()
        ctx: dict[str, Any] = {}
        for n, budget in enumerate(budgets[first:], start=first):
            ctx = context(budget)
            if ctx["circumstances"] in tried:
                continue  # a budget longer than the text gives the same page as the last one
            tried.add(ctx["circumstances"])
            fitted = fit_scale(partial(self.layout_at, ctx), start=start,
                               growth=self.settings.fill_growth, trusted_start=trusted)
            if fitted is not None:
                self.chosen = (n, fitted.scale, *self._type_scales[id(fitted.document)])
                return fitted.document, ctx, budget
            start, trusted = FILL_MIN, False
        if any(c["name_class"] for c in ctx["children"]):
            for name_pt in NAME_SHRINK_PT:
                document = self.layout_at(ctx, FILL_MIN, name_pt)
                if len(document.pages) == 1 and not overflowing_boxes(document.pages[0]):
                    self.chosen = (len(budgets) - 1, FILL_MIN, TYPE_MIN, TYPE_MIN, self.labels)
                    return document, ctx, budgets[-1]
        pages = len(self._last.pages)
        problem = (f"{pages} pages" if pages != 1 else
                   f"text outside the page: {overflowing_boxes(self._last.pages[0])[0]}")
        raise RenderError(f"the {self.settings.name} poster does not fit on one page even with the shortest text "
                          f"({problem}); shorten the names or descriptions in the case file")

    def layout_at(self, ctx: dict[str, Any], scale: float, name_pt: float | None = None) -> Any:
        """The poster laid out at `scale`, its names and facts tables set smaller until not cramped."""
        while True:
            name, facts = min(scale, self.name_cap), min(scale, self.facts_cap)
            with stage("poster layout"):
                style = fill_style(scale, name, facts, self.labels)
                document, problems = _layout(self.settings, {**ctx, "fill_style": style}, self.files, name_pt)
            self.layouts += 1
            if problems:
                raise RenderError("the template tried to load something it may not: " + "; ".join(problems))
            self._last = document
            self._type_scales[id(document)] = (name, facts, self.labels)
            if name_pt is not None or len(document.pages) != 1:
                return document
            cramped = cramped_type(document.pages[0])
            # A little more room than the share says: it is counted in letters (names), and a larger
            # scale later narrows the facts column beside a growing photo.
            name_cap = max(TYPE_MIN, name * cramped.name * 0.97) if cramped.name < 1 and name > TYPE_MIN else None
            facts_cap = labels = None
            if cramped.label < 1 and self.labels < LABELS_MAX:
                labels = min(LABELS_MAX, self.labels / cramped.label * 1.05)
            elif cramped.label < 1 and facts > TYPE_MIN:
                facts_cap = max(TYPE_MIN, facts * cramped.label * 0.93)
            if name_cap is None and facts_cap is None and labels is None:
                return document
            self.name_cap = name_cap or self.name_cap
            self.facts_cap = facts_cap or self.facts_cap
            self.labels = labels or self.labels


# What the fit loop chose in this process: a poster rendered again (a preview, then the release) is laid out once.
_CHOSEN = ScaleCache()


def forget_fit_choices() -> None:
    """Forget what the fit loop chose so far (benchmarks measure the search itself)."""
    _CHOSEN.clear()


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


@lru_cache(maxsize=64)
def qr_png(url: str) -> bytes:
    """A QR code for the case's public URL, as PNG bytes with no metadata (made once per URL: every paper and
    language of a publish prints the same code)."""
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
