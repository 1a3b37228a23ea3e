"""docs/library.md's example runs as written, and the facade lists only names that exist."""
from __future__ import annotations

import re

import posters
from tests.conftest import REPO, SAMPLES


def test_library_doc_example_runs(tmp_path, monkeypatch, capsys):
    doc = (REPO / "docs" / "library.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", doc, re.S)
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/library.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ready ")
    assert re.fullmatch(r"approved [0-9a-f]{12} by M\. Okonkwo", out[1])
    assert "prepared this case" in out[2]


def test_every_public_name_resolves():
    for name in posters.__all__:
        assert getattr(posters, name) is not None, name
