"""Text read in a web case's photos, decided in the database: readiness and approval see the decision;
a companion's photo takes decisions like a child's (API, review page, published pixels).

The text is drawn with Pillow on the samples' photos before upload; nothing the scanner
flags, so only a reviewer can decide it.
"""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from .conftest import Client, api_token, bearer, sample

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PLAIN = "BLUE RIVER SOCCER"
UNDECIDED = "photo-text-undecided"


def _with_text(data: bytes, xy: tuple[int, int]) -> bytes:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    font = ImageFont.truetype(FONT, 28)
    left, top, right, bottom = font.getbbox(PLAIN)
    badge = Image.new("RGB", (right - left + 20, bottom - top + 20), (255, 255, 255))
    ImageDraw.Draw(badge).text((10 - left, 10 - top), PLAIN, fill=(0, 0, 0), font=font)
    image.paste(badge, xy)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def _create(app, name: str, photo: str, xy: tuple[int, int]) -> int:
    from posters.web import accounts, casework
    from posters.web import db as database

    text, photos = sample(name)
    photos[photo] = _with_text(photos[photo], xy)
    with app.test_request_context():
        s = database.session()
        case, _ = casework.create(s, accounts.find_user(s, "casey"), text, photos, require_valid=True)
        return case.id


def _undecided(review: dict, path: str) -> dict:
    [photo] = [p for p in review["photos"] if p["path"] == path]
    [finding] = [f for f in photo["findings"] if f["label"] == "text to decide"]
    return finding


def _readiness(app, case_id: int, *, stored: bool = True) -> list[str]:
    """Error codes of check_readiness on the case as the database store holds it (its decisions, or none)."""
    from posters.check.readiness import check_readiness
    from posters.public import stored_decisions
    from posters.web import db as database
    from posters.web.dbstore import DbStore
    from posters.web.models import CaseRecord

    with app.test_request_context():
        store = DbStore(database.session(), database.session().get(CaseRecord, case_id))
        ready = check_readiness(store.load_case(), decisions=stored_decisions(store) if stored else None)
        return [f.code for f in ready.findings if f.level == "error"]


def test_readiness_and_approval_read_photo_decisions_from_the_database_store(app) -> None:
    from posters.web import library
    from posters.web import db as database
    from posters.web.models import CaseRecord

    case_id = _create(app, "01-standard", "photos/ava-2026.jpg", (40, 560))  # below Ava's face (283-469 x 160-345)
    client, rev = app.test_client(), api_token(app, "robin")
    assert UNDECIDED in _readiness(app, case_id)
    review = client.get(f"/api/cases/{case_id}/review", headers=bearer(rev)).get_json()
    finding = _undecided(review, "children[0].photos[0]")
    refused = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": review["release_hash"]},
                          headers=bearer(rev))
    assert refused.status_code >= 400 and "must keep or cover" in refused.get_json()["error"]
    r = client.post(f"/api/cases/{case_id}/decisions", headers=bearer(rev), json={
        "action": "photo_text", "target": "children[0].photos[0]", "region": finding["id"], "box": finding["box"],
        "choice": "keep", "reason": "a team name, harmless"})
    assert r.status_code == 201
    # Decided in the database: the store's readiness is ready, as is the web's check with the stored decisions.
    assert _readiness(app, case_id) == []
    assert UNDECIDED in _readiness(app, case_id, stored=False)  # the case text alone has no decisions
    with app.test_request_context():
        case = database.session().get(CaseRecord, case_id)
        photos = {p.name: p.data for p in case.photos}
        assert not [f for f in library.check(case.yaml_text, photos, review_json=case.review_json).findings
                    if "must keep or cover" in f.message]
        assert [f for f in library.check(case.yaml_text, photos).findings if "must keep or cover" in f.message]
    h = r.get_json()["release_hash"]
    approved = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": h}, headers=bearer(rev))
    assert approved.status_code == 200, approved.get_json()


def test_a_companion_photo_takes_text_decisions_on_the_web(app) -> None:
    case_id = _create(app, "06-family-abduction", "photos/daniel-2025.jpg", (30, 440))
    client, rev = app.test_client(), api_token(app, "robin")
    review = client.get(f"/api/cases/{case_id}/review", headers=bearer(rev)).get_json()
    finding = _undecided(review, "companions[0].photos[0]")
    robin = Client(app, "robin")
    page = robin.get(f"/cases/{case_id}/review").text
    assert 'value="companions[0].photos[0]"' in page and "companion 1, photo 1" in page
    child = robin.get(f"/cases/{case_id}/review/photo/0/0")
    before = robin.get(f"/cases/{case_id}/review/companion-photo/0/0")
    assert before.status_code == 200 and before.mimetype == "image/jpeg" and before.data != child.data
    assert robin.get(f"/cases/{case_id}/review/companion-photo/1/0").status_code == 404
    url = f"/api/cases/{case_id}/decisions"
    bad = client.post(url, headers=bearer(rev), json={"action": "photo_text", "target": "companions[3].photos[0]",
                                                      "region": finding["id"], "box": finding["box"],
                                                      "choice": "cover", "reason": "x"})
    assert bad.status_code == 422 and "companions[0].photos[0]" in bad.get_json()["error"]
    # The review page's Cover button posts this form.
    r = robin.post(f"/cases/{case_id}/decisions", data={
        "action": "photo_text", "target": "companions[0].photos[0]", "region": finding["id"],
        **dict(zip(("left", "top", "right", "bottom"), (str(v) for v in finding["box"]))),
        "choice": "cover", "reason": "a team name"})
    assert r.status_code == 302
    after = client.get(f"/api/cases/{case_id}/review", headers=bearer(rev)).get_json()
    [photo] = [p for p in after["photos"] if p["path"] == "companions[0].photos[0]"]
    assert [f["label"] for f in photo["findings"] if f["kind"] == "text"] == ["covered text"]
    assert after["release_hash"] != review["release_hash"]
    [d] = client.get(url, headers=bearer(rev)).get_json()["decisions"]
    assert (d["kind"], d["photo"]) == ("photo_text", "companions[0].photos[0]")
    approved = client.post(f"/api/cases/{case_id}/approve", json={"release_hash": after["release_hash"]},
                           headers=bearer(rev))
    assert approved.status_code == 200, approved.get_json()
