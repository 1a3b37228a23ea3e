"""Login and logout. Sessions live in the database; the id is renewed at login and deleted at logout."""
from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import accounts, audit
from .. import db as database
from ..models import User

bp = Blueprint("auth", __name__)
PUBLIC_ENDPOINTS = {"auth.login", "api.healthz", "api.openapi", "static"}


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


def load_user() -> object | None:
    """Before every request: who is asking (API token or session), and send strangers to the login page."""
    g.user = None
    db = database.session()
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        g.user = accounts.user_for_token(db, header.removeprefix("Bearer ").strip())
        g.via_token = True
    else:
        g.via_token = False
        uid = session.get("uid")
        if uid is not None:
            u = db.get(User, uid)
            if u is None or u.disabled or session.get("pwv") != u.password_hash[-16:]:
                session.clear()
            else:
                g.user = u
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.path.startswith("/api/"):
            return None  # the API answers 401 itself
        if request.endpoint is not None:
            return redirect(url_for("auth.login"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        cfg = current_app.config["POSTERS"]
        db = database.session()
        name, address = form.username.data.strip(), request.remote_addr or "?"
        if accounts.throttled(db, name, address, window_minutes=cfg.login_window_minutes,
                              per_account=cfg.login_max_failures_account, per_address=cfg.login_max_failures_address):
            db.commit()
            error, status = (f"too many failed logins; wait {cfg.login_window_minutes} minutes and try again", 429)
        else:
            db.commit()  # end the throttle's write before the session store writes (SQLite has one writer)
            u = accounts.find_user(db, name)
            if u is not None and accounts.check_password(u, form.password.data) and not u.disabled:
                current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]  # Flask-Session: a new id, no fixation
                session.clear()
                session["uid"] = u.id
                session["pwv"] = u.password_hash[-16:]  # a password change ends other sessions
                audit.append(db, None, "login", u.username)
                db.commit()
                return redirect(url_for("cases.queue"))
            accounts.record_failure(db, name, address)
            db.commit()
            error, status = "wrong user name or password, or the account is disabled", 401
    elif request.method == "POST":
        status = 400
    return render_template("login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    u = g.get("user")
    if u is not None:
        db = database.session()
        audit.append(db, None, "logout", u.username)
        db.commit()
    session.clear()  # Flask-Session deletes the emptied session's record and the cookie
    return redirect(url_for("auth.login"))
