"""Messages a new user meets: a missing photo, a failing case in a batch (issue 11)."""
from __future__ import annotations

import shutil

from posters.cli import main
from tests.conftest import SAMPLES


def test_missing_photo_names_the_line_and_the_file_that_is_there(sample_copy, capsys):
    case = sample_copy("01-standard")
    (case.parent / "photos" / "ava-2026.jpg").rename(case.parent / "photos" / "ava-2026-v2.jpg")
    line = next(n for n, t in enumerate(case.read_text().splitlines(), start=1) if "photos/ava-2026.jpg" in t)
    assert main(["check", str(case)]) == 1  # not ready: the case is valid, its photo is not there yet
    out = capsys.readouterr().out
    assert f"{case}:{line}: children[0].photos[0].file: photos/ava-2026.jpg: there is no such photo file; " \
           "did you mean photos/ava-2026-v2.jpg?" in out.replace("\n", "")


def test_batch_prints_each_error_once_and_in_full(tmp_path, capsys):
    root = tmp_path / "a-long-folder-name-for-cases-that-would-be-cut-in-a-table-column"
    shutil.copytree(SAMPLES / "01-standard", root / "01-standard")
    broken = root / "99-broken-case-with-a-long-name"
    broken.mkdir(parents=True)
    (broken / "case.yaml").write_text("schema: posters/case-v1\ncase: {id: X}\n", encoding="utf-8")
    assert main(["batch", str(root), "--out", str(tmp_path / "out"), "--previews", "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    path = str(broken / "case.yaml")
    assert out.count("case.status: is required but missing") == 1
    assert path in out  # whole, not cut with an ellipsis
    assert "…" not in out.split("cases in")[0]
    assert "files written" in out
