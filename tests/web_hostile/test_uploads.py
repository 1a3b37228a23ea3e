"""Hostile uploads through the API and the form: each a clear 4xx with the reason, nothing written, still serving."""
from __future__ import annotations

import io
import time

import pytest

from tests.imageutil import png_declaring

from .conftest import bearer, sample

TEXT, PHOTOS = sample()
PHOTO_NAME = "ava-2026.jpg"
JPEG = PHOTOS["photos/" + PHOTO_NAME]
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
YAML_BOMB = "\n".join(["schema: posters/case-v1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                      + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                         f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]
                      + ["case:", "  id: *i"]) + "\n"
DEEP_YAML = "schema: posters/case-v1\ncase: " + "[" * 5000 + "]" * 5000 + "\n"
MB = 1024 * 1024

# (id, case text, [(file name, bytes)], expected status, words the answer must contain)
CASES = [
    ("decompression bomb", TEXT, [(PHOTO_NAME, png_declaring(100_000, 100_000))], 422, "decompression bomb"),
    ("html named .jpg", TEXT, [(PHOTO_NAME, b"<html><script>alert(1)</script></html>")], 422, "not an image"),
    ("svg", TEXT, [(PHOTO_NAME, SVG)], 422, "not an image"),
    ("svg named .svg", TEXT.replace("ava-2026.jpg", "ava.svg"), [("ava.svg", SVG)], 422, "not an image"),
    ("heic", TEXT, [(PHOTO_NAME, HEIC)], 422, "HEIC is not supported"),
    ("empty file", TEXT, [(PHOTO_NAME, b"")], 422, "empty"),
    ("one file too large", TEXT, [(PHOTO_NAME, JPEG + b"\0" * (26 * MB))], 413, "25 MB"),
    ("traversal", TEXT, [("../../etc/" + PHOTO_NAME, JPEG)], 422, "plain file name"),
    ("absolute", TEXT, [("/etc/" + PHOTO_NAME, JPEG)], 422, "plain file name"),
    ("windows traversal", TEXT, [("..\\..\\" + PHOTO_NAME, JPEG)], 422, "plain file name"),
    ("windows absolute", TEXT, [("C:\\Users\\x\\" + PHOTO_NAME, JPEG)], 422, "plain file name"),
    ("nul in name", TEXT, [("ava\x00.jpg", JPEG)], 422, "plain file name"),
    ("duplicate names", TEXT, [(PHOTO_NAME, JPEG), (PHOTO_NAME, JPEG[:-10])], 422, "twice"),
    ("case file names a path outside", TEXT.replace("photos/ava-2026.jpg", "../../ava-2026.jpg"),
     [(PHOTO_NAME, JPEG)], 422, "plain relative path"),
    ("yaml bomb", YAML_BOMB, [(PHOTO_NAME, JPEG)], 422, "anchors and aliases"),
    ("yaml nested deep", DEEP_YAML, [(PHOTO_NAME, JPEG)], 422, "nested"),
    ("case file too large", TEXT + "#" * (300 * 1024), [(PHOTO_NAME, JPEG)], 422, "at most"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from .conftest import add_users, build_app, dispose

    app = build_app(tmp_path_factory.mktemp("uploads") / "data")
    add_users(app)
    yield app
    dispose(app)


def _count(app) -> tuple[int, int]:  # noqa: ANN001
    from sqlalchemy import func, select

    from posters.web.models import CasePhoto, CaseRecord

    with app.extensions["posters_db"]() as s:
        return s.scalar(select(func.count()).select_from(CaseRecord)), s.scalar(select(func.count()).select_from(CasePhoto))


def _api(app, text, files):  # noqa: ANN001, ANN202
    from .conftest import api_token

    data = {"case": (io.BytesIO(text.encode()), "case.yaml"), "photos": [(io.BytesIO(b), n) for n, b in files]}
    return app.test_client().post("/api/cases", headers=bearer(api_token(app, "casey")), data=data,
                                  content_type="multipart/form-data")


def _form(app, text, files):  # noqa: ANN001, ANN202
    from .conftest import Client

    c = Client(app, "casey")
    return c.c.post("/cases/new", data={"csrf_token": c.token, "yaml_text": text,
                                        "photos": [(io.BytesIO(b), n) for n, b in files]},
                    content_type="multipart/form-data")


@pytest.mark.parametrize("via", ["api", "form"])
@pytest.mark.parametrize("name,text,files,status,words", CASES, ids=[c[0] for c in CASES])
def test_hostile_upload_is_refused_and_nothing_is_written(app, via, name, text, files, status, words):
    before = _count(app)
    started = time.monotonic()
    r = (_api if via == "api" else _form)(app, text, files)
    assert time.monotonic() - started < 20, "the refusal took too long"
    assert r.status_code == status, f"{name} via {via}: {r.status_code} {r.text[-600:]}"
    assert words in r.text, f"{name} via {via}: the answer does not say why: {r.text[-600:]}"
    if via == "api":
        assert "error" in r.get_json()
    assert _count(app) == before, "something was written"
    assert app.test_client().get("/healthz").status_code == 200


def test_the_per_request_limit_is_413(app):
    r = _api(app, TEXT, [(PHOTO_NAME, JPEG), ("b.jpg", b"\0" * (20 * MB)), ("c.jpg", b"\0" * (20 * MB)),
                         ("d.jpg", b"\0" * (20 * MB)), ("e.jpg", b"\0" * (21 * MB))])
    assert r.status_code == 413
    assert "too large" in r.get_json()["error"]


def test_an_edit_with_a_hostile_photo_keeps_the_case_as_it_was(app):
    from .conftest import Client, World

    w = World(app)
    cid = w.create()
    c = Client(app, "casey")
    before = c.get(f"/cases/{cid}/case.yaml").data
    r = c.c.post(f"/cases/{cid}/edit", data={"csrf_token": c.token, "mode": "yaml", "yaml_text": TEXT + "# edited\n",
                                            "photos": [(io.BytesIO(SVG), PHOTO_NAME)]},
                 content_type="multipart/form-data")
    assert r.status_code == 422 and "not an image" in r.text
    assert c.get(f"/cases/{cid}/case.yaml").data == before
    r = c.c.post(f"/cases/{cid}/edit", data={"csrf_token": c.token, "mode": "yaml", "yaml_text": YAML_BOMB})
    assert r.status_code == 422 and "anchors and aliases" in r.text
    assert c.get(f"/cases/{cid}/case.yaml").data == before
    assert c.get(f"/cases/{cid}/edit").status_code == 200


def test_a_good_upload_still_works(app):
    before = _count(app)
    r = _api(app, TEXT, [(PHOTO_NAME, JPEG)])
    assert r.status_code == 201, r.text
    assert _count(app) == (before[0] + 1, before[1] + 1)
