"""The database unreachable, restarting or locked: a clear 503 with Retry-After, never a 500 or a traceback.

Nothing is kept between requests that a lost connection could poison (each
request has its own session, engines ping before use), so the next request
after the database is back simply works: no restart.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask, Response, jsonify, render_template_string, request
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER_SECONDS = 5
MESSAGE = ("the database is not reachable right now (restarting, locked or busy); nothing was changed. "
           "Please try again in a moment")
DB_DOWN = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
# A page of its own: the usual layout asks the (unreachable) session store for the user and a CSRF token.
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>503 · posters</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main id="main"><h1>Try again in a moment</h1>
<p role="alert">{{ message }}.</p></main></body></html>"""


def is_outage(exc: BaseException | None) -> bool:
    """Whether the exception (or what it wraps) says the database cannot be reached or is locked."""
    while exc is not None:
        if isinstance(exc, DB_DOWN) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
            return True
        exc = getattr(exc, "original_exception", None) or exc.__cause__
    return False


def outage_response() -> Response:
    if request.path.startswith("/api/") or request.path == "/healthz":
        response = jsonify({"error": MESSAGE})
    else:
        response = Response(render_template_string(_PAGE, message=MESSAGE), mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register(app: Flask, server_error: Callable[[BaseException], object]) -> None:
    """Answer database outages with 503 wherever they surface (views, session store, before-request hooks)."""
    for cls in DB_DOWN:
        app.register_error_handler(cls, lambda exc: outage_response())

    def _500(exc: BaseException):  # noqa: ANN202
        # Raised while opening or saving the server-side session, the error reaches Flask as a plain 500.
        return outage_response() if is_outage(exc) else server_error(exc)

    app.register_error_handler(500, _500)
