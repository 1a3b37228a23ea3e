"""The store contract: the release steps run on a case loaded from memory and a store that is not a folder.

MemoryStore below is a second, complete implementation of posters.store.CaseStore
(what a web front end's database store does with tables): if approve, publish and
takedown needed anything from the case folder that the contract does not name,
these tests would fail.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from posters import CaseStore, FolderStore, approve, load_case_text, publish, record_redaction, takedown
from posters.case import MemoryPhotos
from posters.errors import ReleaseRefused
from posters.public import build_public_release
from posters.release.audit import GENESIS, AuditEntry, BrokenEntry, line_hash, now_utc
from tests.conftest import SAMPLES
from tests.release.conftest import NOW, REVIEWER

SAMPLE = SAMPLES / "01-standard"


class MemoryStore:
    """Everything in dictionaries: case text and photos, approvals, a hash-chained audit list, artifacts."""

    def __init__(self, text: str, photos: dict[str, bytes]) -> None:
        self.text, self.photos = text, dict(photos)
        self.approvals: dict[str, bytes] = {}
        self.lines: list[bytes] = []
        self.artifacts: dict[str, dict[str, bytes]] = {}
        self.decisions: str | None = None

    name = "case 7 (memory)"

    def case_text(self) -> str:
        return self.text

    def photo_files(self) -> MemoryPhotos:
        return MemoryPhotos(self.photos)

    def load_case(self) -> Any:
        return load_case_text(self.text, self.photos, source=self.name)

    def save_approval(self, release_hash: str, snapshot: bytes) -> str:
        self.approvals[release_hash] = snapshot
        return f"approval:{release_hash}"

    def read_approval(self, ref: str) -> bytes | None:
        return self.approvals.get(ref.removeprefix("approval:"))

    def append_audit(self, action: str, *, actor: str | None, release_hash: str | None,
                     details: dict[str, Any] | None = None, now: dt.datetime | None = None) -> AuditEntry:
        entry = AuditEntry(len(self.lines) + 1, now_utc(now), actor or "web", action, release_hash, dict(details or {}),
                           line_hash(self.lines[-1]) if self.lines else GENESIS)
        self.lines.append(entry.to_line())
        return entry

    def audit_entries(self) -> list[AuditEntry]:
        from posters.release.audit import _parse

        return [e for e in (_parse(line) for line in self.lines) if e is not None]

    def audit_entries_readable(self, warnings: list[str]) -> list[AuditEntry]:
        return self.audit_entries()

    def verify_audit(self) -> BrokenEntry | None:
        prev = GENESIS
        for n, entry in enumerate(self.audit_entries(), start=1):
            if entry.prev != prev:
                return BrokenEntry(n, "does not follow the line before it")
            prev = line_hash(self.lines[n - 1])
        return None

    @contextmanager
    def staging(self, destination: str) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix="memory-stage-"))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def commit_artifacts(self, staged: Path, destination: str) -> Iterator[str]:
        before = dict(self.artifacts.get(destination, {}))
        self.artifacts[destination] = {**before, **{p.relative_to(staged).as_posix(): p.read_bytes()
                                                   for p in staged.rglob("*") if p.is_file()}}
        try:
            yield destination
        except BaseException:
            self.artifacts[destination] = before  # the "transaction" rolls back
            raise

    def read_artifact(self, location: str, name: str) -> bytes | None:
        return self.artifacts.get(location, {}).get(name)

    def delete_artifact(self, location: str, name: str) -> None:
        del self.artifacts[location][name]

    def read_decisions(self) -> str | None:
        return self.decisions

    def write_decisions(self, text: str) -> None:
        self.decisions = text


def sample_in_memory(edit: tuple[str, str] | None = None) -> MemoryStore:
    text = (SAMPLE / "case.yaml").read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    photos = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in (SAMPLE / "photos").iterdir()}
    return MemoryStore(text, photos)


def test_both_stores_satisfy_the_contract(tmp_path):
    assert isinstance(sample_in_memory(), CaseStore)
    assert isinstance(FolderStore(tmp_path), CaseStore)


def test_a_case_from_memory_makes_the_same_release_as_from_its_folder(face_cache):
    from posters import load_case

    from_memory = build_public_release(sample_in_memory().load_case(), cache=face_cache)
    from_folder = build_public_release(load_case(SAMPLE), cache=face_cache)
    assert from_memory.release_hash == from_folder.release_hash


def test_approve_publish_takedown_on_a_memory_store():
    store = sample_in_memory()
    case = store.load_case()
    approval = approve(case, REVIEWER, "checked", store=store, now=NOW)
    assert approval.release_hash in store.approvals
    result = publish(case, "public/case-7", store=store, papers=("letter",), langs=("en",), now=NOW)
    published = store.artifacts["public/case-7"]
    assert "manifest.json" in published and {f.name for f in result.files} <= set(published)
    assert [e.action for e in store.audit_entries()] == ["approve", "publish"]
    assert store.verify_audit() is None
    # Closing the case: the takedown lists and deletes through the store as well.
    closed = MemoryStore(store.text.replace("status: active", "status: recovered"), store.photos)
    closed.lines, closed.artifacts = store.lines, store.artifacts
    done = takedown(closed.load_case(), store=closed, delete=True, now=NOW)
    assert {f.state for f in done.files} == {"deleted"} and store.artifacts["public/case-7"] == {}


def test_publish_needs_the_approval_in_the_same_store():
    store = sample_in_memory()
    case = store.load_case()
    approve(case, REVIEWER, store=store, now=NOW)
    other = sample_in_memory()
    with pytest.raises(ReleaseRefused, match="has not been approved"):
        publish(case, "out", store=other, papers=("letter",), langs=("en",), now=NOW)
    assert other.artifacts == {}


def test_recording_a_redaction_review_is_explicit(face_cache):
    store = sample_in_memory()
    public = build_public_release(store.load_case(), cache=face_cache)
    assert store.lines == []  # building and viewing the diff wrote nothing
    entry = record_redaction(public, store, actor="M. Okonkwo", now=NOW)
    assert (entry.action, entry.release_hash) == ("redact", public.release_hash)
    assert entry.details["withheld"] > 0


def test_load_case_text_names_the_source_and_line():
    from posters.errors import CaseFileError

    store = sample_in_memory(("  date: 2026-11-01", "  date: 11/29/2026"))
    with pytest.raises(CaseFileError) as err:
        store.load_case()
    [problem] = err.value.problems
    assert problem.render().startswith("case 7 (memory):")
    assert problem.path == "missing.date" and problem.line is not None


def test_a_photo_missing_from_memory_offers_the_ones_there(face_cache):
    from posters.check.readiness import check_readiness

    store = sample_in_memory()
    store.photos = {"photos/ava-2026-v2.jpg": store.photos["photos/ava-2026.jpg"]}
    result = check_readiness(store.load_case(), face_cache=face_cache, now=NOW)
    assert not result.ready
    [finding] = [f for f in result.findings if f.code == "photo-unreadable"]
    assert "did you mean photos/ava-2026-v2.jpg?" in finding.message
    assert finding.message.startswith("case 7 (memory):")


def test_decisions_round_trip_in_the_folder_store(tmp_path):
    store = FolderStore(tmp_path)
    assert store.read_decisions() is None
    store.write_decisions('{"decisions": []}')
    assert store.read_decisions() == '{"decisions": []}'
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_store_snapshot_hash_is_checked():
    store = sample_in_memory()
    case = store.load_case()
    a = approve(case, REVIEWER, store=store, now=NOW)
    store.approvals[a.release_hash] = store.approvals[a.release_hash].replace(b"Ava", b"Eve")
    assert hashlib.sha256(store.approvals[a.release_hash]).hexdigest()
    with pytest.raises(ReleaseRefused, match="changed or removed"):
        publish(case, "out", store=store, papers=("letter",), langs=("en",), now=NOW)


def test_a_case_from_text_never_reads_or_writes_the_working_directory(tmp_path, monkeypatch):
    """A damaged review.json where the process runs must not reach a case loaded from text,
    and approving such a case without a store must not write approvals or audit there."""
    from posters import check_readiness
    from posters.errors import StoreRequired

    monkeypatch.chdir(tmp_path)
    (tmp_path / "review.json").write_text("{ damaged", encoding="utf-8")
    case = sample_in_memory().load_case()
    assert not case.on_disk
    assert "review.json" not in " ".join(f.message for f in check_readiness(case, now=NOW, photos=False).findings)
    assert build_public_release(case).review.decisions == ()
    with pytest.raises(StoreRequired, match="a case loaded from text has no folder of its own; pass store="):
        approve(case, REVIEWER, now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.json"]
