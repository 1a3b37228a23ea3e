"""The audit log: hash chain, tamper detection (edit, delete, reorder, truncate), the audit command."""
from __future__ import annotations

import json

import pytest

from posters.cli import main
from posters.release import append_entry, read_entries, verify_chain
from tests.release.conftest import NOW


@pytest.fixture
def log(tmp_path):
    for i, action in enumerate(["redact", "approve", "publish", "takedown"]):
        append_entry(tmp_path, action, actor=f"person{i}", release_hash=f"{i:064x}", details={"n": i}, now=NOW)
    return tmp_path / "audit.jsonl"


def lines(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_chain_holds_and_links_each_line(log):
    assert verify_chain(log) is None
    entries = read_entries(log)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev == "0" * 64
    first = json.loads(lines(log)[0])
    assert set(first) == {"seq", "time", "actor", "action", "release_hash", "details", "prev"}


@pytest.mark.parametrize("tamper, line", [
    (lambda ls: [ls[0], ls[1].replace("person1", "person9"), *ls[2:]], 3),   # edit a middle line: next one breaks
    (lambda ls: [*ls[:3], ls[3].replace("person3", "person9")], 4),          # edit the last line: the head breaks
    (lambda ls: [ls[0], *ls[2:]], 2),                                         # delete a line
    (lambda ls: [ls[1], ls[0], *ls[2:]], 1),                                  # swap two lines
    (lambda ls: ls[:3], 4),                                                   # cut the last line off
    (lambda ls: [*ls[:3], ls[3].rstrip("\n")], 4),                            # cut the last newline
    (lambda ls: [ls[0], '{"not": "an entry"}\n', *ls[2:]], 2),                # replace with junk
])
def test_tampering_is_detected(log, tamper, line):
    log.write_text("".join(tamper(lines(log))), encoding="utf-8")
    broken = verify_chain(log)
    assert broken is not None and broken.line == line, broken


def test_entry_survives_head_lagging_after_a_crash(log):
    head = log.parent / ".posters" / "audit-head.json"
    saved = head.read_text()
    append_entry(log.parent, "publish", actor="x", release_hash=None, now=NOW)
    head.write_text(saved)  # as if the process died between the log write and the head write
    assert verify_chain(log) is None


def test_cli_audit_prints_history_and_verifies(case_dir, capsys):
    folder = case_dir()
    append_entry(folder, "approve", actor="M. Okonkwo", release_hash="ab" * 32, details={"note": "ok"}, now=NOW)
    assert main(["audit", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "approve" in out and "M. Okonkwo" in out and "abababababab" in out and "note: ok" in out
    assert main(["audit", "--verify", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("audit log intact: 1 entries; head sha256 ")
    log = folder / "audit.jsonl"
    log.write_text(log.read_text().replace("M. Okonkwo", "J. Rivera"))
    assert main(["audit", "--verify", str(folder)]) == 1
    assert "audit log broken: first broken entry at line 1" in capsys.readouterr().out


def test_publish_refuses_on_a_broken_log(case_dir, tmp_path):
    from posters.errors import ReleaseRefused
    from posters.release import approve, publish

    folder = case_dir()
    approve(folder, "M. Okonkwo", now=NOW)
    append_entry(folder, "redact", actor="x", release_hash=None, now=NOW)
    log = folder / "audit.jsonl"
    log.write_text("".join(lines(log)[1:]))
    with pytest.raises(ReleaseRefused, match="the audit log .* is broken at line 1"):
        publish(folder, tmp_path / "out", papers=("letter",), langs=("en",), now=NOW)
