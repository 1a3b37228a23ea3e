"""Helpers every blueprint shares: the current user, loading a case, and the permission check."""
from __future__ import annotations

from flask import abort, current_app, g

from .. import db as database
from ..errors import NotFound
from ..models import DELETED, CaseRecord, User
from ..security import require


def user() -> User:
    """The logged-in user (views behind login only); aborts with 401."""
    u = g.get("user")
    if u is None:
        abort(401)
    return u


def case_or_404(case_id: int, permission: str) -> CaseRecord:
    """The case, after checking the user may do `permission` to it; raises NotAllowed or NotFound."""
    u = user()
    require(u, permission)
    case = database.session().get(CaseRecord, case_id)
    if case is None or case.state == DELETED:
        raise NotFound("there is no such case")
    require(u, permission, case)
    return case


def huey():
    return current_app.extensions["posters_huey"]


def config():
    return current_app.config["POSTERS"]
