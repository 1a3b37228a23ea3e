"""What rendering reuses across documents in one process: the Jinja environment and WeasyPrint's font configuration."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from .templates import templates_root


@lru_cache(maxsize=1)
def jinja_env() -> Any:
    """One environment per process: autoescaped, StrictUndefined, templates compiled once."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    # Case text is data: it is escaped everywhere and never compiled as template code.
    return Environment(
        loader=FileSystemLoader(str(templates_root())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # A field redaction emptied is None in the context: it prints as nothing, never as "None".
        finalize=_none_is_empty,
    )


def _none_is_empty(value: Any) -> Any:
    return "" if value is None else value


@lru_cache(maxsize=1)
def font_config() -> Any:
    """One WeasyPrint font configuration per process (building it costs tens of milliseconds)."""
    import atexit

    from weasyprint.text.fonts import FontConfiguration

    # Dropped before interpreter shutdown: its __del__ needs modules that are gone by then.
    atexit.register(font_config.cache_clear)
    return FontConfiguration()


class CapturedLog(logging.Handler):
    """Collects WeasyPrint's warnings and errors during one render, so they fail the render."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> "CapturedLog":
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self)
        self._propagate = logger.propagate
        logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self)
        logger.propagate = self._propagate


@lru_cache(maxsize=None)
def parsed_stylesheets(paths: tuple[str, ...]) -> tuple[Any, ...]:
    """Stylesheets (paths relative to templates/) parsed once per process with the shared fonts.

    Parsing base.css with its @font-face rules for every document cost as much as laying
    out a social card. Raises RenderError when a stylesheet tries to load anything outside
    the templates folder.
    """
    from weasyprint import CSS

    from ..errors import RenderError
    from .fetcher import SafeFetcher

    root = templates_root()
    fetcher = SafeFetcher([root])
    with CapturedLog() as log:
        sheets = tuple(CSS(filename=str(root / rel), url_fetcher=fetcher, font_config=font_config()) for rel in paths)
    refused = fetcher.refused + [m for m in log.messages if "refused to load" in m]
    if refused:
        raise RenderError(f"the stylesheets {', '.join(paths)} tried to load something they may not: " + "; ".join(refused))
    return sheets
