"""Limits on what one client may try: wrong API tokens are throttled per address, ids are bounded.

A token is 256 random bits, so guessing one is hopeless; the throttle is here so
that a script hammering the API with stolen-looking or made-up tokens is told to
stop (429) instead of being answered as fast as it asks.
"""
from __future__ import annotations

from flask import current_app, request
from werkzeug.routing import IntegerConverter

from . import accounts
from . import db as database

TOKEN_FAILURE = "(api token)"  # the "account" wrong tokens are recorded under


def wrong_token_refusal() -> tuple[str, int]:
    """Record one wrong Bearer token from this address; the message and status to answer (401, or 429 when throttled)."""
    cfg = current_app.config["POSTERS"]
    db = database.session()
    address = request.remote_addr or "?"
    if accounts.throttled(db, TOKEN_FAILURE, address, window_minutes=cfg.login_window_minutes,
                          per_account=10**9, per_address=cfg.login_max_failures_address):
        db.commit()
        return (f"too many wrong tokens or logins from this address; wait {cfg.login_window_minutes} minutes "
                "and try again"), 429
    accounts.record_failure(db, TOKEN_FAILURE, address)
    db.commit()
    return "the token is wrong, revoked or its account is disabled", 401


class DatabaseInt(IntegerConverter):
    """<int:...> in routes, up to the largest id a database column holds: a larger one is 404, not a crash.

    Without it, /api/cases/1575796167447867868315648 (found by schemathesis) reached
    the database and overflowed its integer (a 500).
    """

    def __init__(self, url_map, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)
