"""Text in an uploaded photo, read by the real OCR (RapidOCR), through the web: found, refused, covered, published.

A shared test photo (used in place from ../shared, never copied into the repository)
gets a line of text drawn by Pillow. The review page shows RapidOCR's "text to decide"
finding with Keep and Cover; approval is refused until it is decided; the reviewer covers
it with the page's own form, approves (not the case's author), the job publishes, and
OCR reads nothing at that box of the published photo nor the words anywhere in the
published poster and card.
"""
from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import need_shared

from .conftest import Client, sample

pytestmark = pytest.mark.slow

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


def _text_forms(page: str) -> list[dict[str, str]]:
    """The Keep/Cover forms of the review page, as the fields a browser would post."""
    forms = re.findall(r'<form[^>]*class="photo-text-decision"[^>]*>(.*?)</form>', page, re.S)
    return [{unescape(n): unescape(v) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', f)}
            for f in forms]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_text_read_by_ocr_is_decided_on_the_review_page_and_unreadable_once_published(app):
    photo, badge = _badge_photo()
    assert "RIVER" in _reads(Image.open(io.BytesIO(photo)), badge), "the drawn text must be legible to start with"
    text, _ = sample()
    assert OLD_ENTRY in text, "sample 01's photo entry changed; update this test"
    text = text.replace(OLD_ENTRY, "      - file: photos/badge.png\n        role: primary\n")

    casey = Client(app, "casey")
    r = casey.post("/cases/new", data={"yaml_text": text, "photos": (io.BytesIO(photo), "badge.png")},
                   content_type="multipart/form-data")
    assert r.status_code == 302, r.text
    case_id = int(r.headers["Location"].split("/")[2])
    # The case manager cannot send it on: `posters check` says the text waits for a reviewer.
    refused = casey.post(f"/cases/{case_id}/submit")
    assert refused.status_code == 422 and "must keep or cover it" in refused.text

    robin = Client(app, "robin")
    page = robin.get(f"/cases/{case_id}/review").text
    assert "text to decide" in page and "legible text: a reviewer must keep or cover it" in page
    [form] = [f for f in _text_forms(page)
              if "RIVER" in unescape(page.split(f'value="{f["region"]}"')[0].rsplit('<tr class="text-finding', 1)[1])]
    box = tuple(int(form[k]) for k in ("left", "top", "right", "bottom"))
    assert box[0] < badge[2] and badge[0] < box[2] and box[1] < badge[3] and badge[1] < box[3]  # on the badge
    release = re.search(r'name="release_hash" value="([0-9a-f]{64})"', page).group(1)

    # Approval waits for the decision.
    no = robin.post(f"/cases/{case_id}/approve", data={"release_hash": release})
    assert no.status_code in (409, 422) and "keep or cover" in no.text
    assert "Approved by" not in robin.get(f"/cases/{case_id}/review").text

    # Cover, with the page's own form (its hidden fields and the Cover button's value).
    r = robin.post(f"/cases/{case_id}/decisions", data={**form, "reason": "a club's name: says where she plays",
                                                         "choice": "cover"})
    assert r.status_code == 302 and r.headers["Location"].endswith("#photos")
    page = robin.get(f"/cases/{case_id}/review").text
    assert "text to decide" not in page and "the reviewer chose to cover it" in page
    new_release = re.search(r'name="release_hash" value="([0-9a-f]{64})"', page).group(1)
    assert new_release != release  # the decision is part of what is approved
    assert casey.post(f"/cases/{case_id}/approve", data={"release_hash": new_release}).status_code == 403
    ok = robin.post(f"/cases/{case_id}/approve", data={"release_hash": new_release, "note": "text covered"})
    assert ok.status_code == 302, ok.text

    r = casey.post(f"/cases/{case_id}/publish")
    assert r.status_code == 302
    assert "done" in casey.get(r.headers["Location"]).text  # immediate jobs: published by now
    public_photo = Image.open(io.BytesIO(robin.get(f"/cases/{case_id}/review/photo/0/0").data))
    assert public_photo.size == Image.open(io.BytesIO(photo)).size
    assert _reads(public_photo, box) == "", "the covered text can still be read in the published photo"

    release_page = Client(app, "sam").get(f"/cases/{case_id}/release").text
    links = dict((unescape(n), int(i)) for i, n in re.findall(r'/release/file/(\d+)[^"]*"[^>]*>([^<]+\.(?:png|jpg))<',
                                                            release_page))
    chosen = [n for n in links if n == "poster-letter-en.png" or re.fullmatch(r"social/[^/]*square[^/]*-en\.(png|jpg)", n)]
    assert len(chosen) >= 2, links
    for name in chosen:
        data = casey.get(f"/cases/{case_id}/release/file/{links[name]}").data
        words = _reads(Image.open(io.BytesIO(data)))
        assert "AVA" in words or "MISSING" in words, (name, words)  # OCR reads this image ...
        assert "RIVER" not in words and "SOCCER" not in words, (name, words)  # ... but not the covered text
