"""The three roles walk a whole case in a real browser (Debian's Chromium driven by Playwright).

Case manager: create with a photo, fix a field error, send for review. Reviewer:
read the redaction diff, approve (as another user). Case manager: publish and watch
the progress bar. Social media: open the release and download the zip. The server
is the real one (waitress) with a real Huey worker in the process.
"""
from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from .conftest import PASSWORD, SAMPLE_DIR, add_users

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def server(make_app):
    from waitress import create_server

    from posters.web.jobs import start_embedded

    app = make_app(jobs_immediate=False)
    add_users(app)
    consumer = start_embedded(app.extensions["posters_huey"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    # The request threads first: one still finishing would wake the closed server by writing to its trigger's
    # file descriptor, by then perhaps another connection's (PostgreSQL's: "invalid frontend message type 120").
    srv.task_dispatcher.shutdown()
    srv.close()
    consumer.stop(graceful=True)


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; make setup installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing; install it with apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _login(browser, base, username):
    page = browser.new_context(accept_downloads=True).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")  # keyboard only
    page.wait_for_url(base + "/")
    page.console_errors = errors
    return page


def test_three_roles_walk_a_whole_case(server, browser, tmp_path):
    base = server
    text = (SAMPLE_DIR / "01-standard" / "case.yaml").read_text(encoding="utf-8")
    photo = tmp_path / "ava-2026.jpg"
    shutil.copy(SAMPLE_DIR / "01-standard" / "photos" / "ava-2026.jpg", photo)

    # Case manager: a new case with a mistake in a date, and its photo.
    casey = _login(browser, base, "casey")
    casey.click("text=New case")
    # A sentence the text scan withholds (it reads "foster") that a reviewer will restore.
    text = text.replace("      She may be traveling to Chicago.\n    es:",
                        "      She may be traveling to Chicago. She wore Foster Grant sunglasses.\n    es:", 1)
    assert "Foster Grant" in text
    casey.fill("#yaml_text", text.replace("date_of_birth: 2010-05-14", "date_of_birth: 2010-13-45"))
    casey.set_input_files("#photos", str(photo))
    casey.click("button:has-text('Create case')")
    field = casey.locator(".field.has-error")
    assert field.count() == 1
    assert "children[0].date_of_birth" in field.inner_text()
    assert "expected a date like 2010-05-14" in field.inner_text()
    field.locator("input").fill("2010-05-14")
    casey.click("button:has-text('Save and send for review')")
    casey.wait_for_selector("#readiness")
    assert "Ready to report" in casey.inner_text("#readiness")
    case_url = casey.url
    assert "Ready for review" in casey.inner_text("h1")

    # The author may not approve.
    casey.click("text=Redaction review")
    assert casey.locator("#approve").count() == 0

    # Reviewer: the diff, narrative first; restore the over-redacted sentence with a reason.
    robin = _login(browser, base, "robin")
    robin.goto(case_url)
    robin.click("text=Redaction review")
    before = robin.inner_text("#release-hash")
    first = robin.locator("tr.finding").first.inner_text()
    assert "circumstances" in first
    assert robin.locator("tr.finding.withheld").count() > 0
    row = robin.locator("tr.finding.sentence_dropped", has_text="Foster Grant")
    row.locator("input[name=reason]").fill("a brand of sunglasses, not foster care")
    row.locator("button:has-text('Restore')").click()
    assert "a brand of sunglasses" in robin.inner_text("#decisions")
    assert robin.locator("tr.finding.kept", has_text="Foster Grant").count() == 1
    release_hash = robin.inner_text("#release-hash")
    assert release_hash != before  # the decision is part of what is approved
    robin.fill("#note", "read every sentence")
    robin.click("#approve")
    assert release_hash in robin.inner_text("#approval")

    # Case manager publishes; the progress bar runs to the end.
    casey.goto(case_url)
    casey.click("#publish")
    # The bar moves while the library renders: a value past the job's checks and before the end.
    casey.wait_for_function("() => { const v = document.getElementById('progress').value; return v > 0.2 && v < 0.95; }",
                            timeout=120_000, polling=100)
    casey.wait_for_selector("#job-done", state="visible", timeout=120_000)
    assert casey.eval_on_selector("#progress", "p => p.value") == 1
    assert not casey.locator("#job-error").is_visible()

    # Social media: the release page, captions with copy buttons, the zip.
    sam = _login(browser, base, "sam")
    sam.click("text=Published")
    sam.click("table.queue a")
    assert release_hash in sam.inner_text("main")
    assert sam.locator("[data-copy]").count() > 0
    with sam.expect_download() as dl:
        sam.click("#download-zip")
    data = Path(dl.value.path()).read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "manifest.json" in names and any(n.endswith(".png") for n in names)
    assert b"Okafor" not in data
    caption = zipfile.ZipFile(io.BytesIO(data))
    assert any("Foster Grant" in caption.read(n).decode("utf-8", "replace") for n in names if n.endswith(".txt")) or \
        "Foster Grant" in sam.inner_text("main")  # the restored sentence is published

    for page in (casey, robin, sam):
        assert page.console_errors == [], page.console_errors  # no CSP violation, no script error
