"""`posters redact`: the reviewer's diff as JSON and HTML; an audit entry only when asked (--record)."""
from __future__ import annotations

import json

from posters.cli import main


def test_redact_json_html_and_audit(sample_copy, tmp_path, capsys):
    case = sample_copy("05-confidential")
    html = tmp_path / "review" / "diff.html"
    assert main(["redact", str(case), "--json", "--html", str(html), "--record"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_path = {d["path"]: d for d in data["decisions"]}
    assert by_path["missing.city"]["action"] == "withheld"
    assert by_path["missing.city"]["reason"] == "CONF-LOCATION"
    # The internal narrative is withheld whole (one decision), never proposed sentence by sentence.
    assert by_path["missing.circumstances"]["action"] == "withheld"
    assert by_path["missing.circumstances"]["reason"] == "CONF-INTERNAL"
    assert not [p for p in by_path if p.startswith("missing.circumstances#")]
    # The city held the placement's name: emptied, and the diff says what the poster shows instead.
    assert "missing.city" in [e["path"] for e in data["emptied"]]
    assert data["release_hash"] and data["photos"][0]["covered"] == []
    page = html.read_text(encoding="utf-8")
    assert "Maple Grove Group Home" in page  # the reviewer sees what is withheld
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    entries = [json.loads(line) for line in (case.parent / "audit.jsonl").read_text().splitlines()]
    assert [e["action"] for e in entries] == ["redact"]


def test_redact_terminal_says_what_an_emptied_field_becomes(sample_copy, capsys):
    assert main(["redact", str(sample_copy("05-confidential"))]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Emptied: missing.city" in out


def test_redact_terminal_table(sample_copy, capsys):
    case = sample_copy("01-standard")
    before = sorted(p.relative_to(case.parent) for p in case.parent.rglob("*"))
    assert main(["redact", str(case)]) == 0
    out = capsys.readouterr().out
    assert "Redaction diff" in out and "CONF-CONTACT" in out and "Dana Example" in out
    # Viewing writes nothing: no audit log, no record of any kind in the case folder.
    assert sorted(p.relative_to(case.parent) for p in case.parent.rglob("*")) == before


def test_redact_escapes_html_in_case_text(sample_copy, tmp_path):
    case = sample_copy("01-standard")
    text = case.read_text().replace("en: Red hooded sweatshirt, black jeans",
                                    "en: <script>alert(1)</script> red coat")
    case.write_text(text)
    html = tmp_path / "d.html"
    assert main(["redact", str(case), "--json", "--html", str(html)]) == 0
    page = html.read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; red coat" in page
