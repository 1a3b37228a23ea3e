"""Batch: parallel workers, a failing case does not stop the others, interruption leaves no half case."""
from __future__ import annotations

import json
import shutil

from posters.release.batch import run_batch
from posters.cli import main
from tests.conftest import SAMPLES


def cases_root(tmp_path, names=("01-standard", "03-spanish")):
    root = tmp_path / "cases"
    for name in names:
        shutil.copytree(SAMPLES / name, root / name)
    return root


def test_previews_in_two_workers_with_a_broken_case(tmp_path):
    root = cases_root(tmp_path)
    broken = root / "99-broken"
    broken.mkdir()
    (broken / "case.yaml").write_text("schema: posters/case-v1\ncase: {id: X}\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch(root, out, jobs=2, previews=True)
    status = {o.case: o.status for o in report.outcomes}
    assert status == {"01-standard": "previewed", "03-spanish": "previewed", "99-broken": "failed"}
    broken_outcome = next(o for o in report.outcomes if o.case == "99-broken")
    assert "problems in the case file:" in broken_outcome.error
    assert "case.status: is required but missing" in broken_outcome.error
    assert (out / "01-standard" / "poster-letter-en-DRAFT.pdf").is_file()
    assert (out / "03-spanish" / "poster-letter-es-DRAFT.pdf").is_file()
    assert not (out / "99-broken").exists()
    # "files" is what landed in the case's output folder (the same meaning when publishing).
    standard = next(o for o in report.outcomes if o.case == "01-standard")
    assert standard.files == sum(1 for p in (out / "01-standard").rglob("*") if p.is_file())
    data = json.loads((out / "batch-report.json").read_text())
    assert (data["cases"], data["failed"], data["jobs"]) == (3, 1, 2)
    assert not list(tmp_path.glob("**/.posters-staging-*"))


def test_cli_exit_code_is_1_when_a_case_fails(tmp_path):
    root = cases_root(tmp_path, names=("05-confidential",))
    (root / "bad").mkdir()
    (root / "bad" / "case.yaml").write_text("- not a mapping\n", encoding="utf-8")
    assert main(["batch", str(root), "--out", str(tmp_path / "out"), "--previews", "--jobs", "1"]) == 1


def test_interrupted_batch_leaves_only_whole_cases(tmp_path):
    root = cases_root(tmp_path, names=("01-standard", "03-spanish", "05-confidential"))
    out = tmp_path / "out"

    def interrupt(outcome, done, total):
        raise KeyboardInterrupt

    report = run_batch(root, out, jobs=1, previews=True, on_done=interrupt)
    assert report.interrupted
    assert len(report.outcomes) == 1
    # A case that was running when the batch stopped is finished whole; none is half-written.
    for folder in (p for p in out.iterdir() if p.is_dir()):
        names = sorted(p.name for p in folder.iterdir())
        assert len(names) >= 2 and any(n.endswith(".pdf") for n in names) and any(n.endswith(".png") for n in names)
    assert len([p for p in out.iterdir() if p.is_dir()]) < 3
    assert not list(tmp_path.glob("**/.posters-staging-*"))


def test_not_a_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    assert main(["batch", str(tmp_path / "file"), "--out", str(tmp_path / "out")]) == 2
