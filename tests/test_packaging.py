"""A non-editable install finds its templates, fonts, catalogs and policy data."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, SAMPLES


def test_every_package_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in REPO.glob("posters/**/__init__.py")}
    found |= {".".join(p.parent.relative_to(REPO).parts) for p in REPO.glob("redaction/**/__init__.py")}
    assert found <= listed, f"packages missing from pyproject.toml: {sorted(found - listed)}"


def test_non_editable_install_finds_its_data(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO)], check=True, capture_output=True)
    script = (
        "import posters, redaction\n"
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
