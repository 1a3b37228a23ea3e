"""The case form says what `posters check` says, beside each field; YAML goes in and out unchanged."""
from __future__ import annotations

import io
import re

from .conftest import Client, create_case, sample


def test_form_messages_are_the_words_of_posters_check(app, tmp_path, capsys):
    from posters.cli import main

    text, photos = sample()
    bad = text.replace("date_of_birth: 2010-05-14", "date_of_birth: 2010-13-45").replace("sex: female", "sex: girl")
    (tmp_path / "case.yaml").write_text(bad, encoding="utf-8")
    assert main(["check", "--no-faces", str(tmp_path / "case.yaml")]) == 2
    cli_lines = [line for line in capsys.readouterr().err.splitlines() if ": " in line and "case.yaml:" in line]
    assert len(cli_lines) == 2

    c = Client(app, "casey")
    r = c.post("/cases/new", data={"yaml_text": bad, "photos": [(io.BytesIO(b), n.rsplit("/", 1)[-1])
                                                                 for n, b in photos.items()]},
               content_type="multipart/form-data")
    assert r.status_code == 302
    page = c.get(r.headers["Location"]).text
    for line in cli_lines:
        path, message = re.match(r".*case\.yaml:\d+(?::\d+)?: (\S+): (.*)$", line).groups()
        block = re.search(r'<code>' + re.escape(path) + r'</code></label>(.*?)</div>\s*</div>', page, re.DOTALL)
        assert block, path
        assert message.replace("'", "&#39;") in block.group(1), (path, message)


def test_fixing_a_field_in_the_form_saves_valid_yaml(app):
    text, photos = sample()
    c = Client(app, "casey")
    r = c.post("/cases/new", data={"yaml_text": text.replace("lb: 120", "lb: heavy"),
                                   "photos": [(io.BytesIO(b), n) for n, b in photos.items()]},
               content_type="multipart/form-data")
    edit = r.headers["Location"]
    page = c.get(edit).text
    assert "children[0].weight.lb" in page and "expected a number" in page
    r = c.post(edit, data={"mode": "fields", "f:children[0].weight.lb": "121"})
    assert "The case file is valid" in r.text
    case_id = int(edit.split("/")[2])
    exported = c.get(f"/cases/{case_id}/case.yaml").text
    assert "lb: 121" in exported and "date_of_birth: 2010-05-14" in exported  # dates stay unquoted


def test_yaml_export_and_import_round_trip(app):
    text, _ = sample()
    case_id = create_case(app)
    c = Client(app, "casey")
    r = c.get(f"/cases/{case_id}/case.yaml")
    assert r.text == text and r.headers["Content-Disposition"].startswith("attachment")
    changed = text.replace("Springfield Police Department", "Springfield Police Dept.")
    r = c.post(f"/cases/{case_id}/edit", data={"mode": "import", "yaml_file": (io.BytesIO(changed.encode()), "case.yaml")},
               content_type="multipart/form-data")
    assert r.status_code == 200 and "version 2" in r.text
    assert c.get(f"/cases/{case_id}/case.yaml").text == changed


def test_send_for_review_refuses_a_case_that_is_not_ready(app):
    text, _ = sample()
    c = Client(app, "casey")
    r = c.post("/cases/new", data={"yaml_text": text, "photos": []}, content_type="multipart/form-data")
    case_id = int(r.headers["Location"].split("/")[2])
    r = c.post(f"/cases/{case_id}/submit")
    assert r.status_code == 422 and "photos/ava-2026.jpg" in r.text and "upload it under that name" in r.text
    # From the form: saved, and the page says why it was not sent.
    r = c.post(f"/cases/{case_id}/edit", data={"mode": "fields", "f:children[0].hair": "Red", "submit_review": "1"})
    assert r.status_code == 200 and "version 2" in r.text
    sent = r.text.split('id="not-sent"')[1].split("</div>")[0]
    assert "not sent for review" in sent and "upload it under that name" in sent


def test_queue_shows_counts_and_holders(app):
    create_case(app)
    create_case(app, name="03-spanish")
    page = Client(app, "robin").get("/").text
    assert re.search(r'data-state="draft">2<', page)
    assert page.count("<td>casey</td>") >= 2


def test_the_form_offers_every_field_the_schema_allows(app):
    case_id = create_case(app)
    c = Client(app, "casey")
    page = c.get(f"/cases/{case_id}/edit").text
    assert "<code>case.template</code> <span class=\"hint\">(not in the file yet; optional)</span>" in page
    # A new case lacks required keys too: the label must not call them optional.
    from posters.web.views.cases import NEW_CASE

    r = c.post("/cases/new", data={"yaml_text": NEW_CASE})
    assert r.status_code == 302
    fresh = c.get(r.headers["Location"]).text
    assert "<code>case.case_type</code> <span class=\"hint\">(not in the file yet; required)</span>" in fresh
    assert "<code>case.ncmec_number</code> <span class=\"hint\">(not in the file yet; optional)</span>" in fresh
    assert "is None" not in fresh and "case.id</code> (line 3): is empty; expected text" in fresh
    assert re.search(r'<select[^>]*name="f:children\[0\]\.sex"', page)  # a choice is a select
    r = c.post(f"/cases/{case_id}/edit", data={"mode": "fields", "f:case.template": "standard"})
    assert "version 2" in r.text
    assert "template: standard" in c.get(f"/cases/{case_id}/case.yaml").text


def test_the_queue_pages_through_more_than_200_cases(app):
    """Every case is reachable from the queue: 200 a page, newest first, no overlap, no gap."""
    import datetime as dt
    import re

    from posters.web import accounts
    from posters.web import db as database
    from posters.web.models import CaseRecord

    start = dt.datetime(2026, 1, 1)
    with app.test_request_context():
        s = database.session()
        uid = accounts.find_user(s, "casey").id
        s.add_all([CaseRecord(case_ref=f"Q-{n:03d}", yaml_text="", created_by_id=uid, last_edited_by_id=uid,
                              updated_at=start + dt.timedelta(minutes=n // 2)) for n in range(450)])  # ties too
        s.commit()
    casey = Client(app, "casey")
    seen = []
    for page in (1, 2, 3):
        html = casey.get(f"/?page={page}").text
        seen += re.findall(r">(Q-\d{3})</a>", html)
        assert f"page {page} of 3" in html
    assert len(seen) == 450 == len(set(seen)) and seen[0] == "Q-449"
    assert 'rel="next"' not in casey.get("/?page=3").text and 'rel="prev"' not in casey.get("/").text
    assert "Q-449" in casey.get("/?page=nonsense").text and "page 3 of 3" in casey.get("/?page=99").text
    assert "pages" not in casey.get("/?state=published").text.split("</table>")[1]


def test_add_and_remove_entries_keep_what_was_typed_and_uploaded(app):
    """The form's Add and Remove buttons (plain submit buttons: no script) save the other fields first."""
    import yaml

    text, photos = sample()
    case_id = create_case(app)
    c = Client(app, "casey")
    url = f"/cases/{case_id}/edit"
    page = c.get(url).text
    assert 'name="add" value="children"' in page and 'name="add" value="companions"' in page
    assert 'name="remove" value="children[0]"' not in page  # a case has at least one child
    assert 'name="upload:children[0].photos[0]"' in page and "(uploaded; choose another" in page
    assert page.index('name="save"') < page.index('name="add"')  # Enter in a field saves, never adds or removes

    r = c.post(url, data={"f:children[0].hair": "Red", "add": "children"})
    assert r.status_code == 200 and 'name="f:children[1].first_name"' in r.text
    assert re.search(r'name="f:children\[1\]\.[^"]+"[^>]*autofocus', r.text)
    assert 'name="remove" value="children[1]"' in r.text and 'name="remove" value="children[0]"' in r.text
    # posters check's words beside the new child's empty required fields.
    block = re.search(r'<code>children\[1\]\.first_name</code>.*?</label>(.*?)</div>\s*</div>', r.text, re.S)
    assert block and "is required but missing" in block.group(1)
    data = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)
    assert data["children"][0]["hair"] == "Red" and data["children"][1] == {}

    # A photo entry for the new child, its photo uploaded beside it, and the child's name, in one post.
    r = c.post(url, data={"add": "children[1].photos"})
    assert 'name="upload:children[1].photos[0]"' in r.text
    [(name, photo)] = photos.items()
    r = c.post(url, data={"f:children[1].first_name": "Ben", "save": "1",
                          "upload:children[1].photos[0]": (io.BytesIO(photo), "ben.jpg")},
               content_type="multipart/form-data")
    data = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)
    assert data["children"][1] == {"first_name": "Ben", "photos": [{"file": "photos/ben.jpg"}]}
    assert "(uploaded; choose another" in r.text.split('name="upload:children[1].photos[0]"')[0].rsplit("<label", 1)[1]

    # A companion's vehicle is a mapping the file does not have yet: its fields are there, empty.
    r = c.post(url, data={"add": "companions"})
    for field in ("companions[0].role", "companions[0].first_name", "companions[0].vehicle.plate",
                  "companions[0].height.feet"):
        assert f'name="f:{field}"' in r.text, field
    assert 'name="add" value="companions[0].photos"' in r.text

    # Remove the second child: its photo goes from the case too (no entry names it any more).
    r = c.post(url, data={"remove": "children[1]", "f:companions[0].first_name": "Lee"})
    data = yaml.safe_load(c.get(f"/cases/{case_id}/case.yaml").text)
    assert len(data["children"]) == 1 and data["companions"] == [{"first_name": "Lee"}]
    assert "photos/ben.jpg" not in r.text and name in r.text

    # The schema's limits: at most four children; a crafted request past them is refused and saves nothing.
    for _ in range(3):
        r = c.post(url, data={"add": "children"})
    assert 'name="add" value="children"' not in r.text and 'name="f:children[3].first_name"' in r.text
    before = c.get(f"/cases/{case_id}/case.yaml").text
    refused = c.post(url, data={"add": "children", "f:children[0].hair": "Blue"})
    assert refused.status_code == 422 and "1 to 4 children" in refused.text
    assert c.get(f"/cases/{case_id}/case.yaml").text == before
