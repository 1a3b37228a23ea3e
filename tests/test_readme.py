"""The README's library example runs as written (so the README cannot drift from the code)."""
from __future__ import annotations

import re

from tests.conftest import REPO, SAMPLES
from tests.pdfutil import pdf_text


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", readme, re.S)
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)  # the example writes poster.pdf into the current folder
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "True"
    text = " ".join(pdf_text((tmp_path / "poster.pdf").read_bytes()).split())
    assert "DESAPARECIDA" in text and "BORRADOR — NO PUBLICAR" in text
