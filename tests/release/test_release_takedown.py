"""takedown(): only for closed cases; lists every published file; --delete removes unchanged copies only."""
from __future__ import annotations

import pytest

from posters.cli import main
from posters.errors import ReleaseRefused
from posters.release import approve, publish, read_entries, takedown
from tests.release.conftest import NOW, REVIEWER, edit_case

ONE = dict(papers=("letter",), langs=("en",), now=NOW)


@pytest.fixture
def published(case_dir, tmp_path):
    folder = case_dir()
    approve(folder, REVIEWER, now=NOW)
    result = publish(folder, tmp_path / "out", **ONE)
    return folder, tmp_path / "out", result


def test_refused_while_active(published):
    folder, _, _ = published
    with pytest.raises(ReleaseRefused, match="is 'active'; takedown is for cases marked recovered or cancelled"):
        takedown(folder)


def test_lists_every_published_file(published):
    folder, out, result = published
    edit_case(folder, "status: active", "status: recovered")
    r = takedown(folder, now=NOW)
    names = {f.name for f in r.files}
    assert names == {f.name for f in result.files} | {"manifest.json"}
    assert all(f.state == "present" and f.out_dir == str(out.resolve()) for f in r.files)
    card = next(f for f in r.files if f.name == "social/square-en.png")
    assert (card.preset, card.lang, card.sha256) == ("square", "en", next(f.sha256 for f in result.files if f.name == card.name))
    assert (out / "poster-letter-en.pdf").exists()  # listing deletes nothing
    entry = read_entries(folder / "audit.jsonl")[-1]
    assert (entry.action, entry.details["listed"], entry.details["deleted"]) == ("takedown", len(r.files), [])


def test_delete_removes_only_unchanged_copies(published):
    folder, out, _ = published
    edit_case(folder, "status: active", "status: cancelled")
    (out / "poster-letter-en.png").write_bytes(b"someone replaced this file")
    (out / "social" / "square-en.txt").unlink()
    (out / "unrelated.txt").write_text("not ours")
    r = takedown(folder, delete=True, now=NOW)
    states = {f.name: f.state for f in r.files}
    assert states["poster-letter-en.pdf"] == "deleted" and states["manifest.json"] == "deleted"
    assert states["poster-letter-en.png"] == "changed" and states["social/square-en.txt"] == "gone"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["poster-letter-en.png", "unrelated.txt"]
    assert len(read_entries(folder / "audit.jsonl")[-1].details["deleted"]) == len(r.deleted)


def test_cli_takedown(published, capsys):
    folder, out, _ = published
    edit_case(folder, "status: active", "status: recovered")
    assert main(["takedown", str(folder)]) == 0
    text = capsys.readouterr().out
    assert "case is recovered; remove every copy of these 6 published files:" in text
    assert f"{out.resolve()}:" in text and "social/square-en.png  [social-image, square, en]" in text
    assert main(["takedown", "--delete", str(folder)]) == 0
    assert "(deleted)" in capsys.readouterr().out
    assert not (out / "poster-letter-en.pdf").exists()


def test_nothing_published_is_refused(case_dir, capsys):
    """A case that was never published has nothing to take down: refused, and no takedown is recorded."""
    folder = case_dir()
    edit_case(folder, "status: active", "status: cancelled")
    with pytest.raises(ReleaseRefused, match="nothing was ever published for case .*; there is nothing to take down"):
        takedown(folder)
    assert main(["takedown", str(folder)]) == 1
    assert "nothing was ever published" in capsys.readouterr().err
    assert [e.action for e in read_entries(folder / "audit.jsonl")] == []
