"""Package contract: explicit public API, independence from posters, docs in step with the policy."""
from __future__ import annotations

import ast
from pathlib import Path

import redaction
from redaction import load_policy
from redaction.policy import TREATMENTS

PACKAGE = Path(redaction.__file__).parent
DOCS = Path(__file__).resolve().parents[2] / "docs" / "redaction.md"


def test_public_api_is_explicit() -> None:
    for name in ["load_policy", "redact", "Release", "Decision", "Scanner", "Hit", "build_scanner",
                 "mask", "normalize", "clean_image", "verify_clean", "RedactionError", "PolicyError",
                 "LexiconError", "ImageMetadataError", "ImageFormatError", "Policy"]:
        assert name in redaction.__all__
        assert hasattr(redaction, name)


def test_redaction_never_imports_posters() -> None:
    for source in PACKAGE.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "posters" or n.startswith("posters.") for n in names), source


def test_modules_stay_small() -> None:
    for source in PACKAGE.glob("*.py"):
        assert len(source.read_text(encoding="utf-8").splitlines()) < 300, source


def test_docs_cover_every_reason_code_and_treatment() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code in load_policy().reasons:
        assert f"`{code}`" in text, code
    for treatment in TREATMENTS:
        assert f"`{treatment}`" in text, treatment
    assert "Threat model" in text
