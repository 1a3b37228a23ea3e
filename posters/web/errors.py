"""Errors of the web front end; every one becomes a page or a JSON body in one place (app.py)."""
from __future__ import annotations

import traceback

from ..errors import PostersError


def frames(exc: BaseException) -> str:
    """Where an exception happened, as file:line in function per frame: no message, no source text, no values."""
    return "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__))


class WebError(PostersError):
    """A request the web front end refuses, with the HTTP status that says why."""

    status = 400

    def __init__(self, message: str, status: int | None = None, **extra: object) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        self.extra = extra


class NotAllowed(WebError):
    status = 403


class NotFound(WebError):
    status = 404


class Conflict(WebError):
    status = 409


class Invalid(WebError):
    """The case file or photos do not validate; extra['errors'] holds the field problems."""

    status = 422
