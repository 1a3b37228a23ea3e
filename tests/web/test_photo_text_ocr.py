"""Text in an uploaded photo, read by the real OCR (RapidOCR), in Chromium: found, refused, covered, published.

A shared test photo (read in place from ../shared; the version with text lives in the
test's temporary folder, never in the repository) gets a line of text drawn by Pillow.
The case page says the text waits for a reviewer; the review page shows RapidOCR's "text
to decide" finding with Keep and Cover; approval is refused until it is decided; the
reviewer covers it with the page's button, approves (not the case's author), the case
manager publishes, and OCR reads nothing at that box of the published photo nor the
words anywhere in the published poster and square card.
"""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import need_shared

from .conftest import sample
from .test_browser import _login, browser, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PLAIN = "BLUE RIVER SOCCER"  # nothing the redaction scanner knows: a reviewer must decide
OLD_ENTRY = "      - file: photos/ava-2026.jpg\n        taken: 2026-08-01\n        role: primary\n"


def _badge_photo() -> tuple[bytes, tuple[int, int, int, int]]:
    """obama.jpg with PLAIN black on a white badge below the face, as PNG; the badge's box."""
    image = Image.open(need_shared() / "obama.jpg").convert("RGB")
    font = ImageFont.truetype(FONT, 44)
    left, top, right, bottom = font.getbbox(PLAIN)
    badge = Image.new("RGB", (right - left + 24, bottom - top + 24), (255, 255, 255))
    ImageDraw.Draw(badge).text((12 - left, 12 - top), PLAIN, fill=(0, 0, 0), font=font)
    xy = (120, 900)
    image.paste(badge, xy)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue(), (xy[0], xy[1], xy[0] + badge.width, xy[1] + badge.height)


def _reads(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> str:
    """The Latin letters and digits RapidOCR reads in `image` (in `box`, with room around it), upper case."""
    from posters.photos.ocr import read_text

    if box is not None:
        pad = (box[3] - box[1]) // 2
        image = image.crop((max(0, box[0] - pad), max(0, box[1] - pad), min(image.width, box[2] + pad),
                            min(image.height, box[3] + pad)))
    return "".join(c for r in read_text(image.convert("RGB")) for c in r.text if c.isascii() and c.isalnum()).upper()


@pytest.mark.parametrize("backend", ["sqlite"])  # the OCR and the publish are the slow part, not the database
def test_text_read_by_ocr_is_decided_on_the_review_page_and_unreadable_once_published(server, browser, tmp_path):  # noqa: F811
    base = server
    photo, badge = _badge_photo()
    assert "RIVER" in _reads(Image.open(io.BytesIO(photo)), badge), "the drawn text must be legible to start with"
    (tmp_path / "badge.png").write_bytes(photo)
    text, _ = sample()
    assert OLD_ENTRY in text, "sample 01's photo entry changed; update this test"
    text = text.replace(OLD_ENTRY, "      - file: photos/badge.png\n        role: primary\n")

    casey = _login(browser, base, "casey")
    casey.click("text=New case")
    casey.fill("#yaml_text", text)
    casey.set_input_files("#photos", str(tmp_path / "badge.png"))
    casey.click("button:has-text('Create case')")
    case_url = casey.url.removesuffix("/edit")
    casey.click("button:has-text('Save and send for review')")  # saved, not sent, and the form says why
    assert "must keep or cover it" in casey.inner_text("#not-sent")
    casey.goto(case_url)
    # `posters check` says the text waits for a reviewer: not ready, nothing to send yet.
    assert "Not ready" in casey.inner_text("#readiness")
    assert "must keep or cover it" in casey.inner_text("section[aria-labelledby=ready-h]")
    assert casey.locator("button:has-text('Send for review')").count() == 0

    robin = _login(browser, base, "robin")
    robin.goto(case_url)
    robin.click("text=Redaction review")
    row = robin.locator("tr.text-finding", has_text="RIVER")
    assert row.count() == 1 and "text to decide" in row.inner_text()
    form = row.locator("form.photo-text-decision")
    box = tuple(int(form.locator(f"input[name={k}]").input_value()) for k in ("left", "top", "right", "bottom"))
    assert box[0] < badge[2] and badge[0] < box[2] and box[1] < badge[3] and badge[1] < box[3]  # on the badge
    before = robin.inner_text("#release-hash")

    # Approval waits for the decision.
    robin.click("#approve")
    assert "keep or cover" in robin.inner_text("main")  # the refusal (409): the only console error expected
    robin.go_back()

    # Cover, with the keyboard: the reason, then the Cover button.
    row.locator("input[name=reason]").fill("a club's name: says where she plays")
    row.locator("button:has-text('Cover')").focus()
    robin.keyboard.press("Enter")
    robin.wait_for_url(re.compile(r".*/review#photos$"))
    row = robin.locator("tr.text-finding", has_text="RIVER")
    assert "covered text" in row.inner_text() and "the reviewer chose to cover it" in row.inner_text()
    release = robin.inner_text("#release-hash")
    assert release != before  # the decision is part of what is approved
    robin.fill("#note", "text covered")
    robin.click("#approve")
    assert release in robin.inner_text("#approval")

    casey.goto(case_url)
    casey.click("#publish")
    casey.wait_for_selector("#job-done", state="visible", timeout=180_000)

    public_photo = Image.open(io.BytesIO(casey.request.get(f"{case_url}/review/photo/0/0").body()))
    assert public_photo.size == Image.open(io.BytesIO(photo)).size
    assert _reads(public_photo, box) == "", "the covered text can still be read in the published photo"
    casey.goto(case_url + "/release")
    links = {a.inner_text(): a.get_attribute("href") for a in casey.locator("a[href*='/release/file/']").all()}
    chosen = [n for n in links if n == "poster-letter-en.png" or re.fullmatch(r"social/[^/]*square[^/]*-en\.(png|jpg)", n)]
    assert len(chosen) >= 2, links
    for name in chosen:
        words = _reads(Image.open(io.BytesIO(casey.request.get(base + links[name]).body())))
        assert "AVA" in words or "MISSING" in words, (name, words)  # OCR reads this image ...
        assert "RIVER" not in words and "SOCCER" not in words, (name, words)  # ... but not the covered text
    assert casey.console_errors == [], casey.console_errors  # no CSP violation, no script error
    assert robin.console_errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
