"""Hostile paths: photos outside the case folder, unusable output folders, names that look like options."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_support import REPO, SAMPLE_PHOTO
from posters.cli import main
from posters.errors import PhotoError
from posters.photos.loader import load_photo

OUTSIDE = "the photo path leads outside the case folder (symlink?); copy the photo into the case folder"


@pytest.fixture
def outside_photo(tmp_path: Path) -> Path:
    """A real photo outside the case folder: what an escaping path would reach."""
    target = tmp_path / "elsewhere" / "private.jpg"
    target.parent.mkdir()
    shutil.copy(SAMPLE_PHOTO, target)
    return target


@pytest.mark.parametrize("rel, message", [
    ("/etc/passwd", "photo paths must be relative to the case folder, not absolute"),
    ("C:\\Users\\x\\photo.jpg", "photo paths must be relative to the case folder, not absolute"),
    ("\\\\server\\share\\photo.jpg", "photo paths must be relative to the case folder, not absolute"),
    ("../elsewhere/private.jpg", "photo paths must stay inside the case folder ('..' is not allowed)"),
    ("photos/../../elsewhere/private.jpg", "photo paths must stay inside the case folder ('..' is not allowed)"),
    ("photos\\..\\..\\elsewhere\\private.jpg", "photo paths must stay inside the case folder ('..' is not allowed)"),
])
def test_escaping_photo_paths_are_refused(tmp_path: Path, outside_photo: Path, rel: str, message: str) -> None:
    case_dir = tmp_path / "case"
    (case_dir / "photos").mkdir(parents=True)
    with pytest.raises(PhotoError) as err:
        load_photo(case_dir, rel)
    assert err.value.message == f"{rel}: {message}"


def test_symlinked_photo_leading_out_is_refused(tmp_path: Path, outside_photo: Path) -> None:
    case_dir = tmp_path / "case"
    (case_dir / "photos").mkdir(parents=True)
    (case_dir / "photos" / "ava.jpg").symlink_to(outside_photo)
    with pytest.raises(PhotoError) as err:
        load_photo(case_dir, "photos/ava.jpg")
    assert err.value.message == f"photos/ava.jpg: {OUTSIDE}"


def test_symlinked_folder_leading_out_is_refused(tmp_path: Path, outside_photo: Path) -> None:
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "photos").symlink_to(outside_photo.parent, target_is_directory=True)
    with pytest.raises(PhotoError) as err:
        load_photo(case_dir, "photos/private.jpg")
    assert err.value.message == f"photos/private.jpg: {OUTSIDE}"


def test_symlink_inside_the_case_folder_is_allowed(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    (case_dir / "photos").mkdir(parents=True)
    shutil.copy(SAMPLE_PHOTO, case_dir / "photos" / "real.jpg")
    (case_dir / "photos" / "alias.jpg").symlink_to(case_dir / "photos" / "real.jpg")
    assert load_photo(case_dir, "photos/alias.jpg").size == load_photo(case_dir, "photos/real.jpg").size


def test_symlink_loop_and_fifo(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "a.jpg").symlink_to(case_dir / "b.jpg")
    (case_dir / "b.jpg").symlink_to(case_dir / "a.jpg")
    with pytest.raises(PhotoError) as err:
        load_photo(case_dir, "a.jpg")
    assert err.value.message == "a.jpg: the photo path cannot be resolved (symlink loop?)"
    os.mkfifo(case_dir / "pipe.jpg")
    with pytest.raises(PhotoError) as err:  # must not hang waiting for a writer
        load_photo(case_dir, "pipe.jpg")
    assert err.value.message == "pipe.jpg: is not a regular file; expected an image file"


def test_cli_refuses_an_escaping_photo_and_writes_nothing(make_case, tmp_path: Path, outside_photo: Path,
                                                         capsys, no_output) -> None:
    def escape(d):
        d["children"][0]["photos"][0]["file"] = "../elsewhere/private.jpg"
    case = make_case(escape)
    out = tmp_path / "out"
    for argv in (["render", str(case), "--out", str(out)], ["check", str(case)]):
        # Invalid input (exit 2) at the case file's line, not "not ready" (exit 1).
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: 1 problem in the case file:\n"), err
        assert (f"case.yaml:{_line_of(case, '../elsewhere/private.jpg')}: children[0].photos[0].file: is "
                "'../elsewhere/private.jpg'; photo paths must stay inside the case folder ('..' is not allowed)") in err
    no_output(out)


def _line_of(case: Path, text: str) -> int:
    return next(n for n, line in enumerate(case.read_text().splitlines(), start=1) if text in line)


# -- output folders ---------------------------------------------------------

def test_output_folder_that_is_a_file(make_case, tmp_path: Path, capsys) -> None:
    case = make_case()
    out = tmp_path / "out.pdf"
    out.write_bytes(b"keep me")
    assert main(["render", str(case), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: the output folder {out} is a file; give a folder\n"
    assert out.read_bytes() == b"keep me"
    assert not list(tmp_path.glob(".posters-staging-*"))


def test_output_folder_below_a_file(make_case, tmp_path: Path, capsys) -> None:
    case = make_case()
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"keep me")
    out = blocker / "out"
    assert main(["render", str(case), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"error: cannot create the output folder {out}: "
                                       f"{blocker} is a file, not a folder\n")
    assert blocker.read_bytes() == b"keep me"


@pytest.fixture
def immutable_dir(tmp_path: Path):
    """A folder even root cannot write into (chattr +i); skipped where the file system does not allow it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available: cannot make a folder that root cannot write")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if done.returncode != 0 or os.access(folder, os.W_OK):
        pytest.skip(f"cannot make an unwritable folder here (chattr +i: {done.stderr.decode().strip() or 'no effect'})")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_output_folder_not_writable(make_case, immutable_dir: Path, capsys) -> None:
    case = make_case()
    assert main(["render", str(case), "--out", str(immutable_dir)]) == 2
    assert capsys.readouterr().err == (f"error: the output folder {immutable_dir} is not writable; "
                                       "choose a folder you can write to\n")
    assert list(immutable_dir.iterdir()) == []


def test_output_folder_inside_a_folder_not_writable(make_case, immutable_dir: Path, capsys) -> None:
    case = make_case()
    out = immutable_dir / "new" / "out"
    assert main(["render", str(case), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"error: the folder {immutable_dir}, where {out} would be created, is not "
                                       "writable; choose a folder you can write to\n")
    assert list(immutable_dir.iterdir()) == []


# -- names that look like options ---------------------------------------------

@pytest.fixture
def dash_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """In a fresh working folder: case folders named '-v' and '--out', each with a photo named '-v.jpg'."""
    work = tmp_path / "work"
    for name in ("-v", "--out"):
        folder = work / name
        folder.mkdir(parents=True)
        shutil.copy(SAMPLE_PHOTO, folder / "-v.jpg")
        text = (REPO / "samples" / "01-standard" / "case.yaml").read_text(encoding="utf-8")
        (folder / "case.yaml").write_text(text.replace("file: photos/ava-2026.jpg", "file: -v.jpg"), encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def test_dash_names_render_in_process(dash_cases: Path, capsys) -> None:
    # Case folder "-v", output folder "--out" (which also is a case folder: it must receive the posters).
    assert main(["render", "--out=--out", "--", "-v"]) == 0
    assert capsys.readouterr().out.splitlines() == ["--out/poster-letter-en-DRAFT.pdf", "--out/poster-letter-en-DRAFT.png"]
    assert sorted(p.name for p in (dash_cases / "--out").iterdir()) == [
        "-v.jpg", "case.yaml", "poster-letter-en-DRAFT.pdf", "poster-letter-en-DRAFT.png"]
    assert sorted(p.name for p in (dash_cases / "-v").iterdir()) == ["-v.jpg", "case.yaml"]
    assert not list(dash_cases.glob(".posters-staging-*"))


def test_dash_name_without_separator_is_a_usage_error_with_a_hint(dash_cases: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "-v"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == [
        "posters check: error: the following arguments are required: CASE",
        "hint: '-v' is a file or folder here, but it was read as an option; write ./-v or put -- before it: "
        "posters COMMAND -- -v",
    ]
    assert sorted(p.name for p in dash_cases.iterdir()) == ["--out", "-v"]


@pytest.mark.parametrize("args", [["check", "--no-faces", "--", "--out"], ["check", "--no-faces", "./-v"],
                                  ["check", "--no-faces", "--", "-v/case.yaml"]])
def test_dash_names_in_a_subprocess(dash_cases: Path, args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "posters", *args], cwd=dash_cases, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[0].endswith("case MFC-2026-0142: Ava Sample")
    assert done.stdout.splitlines()[-1] == "ready"
    assert sorted(p.name for p in dash_cases.iterdir()) == ["--out", "-v"]


def test_dash_names_render_in_a_subprocess(dash_cases: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "posters", "render", "--out", "./-v", "--", "--out"],
                          cwd=dash_cases, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["-v/poster-letter-en-DRAFT.pdf", "-v/poster-letter-en-DRAFT.png"]
    assert sorted(p.name for p in (dash_cases / "-v").iterdir()) == [
        "-v.jpg", "case.yaml", "poster-letter-en-DRAFT.pdf", "poster-letter-en-DRAFT.png"]
