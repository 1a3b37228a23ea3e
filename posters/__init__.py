"""posters: missing-child posters and social images from a case file, with fail-closed redaction.

The public API is listed in __all__; it is imported lazily so that the command
line starts fast and a web front end can import only what it needs.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "load_case": ".case",
    "Case": ".case",
    "check_readiness": ".check.readiness",
    "Readiness": ".check.readiness",
    "PostersError": ".errors",
    "CaseFileError": ".errors",
    "PhotoError": ".errors",
    "ReleaseRefused": ".errors",
    "build_public_release": ".public",
    "PublicRelease": ".public",
    "render_poster": ".render.poster",
    "approve": ".release",
    "publish": ".release",
    "takedown": ".release",
    "verify_chain": ".release",
    "run_batch": ".release.batch",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name], __name__), name)
    raise AttributeError(f"module 'posters' has no attribute {name!r}")
