"""A case manager builds a two-child case with a photo each and a companion through the form alone (Chromium).

No YAML is typed: the new-case page's skeleton, then the fields, the "Add a child",
"Add a photo", "Add a mark in English and Spanish" (the sample's mark has an English
and a Spanish text) and "Add a companion or abductor" buttons (each saves and re-renders
the form, no script needed) and a file input beside each photo entry. Values typed
and photos chosen before a button is pressed are still there after it. The result is
sample 04 (siblings) plus a companion; its YAML export holds exactly that, and
importing the export gives the same file back.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from posters.web import fieldform

from .conftest import SAMPLE_DIR
from .test_browser import _login, browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

COMPANION = {"companions[0].role": "companion", "companions[0].first_name": "Jordan",
             "companions[0].last_name": "Example", "companions[0].approximate_age": "34",
             "companions[0].relationship": "adult acquaintance", "companions[0].vehicle.make": "Honda",
             "companions[0].vehicle.color": "Blue"}


def _sample_values() -> dict[str, str]:
    """Every value of sample 04 at its form path (its mark in English and Spanish: two inputs of one entry)."""
    text = (SAMPLE_DIR / "04-siblings" / "case.yaml").read_text(encoding="utf-8")
    values = {f.path: f.value for f in fieldform.fields_of(text) or [] if not f.absent and f.kind not in ("add", "remove")}
    assert values["children[0].distinguishing_marks[0].es"] == "Cabello trenzado"
    values["case.template"] = "siblings"
    return values


def _expected() -> dict:
    data = yaml.safe_load((SAMPLE_DIR / "04-siblings" / "case.yaml").read_text(encoding="utf-8"))
    data["case"]["template"] = "siblings"
    data["companions"] = [{"role": "companion", "first_name": "Jordan", "last_name": "Example", "approximate_age": 34,
                           "relationship": "adult acquaintance", "vehicle": {"make": "Honda", "color": "Blue"}}]
    return data


def _plain(value):
    """Texts stripped (a textarea keeps no folded-YAML trailing newline), datetimes in UTC, for comparing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc)
    return value


def _fill(page, path: str, value: str) -> None:
    field = page.locator(f'[name="f:{path}"]')
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def _press_add(page, path: str) -> str:
    """Press, with the keyboard, the Add button of the list `path` belongs to; the new entry's path."""
    entries = [path[:m.end()] for m in re.finditer(r"\[\d+\]", path)]  # children[1], children[1].photos[0]
    for entry in reversed(entries):
        button = page.locator(f'button[name="add"][value="{entry.rsplit("[", 1)[0]}"]')
        if button.count():
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_load_state()
            return entry
    raise AssertionError(f"no Add button for {path}")


def _uploaded(page, entry: str) -> bool:
    """Whether the form says the photo of this entry is stored (its file input's label)."""
    input_id = page.locator(f'input[type=file][name="upload:{entry}"]').get_attribute("id")
    return "(uploaded" in page.locator(f'label[for="{input_id}"]').inner_text()


def test_a_two_child_case_with_a_photo_each_and_a_companion_through_the_form_only(server, browser, tmp_path):  # noqa: F811
    base = server
    photos = {}
    for name in ("mia-2026.jpg", "noah-2026.jpg"):
        photos[name] = tmp_path / name
        shutil.copy(SAMPLE_DIR / "04-siblings" / "photos" / name, photos[name])

    casey = _login(browser, base, "casey")
    casey.click("text=New case")
    casey.click("button:has-text('Create case')")  # the page's own skeleton: nothing typed as YAML
    edit_url = casey.url
    assert casey.locator('[name="f:children[0].first_name"]').count() == 1
    assert casey.locator('button[name="add"][value="children"]').inner_text() == "Add a child"

    values = {**_sample_values(), **COMPANION}
    chosen: set[str] = set()
    added = []
    for path, value in values.items():
        if casey.locator(f'[name="f:{path}"]').count() == 0:
            entry = _press_add(casey, path)
            added.append(entry)
            # Everything typed and every photo chosen before the button press is still there ...
            for p in chosen:
                assert casey.locator(f'[name="f:{p}"]').input_value().strip() == values[p].strip(), p
                if p.endswith(".photos[0].file"):
                    assert _uploaded(casey, p.removesuffix(".file")), p
            # ... and the new entry's first field has the keyboard focus.
            assert casey.evaluate("document.activeElement.name").startswith(f"f:{entry}."), entry
        if path.endswith(".photos[0].file"):
            entry = path.removesuffix(".file")
            casey.locator(f'input[type=file][name="upload:{entry}"]').set_input_files(str(photos[value.rsplit("/", 1)[-1]]))
            casey.locator(f'[name="f:{path}"]').fill(value)
        else:
            _fill(casey, path, value)
        chosen.add(path)
    assert added == ["children[0].distinguishing_marks[0]", "children[1]", "children[1].photos[0]", "companions[0]"]
    casey.click("button:has-text('Save and send for review')")
    casey.wait_for_selector("#readiness", timeout=120_000)
    assert "Ready for review" in casey.inner_text("h1"), casey.inner_text("main")[:2000]

    case_id = int(edit_url.split("/")[-2])
    exported = casey.request.get(f"{base}/cases/{case_id}/case.yaml").text()
    data = yaml.safe_load(exported)
    assert _plain(data) == _plain(_expected())
    assert [len(c["photos"]) for c in data["children"]] == [1, 1] and len(data["companions"]) == 1

    # Import the export through the page: the same case file comes back.
    (tmp_path / "case.yaml").write_text(exported, encoding="utf-8")
    casey.goto(edit_url)
    casey.set_input_files("#yaml_file", str(tmp_path / "case.yaml"))
    casey.click("button:has-text('Import')")
    assert casey.request.get(f"{base}/cases/{case_id}/case.yaml").text() == exported
    assert casey.console_errors == [], casey.console_errors
