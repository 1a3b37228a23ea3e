"""In a real browser (Debian's Chromium, headless) on a real `posters serve`: an injected <script> does not run.

Two layers are proved apart: the payload in a field arrives as text (escaping),
and a script that does get into the page (inserted here through the DOM, as a
template mistake would) is refused by the Content-Security-Policy.
"""
from __future__ import annotations

import pytest

from .conftest import PASSWORD, World, add_users, build_app, dispose, sample
from .server import Server
from tests.web.test_browser import browser  # noqa: F401  (the web suite's Chromium: headless, no sandbox)

from .test_content import payload_case

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("csp") / "data"
    app = build_app(data)
    add_users(app)
    w = World(app)
    _, photos = sample()
    cid = w.create(text=payload_case(), photos=photos)
    dispose(app)
    srv = Server(data).start()
    yield srv, cid
    srv.stop()


def test_an_injected_script_does_not_run(served, browser):  # noqa: F811  (the imported fixture)
    srv, cid = served
    page = browser.new_context().new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(srv.url + "/login")
    page.fill("#username", "casey")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(srv.url + "/")
    for path in (f"/cases/{cid}/edit", f"/cases/{cid}", f"/cases/{cid}/review", "/"):
        page.goto(srv.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        if "edit" in path:  # the payload is on the page, as text a person can read
            assert page.locator("textarea, input").evaluate_all(
                "els => els.some(e => (e.value || '').includes('<script>window.__pwned=1</script>'))")
    assert not violations, f"the app's own pages break its CSP: {violations}"
    assert not dialogs
    # Now a script that got into the page: the policy must refuse it.
    page.evaluate("""() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 1';
        document.head.appendChild(s);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__pwned = 2');
        img.src = 'data:,x';
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    directives = page.evaluate("window.__violations")
    assert any(d.startswith("script-src") for d in directives), directives
    page.context.close()
