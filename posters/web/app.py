"""The application factory: create_app(config) builds one isolated app (tests make as many as they like)."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..errors import PostersError
from . import db as database
from .config import WebConfig
from .errors import frames

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: WebConfig | None = None) -> Flask:
    """Build the web application for this configuration; migrates the database to the newest schema."""
    from flask_session import Session as ServerSessions
    from flask_sqlalchemy import SQLAlchemy

    config = (config or WebConfig()).prepare()
    url = str(config.database_url)  # prepare() fills it
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=80 * 1024 * 1024,
        SESSION_TYPE="sqlalchemy",
        SESSION_SQLALCHEMY_TABLE="sessions",
        SESSION_PERMANENT=True,
        SESSION_USE_SIGNER=False,  # the id is 256 random bits held server-side; nothing to sign
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=config.idle_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,  # idle timeout: each request pushes the expiry forward
        SESSION_COOKIE_NAME="posters_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_CLEANUP_N_REQUESTS=200,
        SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(url),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True,
                                   **({"connect_args": {"timeout": config.database_busy_seconds}}
                                      if config.is_sqlite else {})},
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (idle-limited) session
        POSTERS=config,
    )
    database.upgrade(url)
    engine = database.make_engine(url, config.database_busy_seconds)
    database.init_app(app, engine)
    app.extensions["posters_engine"] = engine
    # Flask-Session's SQLAlchemy backend needs a Flask-SQLAlchemy instance; this one serves only it.
    app.config["SESSION_SQLALCHEMY"] = SQLAlchemy(app)
    ServerSessions(app)
    csrf.init_app(app)

    from .jobs import make_huey

    app.extensions["posters_huey"] = make_huey(config, app.extensions["posters_db"])
    from . import zips

    with app.extensions["posters_db"]() as db:  # release zips of cases taken down while this server was off
        zips.sweep(db, config.data_dir)

    from .limits import DatabaseInt

    app.url_map.converters["int"] = DatabaseInt  # before the routes: an id too large for the database is 404
    from .views import admin, api, auth, cases, releases, review

    for bp in (auth.bp, cases.bp, review.bp, releases.bp, admin.bp, api.bp):
        app.register_blueprint(bp)
    csrf.exempt(api.bp)  # the API checks CSRF itself when it is used with a session cookie

    app.before_request(auth.load_user)  # type: ignore[type-var]  # returns a redirect or None
    app.after_request(_security_headers)
    _error_handlers(app)
    app.jinja_env.globals["allowed"] = lambda perm, case=None: _allowed(perm, case)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return app


def _allowed(perm: str, case: object = None) -> bool:
    from .security import allowed

    return allowed(g.get("user"), perm, case)  # type: ignore[arg-type]


def _sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _security_headers(response):
    """Set once for every response: no caching of anything (case data), CSP without inline script, nosniff."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _error_handlers(app: Flask) -> None:
    """Every error becomes a message here, in one place: a JSON body for the API, a page otherwise."""

    def respond(status: int, message: str, **extra: object):
        if _wants_json():
            body: dict[str, object] = {"error": message}
            body.update({k: v for k, v in extra.items() if v is not None})
            return jsonify(body), status
        return render_template("error.html", status=status, message=message, extra=extra), status

    @app.errorhandler(PostersError)
    def _posters(exc: PostersError):
        status = getattr(exc, "status", None) or (409 if exc.exit_code == 1 else 422)
        return respond(status, exc.message, **getattr(exc, "extra", {}))

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return respond(400, "the form expired or did not come from this site; reload the page and try again")

    for code, text in ((400, "bad request"), (401, "log in first"), (403, "not allowed"), (404, "not found"),
                       (405, "method not allowed"), (413, "the upload is too large (at most 80 MB)"),
                       (500, "something went wrong on the server; nothing was published")):
        app.register_error_handler(code, lambda exc, code=code, text=text: respond(code, text))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return respond(exc.code or 500, exc.description or "error")
        # The type, the route pattern and the frames, never the message or the URL: either can hold case data.
        app.logger.error("unexpected %s on %s %s\n%s", type(exc).__name__, request.method, request.url_rule,
                         frames(exc))
        return respond(500, "something went wrong on the server; nothing was published")

    from . import outage  # the database unreachable or locked: 503, wherever it surfaces

    outage.register(app, lambda exc: respond(500, "something went wrong on the server; nothing was published"))

