"""The web application: case managers, reviewers and social-media teams working one queue.

create_app(config) builds the Flask application; `posters serve`, `posters worker`
and `posters users` (posters/web/cli.py) run it. Imported lazily so that the
command line does not load Flask to print its help.
"""
from __future__ import annotations

from typing import Any

__all__ = ["WebConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "WebConfig":
        from .config import WebConfig

        return WebConfig
    raise AttributeError(f"module 'posters.web' has no attribute {name!r}")
