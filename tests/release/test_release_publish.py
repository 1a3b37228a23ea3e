"""publish(): manifest, leak scan before anything is written, all-or-nothing under failure and interruption."""
from __future__ import annotations

import hashlib
import json

import pytest
from PIL import Image

import posters.release.publishing as publishing
import posters.release.staging as staging
import posters.render.poster as poster_module
from posters.case import load_case
from posters.errors import ReleaseRefused
from posters.release import LeakFound, LeakScanner, approve, publish, read_entries, verify_chain
from tests.release.conftest import NOW, REVIEWER, edit_case, listing

ONE = dict(papers=("letter",), langs=("en",), now=NOW)


@pytest.fixture
def approved(case_dir):
    def make(name="01-standard"):
        folder = case_dir(name)
        approve(folder, REVIEWER, now=NOW)
        return folder
    return make


@pytest.fixture
def old_out(tmp_path):
    """A public folder that already holds files, one of which a publish would replace."""
    out = tmp_path / "public"
    out.mkdir()
    (out / "notes.txt").write_text("earlier content\n")
    (out / "poster-letter-en.pdf").write_bytes(b"%PDF-1.7 an earlier poster")
    return out


def test_publish_writes_files_and_a_true_manifest(approved, tmp_path):
    folder = approved()
    result = publish(folder, tmp_path / "out", **ONE)
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["release_hash"] == result.release_hash
    names = sorted(f["name"] for f in manifest["files"])
    assert names == ["poster-letter-en.pdf", "poster-letter-en.png", "social/social-index.json",
                     "social/square-en.png", "social/square-en.txt"]
    assert sorted(listing(out)) == sorted(names + ["manifest.json"])
    for f in manifest["files"]:
        data = (out / f["name"]).read_bytes()
        assert f["sha256"] == hashlib.sha256(data).hexdigest() and f["bytes"] == len(data)
        assert f["release_hash"] == result.release_hash and f["time"] == "2026-11-25T12:00:00+00:00"
        if f["name"].endswith(".png"):
            with Image.open(out / f["name"]) as im:
                assert f["pixels"] == [im.width, im.height]
    pdf = next(f for f in manifest["files"] if f["name"] == "poster-letter-en.pdf")
    assert (pdf["kind"], pdf["paper"], pdf["lang"], pdf["preset"]) == ("poster-pdf", "letter", "en", None)
    social = next(f for f in manifest["files"] if f["name"] == "social/square-en.png")
    assert (social["preset"], social["lang"]) == ("square", "en")
    entries = read_entries(folder / "audit.jsonl")
    assert [e.action for e in entries] == ["approve", "publish"]
    assert entries[1].details["manifest_sha256"] == hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
    assert {f["name"]: f["sha256"] for f in entries[1].details["files"]} == {f["name"]: f["sha256"] for f in manifest["files"]}
    assert verify_chain(folder / "audit.jsonl") is None
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".posters-")]  # no staging left behind


def test_inactive_case_is_not_published(approved, tmp_path):
    folder = approved()
    edit_case(folder, "status: active", "status: recovered")
    with pytest.raises(ReleaseRefused, match="the case status is 'recovered'"):
        publish(folder, tmp_path / "out", **ONE)
    assert not (tmp_path / "out").exists()


def test_planted_leak_is_caught_and_nothing_is_written(approved, old_out, monkeypatch):
    """A template that prints the placement name (withheld) after redaction: the scan stops it."""
    folder = approved("05-confidential")
    before = listing(old_out)
    real = poster_module.base_context

    def leaky(public, *args, **kwargs):
        ctx = real(public, *args, **kwargs)
        ctx["circumstances"] = f"{ctx['circumstances']} Staff at Maple Grove Group Home ask for calls."
        return ctx

    monkeypatch.setattr(poster_module, "base_context", leaky)
    with pytest.raises(LeakFound) as info:
        publish(folder, old_out, **ONE)
    message = info.value.message
    assert "poster-letter-en.pdf (page 1 text): VALUE:sensitive.foster_care.placement_name [CONF-LOCATION]" in message
    assert "poster-letter-en.pdf" in message and "M*** (22 chars)" in message
    assert "Maple Grove" not in message and "Group Home" not in message
    assert info.value.exit_code == 1
    assert any(f.reason == "CONF-CARE" for f in info.value.findings)  # the lexicon sees "group home" too
    assert listing(old_out) == before
    assert [e.action for e in read_entries(folder / "audit.jsonl")] == ["approve"]
    assert not [p for p in old_out.parent.iterdir() if p.name.startswith(".posters-")]


def test_leak_in_a_caption_is_caught(approved, old_out, monkeypatch):
    folder = approved("05-confidential")
    before = listing(old_out)
    real = publishing._export_social

    def leaky(public, folder, **kwargs):
        files = real(public, folder, **kwargs)
        files[0].caption_path.write_text("Call the caseworker at 217 555 0199", encoding="utf-8")
        return files

    monkeypatch.setattr(publishing, "_export_social", leaky)
    with pytest.raises(LeakFound, match=r"social/square-en.txt \(text\): VALUE:"):
        publish(folder, old_out, **ONE)
    assert listing(old_out) == before


@pytest.mark.parametrize("step", ["_build", "scan", "move", "audit"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_interrupted_publish_leaves_out_dir_as_it_was(approved, old_out, monkeypatch, step, error):
    folder = approved()
    before = listing(old_out)
    if step == "_build":
        monkeypatch.setattr(publishing, "_export_social", lambda *a, **k: (_ for _ in ()).throw(error("killed")))
    elif step == "scan":
        monkeypatch.setattr(LeakScanner, "scan_folder", lambda self, f: (_ for _ in ()).throw(error("killed")))
    elif step == "move":
        real_replace = staging.os.replace
        calls = []

        def flaky(src, dst):
            calls.append(dst)
            if len(calls) == 3:  # two files already moved into place, one replaced
                raise error("killed")
            return real_replace(src, dst)

        monkeypatch.setattr(staging.os, "replace", flaky)
    else:
        monkeypatch.setattr(publishing.audit, "append_entry", lambda *a, **k: (_ for _ in ()).throw(error("killed")))
    with pytest.raises(error):
        publish(folder, old_out, **ONE)
    monkeypatch.undo()
    assert listing(old_out) == before
    assert not [p for p in old_out.parent.iterdir() if p.name.startswith(".posters-")]
    assert [e.action for e in read_entries(folder / "audit.jsonl")] == ["approve"]


def test_interrupted_publish_into_new_folder_leaves_no_folder(approved, tmp_path, monkeypatch):
    folder = approved()
    monkeypatch.setattr(publishing.audit, "append_entry", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        publish(folder, tmp_path / "new" / "out", **ONE)
    assert not (tmp_path / "new").exists()


def test_republish_replaces_files_and_keeps_both_in_the_log(approved, tmp_path):
    folder = approved()
    out = tmp_path / "out"
    first = publish(folder, out, **ONE)
    edit_case(folder, "en: Red hooded sweatshirt, black jeans", "en: Blue raincoat")
    approve(folder, "P. Haddad", now=NOW)
    second = publish(folder, out, **ONE)
    assert first.release_hash != second.release_hash
    assert json.loads((out / "manifest.json").read_text())["release_hash"] == second.release_hash
    assert [e.action for e in read_entries(folder / "audit.jsonl")] == ["approve", "publish", "approve", "publish"]


def test_full_publish_every_paper_and_language(real_social, case_dir, tmp_path):
    """The real social exporter, both papers, both languages (the slow one), with its progress reports."""
    folder = case_dir("03-spanish")
    approve(folder, REVIEWER, now=NOW)
    seen: list[tuple[float, str, bool]] = []
    out = tmp_path / "out"
    result = publish(folder, out, now=NOW,
                     progress=lambda f, step: seen.append((f, step, (out / "manifest.json").exists())))
    values = [f for f, _, _ in seen]
    assert values == sorted(values) and values[-1] == 1.0
    assert len({f for f in values if 0 < f < 1}) >= 8
    steps = [step for _, step, _ in seen]
    assert {f"poster {p} {l}" for p in ("letter", "a4") for l in ("en", "es")} <= set(steps)
    assert sum(s.startswith("social ") for s in steps) >= 2 and steps[-2:] == ["leak scan", "write"]
    # Nothing is in place before the last report, and everything is at it.
    assert [visible for _, _, visible in seen] == [False] * (len(seen) - 1) + [True]
    kinds = {(f.kind, f.paper, f.lang) for f in result.files if f.kind.startswith("poster")}
    assert kinds == {(k, p, l) for k in ("poster-pdf", "poster-png") for p in ("letter", "a4") for l in ("en", "es")}
    presets = {(f.preset, f.lang) for f in result.files if f.kind == "social-image"}
    assert {lang for _, lang in presets} == {"en", "es"} and len(presets) >= 2
    assert all((tmp_path / "out" / f.name).is_file() for f in result.files)


def test_a_child_named_foster_can_be_published(case_dir, tmp_path):
    # "Foster" is a lexicon term; as the child's name it is published on purpose, and the
    # leak scan must not stop her poster. "foster care" written elsewhere is still a leak.
    folder = case_dir()
    edit_case(folder, "last_name: Sample", "last_name: Foster")
    approve(folder, REVIEWER, now=NOW)
    result = publish(folder, tmp_path / "out", **ONE)
    assert (tmp_path / "out" / "poster-letter-en.pdf").is_file() and result.files
    scanner = publishing.scanner_for(load_case(folder), None)
    assert list(scanner.scan_text("AVA GRACE FOSTER, 16. Ava Foster.", "caption", "text")) == []
    assert "CONF-CARE" in [f.reason for f in scanner.scan_text("She was in foster care", "caption", "text")]
    assert "CONF-CARE" in [f.reason for f in scanner.scan_text("Her foster home", "caption", "text")]
    assert [f.reason for f in scanner.scan_text("She was fostered", "caption", "text")] == ["CONF-CARE"]
    # Her own name alone is her name, never a finding (redaction excuses the children's names).
    assert list(scanner.scan_text("Ms. Foster, 16.", "caption", "text")) == []
