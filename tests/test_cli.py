"""The command line: exit codes, messages without tracebacks, JSON output, the schema."""
from __future__ import annotations

import json
import subprocess
import sys

from posters.cli import main
from tests.conftest import SAMPLES


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posters", *args], capture_output=True, text=True)


def test_check_ready_sample_exits_0(capsys):
    assert main(["check", "--no-faces", str(SAMPLES / "01-standard" / "case.yaml")]) == 0
    out = capsys.readouterr().out
    assert "case MFC-2026-0142: Ava Sample" in out
    assert out.rstrip().endswith("ready")


def test_check_json(capsys):
    assert main(["check", "--no-faces", "--json", str(SAMPLES / "03-spanish")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] is True
    assert [d["report"] for d in data["deadlines"]] == ["law enforcement", "NCIC entry", "NCMEC"]


def test_check_not_ready_exits_1(tmp_path, capsys):
    text = (SAMPLES / "01-standard" / "case.yaml").read_text().replace("    report_number: 26-001234\n", "")
    (tmp_path / "case.yaml").write_text(text)
    assert main(["check", "--no-faces", str(tmp_path / "case.yaml")]) == 1
    out = capsys.readouterr().out
    assert "contacts.law_enforcement.report_number: the law enforcement report number is missing" in out
    assert "not ready: 1 error" in out


def test_invalid_case_exits_2_without_traceback(tmp_path):
    text = (SAMPLES / "01-standard" / "case.yaml").read_text().replace("hair: Brown", "hiar: Brown")
    (tmp_path / "case.yaml").write_text(text)
    result = run("check", "--no-faces", str(tmp_path / "case.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: 1 problem in the case file:\n")
    assert "children[0].hiar: is not a known key; did you mean 'hair'?" in result.stderr


def test_schema_is_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "posters/case-v1"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"schema", "case", "children", "missing", "contacts"}


def test_help_lists_commands():
    result = run("--help")
    assert result.returncode == 0
    for name in ("check", "schema", "redact", "render"):
        assert name in result.stdout


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from posters.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('weasyprint', 'dlib', 'face_recognition', 'numpy', 'PIL', 'pydantic') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("HEAVY []")


def test_check_does_not_import_weasyprint_or_dlib():
    code = ("import sys; from posters.cli import main\n"
            f"main(['check', '--no-faces', {str(SAMPLES / '01-standard')!r}])\n"
            "print('HEAVY', [m for m in ('weasyprint', 'dlib', 'face_recognition') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("HEAVY []")


def test_every_command_is_documented_in_the_readme_and_has_help():
    import argparse

    from posters.cli import build_parser
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in sub.choices.items():
        assert f"`posters {name}" in readme or name == "demo" and "make demo" in readme, name
        assert parser.description, f"posters {name} has no description"
