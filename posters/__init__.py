"""posters: missing-child posters and social images from a case file, with fail-closed redaction.

The public API is listed in __all__ (docs/library.md shows it in use). Names are
imported on first use, so the command line starts fast and a web front end
imports only what it needs.
"""
from __future__ import annotations

import os
from typing import Any

# onnxruntime (the OCR and CenterFace models) records telemetry about the process and the
# machine in ~/.cache and would send it to Microsoft. Nothing of a case leaves the agency, and
# no cache lives outside the data folder, so it is off before onnxruntime can be imported.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"

_API = {
    # the case file
    "load_case": ".case", "load_case_text": ".case", "Case": ".case",
    # readiness
    "check_readiness": ".check.readiness", "Readiness": ".check.readiness",
    # the public release and what is drawn from it
    "build_public_release": ".public", "PublicRelease": ".public",
    "render_poster": ".render.poster", "export_social": ".social",
    # review and release, on a case and its store
    "CaseStore": ".store", "FolderStore": ".store", "open_case": ".store",
    "approve": ".release", "publish": ".release", "takedown": ".release", "record_redaction": ".release",
    "verify_chain": ".release", "run_batch": ".release.batch",
    # errors
    "PostersError": ".errors", "CaseFileError": ".errors", "PhotoError": ".errors", "ReleaseRefused": ".errors",
    "LeakFound": ".errors", "OutputError": ".errors", "AuditError": ".errors", "RenderError": ".errors",
}

__all__ = [
    "AuditError", "Case", "CaseFileError", "CaseStore", "FolderStore", "LeakFound", "OutputError", "PhotoError",
    "PostersError", "PublicRelease", "Readiness", "ReleaseRefused", "RenderError", "__version__", "approve",
    "build_public_release", "check_readiness", "export_social", "load_case", "load_case_text", "open_case",
    "publish", "record_redaction", "render_poster", "run_batch", "takedown", "verify_chain",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name], __name__), name)
    raise AttributeError(f"module 'posters' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
