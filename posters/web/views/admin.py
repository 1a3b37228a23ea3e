"""The administrator's page: accounts, roles, tokens, disabling."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from .. import accounts, audit
from .. import db as database
from ..errors import NotFound, WebError
from ..models import ROLES, User
from ..security import require
from .common import user

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
def users():
    me = user()
    require(me, "users.manage")
    db = database.session()
    message, token, status = None, None, 200
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "add":
                u = accounts.add_user(db, request.form.get("username", ""), request.form.get("password", ""),
                                      request.form.getlist("roles"), request.form.get("full_name", ""))
                audit.append(db, None, "user_add", me.username, details={"user": u.username, "roles": sorted(u.roles)})
                message = f"added {u.username}"
            else:
                found = db.get(User, int(request.form.get("user_id", "0") or 0))
                if found is None:
                    raise NotFound("there is no such user")
                u = found
                if action == "disable":
                    u.disabled = True
                    audit.append(db, None, "user_disable", me.username, details={"user": u.username})
                    message = f"disabled {u.username}"
                elif action == "enable":
                    u.disabled = False
                    audit.append(db, None, "user_enable", me.username, details={"user": u.username})
                    message = f"enabled {u.username}"
                elif action == "token":
                    token = accounts.new_token(db, u)
                    audit.append(db, None, "user_token", me.username, details={"user": u.username})
                    message = f"new API token for {u.username} (shown once; copy it now)"
                elif action == "roles":
                    roles = request.form.getlist("roles")
                    if not roles or any(r not in ROLES for r in roles):
                        raise WebError("choose at least one role")
                    u.roles = roles
                    audit.append(db, None, "user_roles", me.username, details={"user": u.username, "roles": roles})
                    message = f"changed the roles of {u.username}"
            db.commit()
        except WebError as exc:
            db.rollback()
            message, status = exc.message, exc.status
    return render_template("admin_users.html", users=list(db.scalars(select(User).order_by(User.username))),
                           roles=ROLES, message=message, token=token), status
