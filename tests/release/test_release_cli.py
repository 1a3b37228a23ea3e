"""The approve and publish commands: exit codes and messages (errors without tracebacks)."""
from __future__ import annotations

import subprocess
import sys

from posters.cli import main
from tests.release.conftest import REVIEWER


def test_approve_refusal_exits_1_with_the_reason(case_dir, capsys):
    folder = case_dir()
    assert main(["approve", str(folder), "--reviewer", "  j. RIVERA "]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot approve case MFC-2026-0142:\n")
    assert "the reviewer 'j. RIVERA' prepared this case" in err


def test_approve_then_publish(case_dir, tmp_path, capsys):
    folder = case_dir()
    assert main(["approve", str(folder), "--reviewer", REVIEWER, "--note", "ok"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("approved release ") and f"as {REVIEWER}" in out
    assert main(["publish", str(folder), "--out", str(tmp_path / "pub"), "--paper", "letter", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "published release" in out and "poster-letter-en.pdf" in out and "leak scan clean" in out
    assert (tmp_path / "pub" / "manifest.json").is_file()


def test_publish_without_approval_exits_1_without_traceback(case_dir, tmp_path):
    folder = case_dir()
    result = subprocess.run([sys.executable, "-m", "posters", "publish", str(folder), "--out", str(tmp_path / "pub")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: release ") and "has not been approved" in result.stderr
    assert not (tmp_path / "pub").exists()


def test_release_commands_have_help():
    result = subprocess.run([sys.executable, "-m", "posters", "--help"], capture_output=True, text=True)
    for name in ("approve", "publish", "audit", "takedown"):
        assert name in result.stdout
