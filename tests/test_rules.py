"""Rules and template settings as data: validated, with a JSON Schema, and the one source of their values."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

import posters.check.rules as rules_module
from posters.case import load_case
from posters.check.readiness import check_readiness
from posters.check.rules import RulesError, load_rules
from posters.cli import main
from posters.render.templates import template_settings, templates_root
from tests.conftest import SAMPLES

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.timezone.utc)


def test_the_deadlines_come_from_the_rules_file(tmp_path, monkeypatch):
    case = load_case(SAMPLES / "01-standard")
    before = check_readiness(case, now=NOW, photos=False)
    text = rules_module.RULES_FILE.read_text(encoding="utf-8").replace("hours: 2\n", "hours: 1\n")
    edited = tmp_path / "rules.yaml"
    edited.write_text(text, encoding="utf-8")
    monkeypatch.setattr(rules_module, "RULES_FILE", edited)
    after = check_readiness(case, now=NOW, photos=False)
    [old] = [d for d in before.deadlines if d.report == "NCIC entry"]
    [new] = [d for d in after.deadlines if d.report == "NCIC entry"]
    assert old.due - new.due == dt.timedelta(hours=1)


@pytest.mark.parametrize("old, new, where", [
    ("hours: 24\n", "hours: -1\n", "deadlines.0.hours"),
    ("publish_statuses: [active]", "publish_statuses: [actve]", "release.publish_statuses.0"),
    ("counted_from: case.reported.law_enforcement_at", "counted_from: case.reported.somewhere", "deadlines.1.counted_from"),
    ("  vanity: 1-800-THE-LOST", "  vanity: 1-800-THE-LOST\n  extra: 1", "hotline.extra"),
])
def test_a_bad_rules_file_names_the_key(tmp_path, old, new, where):
    text = rules_module.RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape(f"{path}: {where}:")):
        load_rules(path)


@pytest.mark.parametrize("name, selector", [("standard", ".photo img"), ("long-term", ".pair .photo img")])
def test_the_css_photo_box_is_the_one_in_template_yaml(name, selector):
    # check/photos.py judges print resolution against template.yaml's photo_box_in; the
    # stylesheet must draw that same box at the design scale (--fill and --photo 1, posters/render/fill.py).
    css = (templates_root() / name / "poster.css").read_text(encoding="utf-8")
    size = r"calc\(([\d.]+)in \* var\(--(?:fill|photo)\)\)"
    rule = re.search(re.escape(selector) + rf"\s*\{{\s*width:\s*{size};\s*height:\s*{size};", css)
    assert rule, f"{name}: no {selector} size in poster.css"
    assert (float(rule.group(1)), float(rule.group(2))) == template_settings(name).photo_box_in


@pytest.mark.parametrize("which, title", [("case", "CaseFile"), ("rules", "Rules"), ("template", "TemplateFile"),
                                         ("policy", "PolicyFile"), ("overlay", "OverlayFile"),
                                         ("lexicon", "LexiconFile")])
def test_schema_command_prints_each_json_schema(capsys, which, title):
    assert main(["schema", which]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["title"] == title and doc["$schema"].startswith("https://json-schema.org/")
