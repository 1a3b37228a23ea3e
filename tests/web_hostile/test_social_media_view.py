"""What the social-media team sees: the published release and its files, never the staff's own fields.

Per surface (the queue, the release page, the takedown list, the API, the
OpenAPI document), then a generated walk of every GET route as social_media
for a case full of distinctive withheld values: none may appear in any answer.
Also: a takedown of a case that was never published is refused.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from .conftest import World, add_users, bearer, build_app, dispose
from .distinct import distinct_case


@pytest.fixture(scope="module")
def sm_world(tmp_path_factory):
    """A published case and a draft, both full of unique withheld values; the published one also taken down later."""
    app = build_app(tmp_path_factory.mktemp("sm") / "data")
    add_users(app)
    w = World(app)
    text, photos, values = distinct_case("SM7")
    w.cases["published"] = cid = w.create(text=text, photos=photos)
    w.submit(cid)
    w.approve(cid)
    assert w.run_job(w.request_publish(cid)) == "done"
    w.cases["draft"] = w.create(text=text, photos=photos)
    w.values = values  # type: ignore[attr-defined]
    yield w
    dispose(app)


def _withheld(w) -> dict[str, str]:  # noqa: ANN001
    return {k: v for k, v in w.values.items() if k != "last_name"}  # the child's name is public once published


def _texts(response) -> list[str]:  # noqa: ANN001
    """The answer as text, and each member of a zip (names and contents) too."""
    out = [response.get_data().decode("utf-8", errors="replace")]
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as zf:
            for name in zf.namelist():
                out += [name, zf.read(name).decode("utf-8", errors="replace")]
    return out


def _assert_clean(w, path: str, response) -> None:  # noqa: ANN001
    for text in _texts(response):
        for key, value in _withheld(w).items():
            assert value not in text, f"social_media sees the {key} at GET {path} ({response.status_code})"
    for staff in ("casey", "robin", "Casey Tester", "Robin Tester"):
        assert staff.encode() not in response.get_data(), f"a staff name at GET {path}"


def test_the_queue_shows_social_media_no_agency_id_nor_staff(sm_world):
    w = sm_world
    page = w.client("sam").get("/").text
    assert f"case {w.cases['published']}" in page
    assert w.values["case_ref"] not in page and "Held by" not in page and "casey" not in page
    assert 'data-state="draft"' not in page  # nor how many drafts wait
    assert w.values["case_ref"] in w.client("casey").get("/").text  # the staff still do


def test_the_release_page_shows_social_media_no_agency_id_nor_publisher(sm_world):
    w = sm_world
    page = w.client("sam").get(f"/cases/{w.cases['published']}/release").text
    assert "Published release: case" in page and w.values["case_ref"] not in page and "by robin" not in page
    assert "by robin" in w.client("casey").get(f"/cases/{w.cases['published']}/release").text


def test_the_api_gives_social_media_only_public_fields(sm_world):
    w = sm_world
    c = w.app.test_client()
    [listed] = c.get("/api/cases", headers=bearer(w.token("sam"))).get_json()["cases"]
    assert set(listed) == {"id", "state", "updated_at"}, listed
    staff = {x["id"]: x for x in c.get("/api/cases", headers=bearer(w.token("robin"))).get_json()["cases"]}
    assert staff[w.cases["published"]]["case_ref"] == w.values["case_ref"]
    doc = c.get("/api/openapi.json").get_json()
    assert "absent for social_media" in doc["components"]["schemas"]["Case"]["description"]
    assert "case_ref" not in doc["components"]["schemas"]["Case"]["required"]


def _urls(w) -> list[str]:  # noqa: ANN001
    """Every GET route of the app with its parameters filled from the world's cases, jobs and files."""
    from flask import url_for
    from sqlalchemy import select

    from posters.web.models import Artifact, Publication

    with w.app.extensions["posters_db"]() as s:
        pub = s.scalars(select(Publication).where(Publication.case_id == w.cases["published"])).one()
        artifacts = list(s.scalars(select(Artifact.id).where(Artifact.publication_id == pub.id)))
        job = pub.job_id
    choices = {"case_id": list(w.cases.values()), "artifact_id": artifacts, "job": [job], "child": [0],
               "photo": [0], "kind": ["poster", "card"], "filename": ["app.css"]}
    urls = []
    with w.app.test_request_context():
        for rule in w.app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            combos: list[dict] = [{}]
            for arg in sorted(rule.arguments - set(rule.defaults or {})):  # a default is fixed by the route
                assert arg in choices, f"no values for <{arg}> of {rule.rule}: add them here"
                combos = [{**c, arg: v} for c in combos for v in choices[arg]]
            urls += [url_for(rule.endpoint, **c) for c in combos]
    return sorted(set(urls)) + ["/?state=draft", "/?state=published", "/?page=2"]


def _walk(w) -> int:  # noqa: ANN001
    urls = _urls(w)
    assert len(urls) >= 25
    token = bearer(w.token("sam"))
    session, api = w.client("sam"), w.app.test_client()
    for url in urls:
        _assert_clean(w, url, session.get(url))
        _assert_clean(w, url + " (token)", api.get(url, headers=token))
    return len(urls)


def test_no_withheld_value_reaches_social_media_on_any_get_route(sm_world):
    """Generated from the url_map: a new GET route is walked without being listed here."""
    w = sm_world
    # The walk can find: the staff see the withheld values on these routes.
    assert w.values["placement_address"] in w.client("casey").get(f"/cases/{w.cases['draft']}/case.yaml").text
    assert _walk(w) >= 25


def test_takedown_of_a_case_never_published_is_refused_page_and_api(sm_world):
    from tests.web.test_admin_audit_takedown import close_case

    w = sm_world
    cid = w.cases["draft"]
    close_case(w.app, cid)  # closed (recovered), but nothing of it was ever public
    r = w.client("casey").post(f"/cases/{cid}/takedown", data={"reason": "found"})
    assert r.status_code == 409 and "never published; there is nothing to take down" in r.text
    r = w.app.test_client().post(f"/api/cases/{cid}/takedown", headers=bearer(w.token("casey")), json={})
    assert r.status_code == 409 and "never published" in r.get_json()["error"]
    trail = w.app.test_client().get(f"/api/cases/{cid}/audit", headers=bearer(w.token("casey"))).get_json()
    assert {e["action"] for e in trail["entries"]} & {"close", "takedown"} == set()
    assert "taken" not in w.client("casey").get(f"/cases/{cid}").text.lower().split("<main", 1)[1][:300]


def test_takedown_through_the_api_and_the_takedown_list_as_social_media(sm_world):
    from tests.web.test_admin_audit_takedown import close_case

    w = sm_world
    cid = w.cases["published"]
    close_case(w.app, cid)
    r = w.app.test_client().post(f"/api/cases/{cid}/takedown", headers=bearer(w.token("casey")),
                                 json={"reason": "found safe"})
    assert r.status_code == 200 and r.get_json()["state"] == "taken_down", r.text
    assert {f["state"] for f in r.get_json()["files"]} == {"deleted"}
    page = w.client("sam").get("/takedowns").text
    assert f"case {cid}" in page and w.values["case_ref"] not in page and "manifest.json" in page
    assert w.values["case_ref"] in w.client("casey").get("/takedowns").text
    _walk(w)  # and after the takedown, every GET route again
