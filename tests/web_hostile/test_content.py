"""Markup, Jinja syntax, CSS and javascript: URLs in every field of a case are shown as text on every page."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml

from .conftest import World, add_users, build_app, dispose, sample

PAYLOAD = ('<script>window.__pwned=1</script>{{7*7}}{% raw %}"><img src=x onerror=alert(1)>'
           "</style><style>*{background:url(javascript:alert(2))}</style>")
# The published case carries a shorter one (the long one in every field does not fit on a poster, which the
# library rightly refuses); the invalid case carries the long one everywhere.
SHORT = "<script>window.__pwned=1</script>{{7*7}}"
ESCAPED = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"


# The free-text fields of sample 01 that carry the short payload in the published case (on the poster, in the
# captions and alt text, in the diff, or withheld).
FREE_TEXT = {"prepared_by", "middle_name", "race", "hair", "eyes", "clothing", "city", "circumstances", "agency",
             "report_number", "name", "relationship", "custody_agency", "placement_name", "placement_address"}


def payload_case(everywhere: bool = False) -> str:
    """Sample 01 with the payload after every free-text value (and in every value when `everywhere`)."""
    text, _ = sample()
    payload = PAYLOAD if everywhere else SHORT

    def walk(v, key=""):  # noqa: ANN001, ANN202
        if isinstance(v, dict):
            return {k: walk(x, k) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, key) for x in v] + ([payload] if key in ("nicknames", "distinguishing_marks") else [])
        if isinstance(v, str) and (everywhere or key in FREE_TEXT) and key != "file":
            return v + " " + payload
        return v
    data = walk(yaml.safe_load(text))
    if everywhere:
        data["case"]["public_url"] = "javascript:alert(3)"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


class _Markup(HTMLParser):
    """Collects what could run: inline scripts, event handlers, style elements and attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        a = dict(attrs)
        if tag == "script" and not a.get("src"):
            self._in_script = True
            self.bad.append("inline <script>")
        if tag in ("style", "img") and tag == "style":
            self.bad.append("<style> element")
        if tag == "img" and a.get("src") == "x":
            self.bad.append("injected <img>")
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append(f"event handler {k} on <{tag}>")
            if k == "style":
                self.bad.append(f"style attribute on <{tag}>")
            if k in ("href", "src", "action", "formaction") and (v or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"javascript: URL in {k} of <{tag}>")


def assert_inert(html: str, where: str) -> None:
    p = _Markup()
    p.feed(html)
    assert not p.bad, f"{where}: {p.bad}"
    assert "window.__pwned=1</script>" not in html, where


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One app with a valid case carrying the payload in every free-text field, approved with a payload note and
    published, an invalid case with the payload in every field, and a user whose full name is the payload."""
    app = build_app(tmp_path_factory.mktemp("content") / "data")
    add_users(app)
    add_users(app, {"mallory": ["reviewer"]})
    w = World(app)
    from posters.web import db as database
    from posters.web.accounts import find_user

    with app.test_request_context():
        s = database.session()
        find_user(s, "mallory").full_name = "Mallory " + PAYLOAD
        s.commit()
    _, photos = sample()
    cid = w.create(text=payload_case(), photos=photos)
    w.submit(cid)
    from posters.web import accounts, publishing
    from posters.web.models import CaseRecord

    def approve(s):  # noqa: ANN001, ANN202
        case = s.get(CaseRecord, cid)
        publishing.approve(s, case, accounts.find_user(s, "robin"), publishing.current_review(case)["release_hash"],
                           "looks fine " + PAYLOAD)
    w._do(approve)
    state = w.run_job(w.request_publish(cid))
    w.cases["valid"] = cid
    w.cases["published"] = cid if state == "done" else None
    w.cases["invalid"] = w._do(lambda s: __import__("posters.web.casework", fromlist=["x"]).create(
        s, accounts.find_user(s, "casey"), payload_case(everywhere=True), photos, require_valid=False)[0].id)
    yield w
    dispose(app)


def test_the_payload_case_is_valid_and_published(hostile):
    """Without this the pages below would not show the payload where it matters (the diff, captions, alt text)."""
    assert hostile.cases["published"], "the library refused to publish the payload case"


# (who, page, whether the page shows field values: there the payload must appear, escaped, as text)
@pytest.mark.parametrize("who,path,shows", [
    ("casey", "/", False),
    ("robin", "/", False),
    ("sam", "/", False),
    ("casey", "/cases/{valid}/edit", True),      # the form: every field
    ("casey", "/cases/{invalid}/edit", True),    # field messages repeat the payload
    ("casey", "/cases/{valid}", False),
    ("robin", "/cases/{valid}", False),
    ("robin", "/cases/{invalid}", True),
    ("robin", "/cases/{valid}/review", True),    # the redaction diff
    ("robin", "/cases/{valid}/audit", False),
    ("ada", "/cases/{valid}/audit", False),
    ("sam", "/cases/{valid}/release", False),    # captions and alt text (the library withholds the markup)
    ("casey", "/takedowns", False),
    ("ada", "/admin/users", True),               # a full name
])
def test_every_page_shows_the_payload_as_text(hostile, who, path, shows):
    r = hostile.client(who).get(path.format(**hostile.cases))
    assert r.status_code == 200, r.status_code
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert_inert(r.text, path)
    if shows:
        assert ESCAPED in r.text, f"{path}: the payload is not shown as text"


def test_the_yaml_export_is_an_attachment_not_a_page(hostile):
    r = hostile.client("robin").get(f"/cases/{hostile.cases['valid']}/case.yaml")
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert not r.mimetype.startswith("text/html")


def test_api_answers_are_json_not_markup(hostile):
    from .conftest import bearer

    for path in ("/api/cases", f"/api/cases/{hostile.cases['valid']}/review", f"/api/cases/{hostile.cases['valid']}/audit"):
        r = hostile.app.test_client().get(path, headers=bearer(hostile.token("robin")))
        assert r.status_code == 200 and r.mimetype == "application/json", path
        assert r.headers["X-Content-Type-Options"] == "nosniff"


