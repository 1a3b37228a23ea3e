"""A non-editable install finds its templates, fonts, catalogs and policy data."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, SAMPLES


def test_every_package_and_data_folder_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in REPO.glob("posters/**/__init__.py")}
    found |= {".".join(p.parent.relative_to(REPO).parts) for p in REPO.glob("redaction/**/__init__.py")}
    # Folders of data files ship as namespace packages; an unlisted one would be dropped.
    data = ("*.yaml", "*.po", "*.html", "*.css", "*.ttf", "*.otf")
    for root, package in ((REPO / "posters", "posters"), (REPO / "redaction", "redaction"),
                          (REPO / "templates", "posters.templates")):
        for pattern in data:
            for f in root.rglob(pattern):
                if "__pycache__" not in f.parts and "migrations" not in f.parts:
                    found.add(".".join([package, *f.parent.relative_to(root).parts]))
    assert found <= listed, f"packages missing from pyproject.toml: {sorted(found - listed)}"


def _source_copy(tmp_path):
    """The source tree without .venv, .git and build leftovers: builds happen there, never in the repository."""
    import shutil

    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__",
                                                             ".pytest_cache", ".hypothesis", "out"))
    return src


def test_non_editable_install_finds_its_data(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                            "--target", str(target), str(_source_copy(tmp_path))],
                           check=True, capture_output=True, text=True)
    # No "Package would be ignored" blocks, no license-table deprecation.
    assert "BuildBackendWarning" not in build.stdout + build.stderr, build.stderr
    script = (
        "import posters, redaction\n"
        "from importlib.resources import files\n"
        "assert files('posters').joinpath('py.typed').is_file()\n"
        "from posters.render.templates import templates_root, poster_template_names\n"
        "from posters.render.i18n import messages\n"
        "root = templates_root()\n"
        "assert str(root).startswith(%r), root\n"
        "assert (root / 'fonts' / 'NotoSans-Regular.ttf').is_file()\n"
        "assert poster_template_names() == ['long-term', 'siblings', 'standard'], poster_template_names()\n"
        "assert messages('es').pgettext('female', 'MISSING') == 'DESAPARECIDA'\n"
        "policy = redaction.load_policy()\n"
        "print('ok', posters.__file__)\n"
    ) % str(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok " + str(target))
    check = subprocess.run([sys.executable, "-m", "posters", "check", "--no-faces", str(SAMPLES / "01-standard")],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "ready" in check.stdout
