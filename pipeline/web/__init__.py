"""The review web app: ``create_app(db_path)`` builds a Flask app over one SQLite file.

Handlers validate input, call ``pipeline.store`` functions and render Jinja templates (autoescaped: transcript
text is untrusted). Every page needs a login; every POST needs the session's CSRF token; the session cookie is
signed, HttpOnly and SameSite=Strict and expires after ``SESSION_HOURS``. Errors become a short 4xx page.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import secrets
import threading
from pathlib import Path

from flask import Flask, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from pipeline import i18n
from pipeline.errors import AuthError, NotFound, PipelineError
from pipeline.store import open_db, progress

SESSION_HOURS = 8
PUBLIC = {"auth.login", "static", "auth.set_lang"}


def session_secret(path: str | os.PathLike) -> str:
    """The key that signs session cookies, kept in ``path`` (created with mode 0600 on first use) so that a restart
    of the app does not log every coder out. Written atomically; an unreadable or empty file is replaced.

    Raises:
        PipelineError: the folder cannot be written.
    """
    path = Path(path)
    try:
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= 32:
            return value
    except (OSError, UnicodeDecodeError):
        pass
    value = secrets.token_hex(32)
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(value + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise PipelineError(f"{path}: cannot write the review app's session key ({exc}); check the folder's "
                            "permissions or set TELAAH_HOME to a writable folder") from exc
    return value


def create_app(db_path: str | os.PathLike, *, secret: str | None = None, lang: str = "id",
               codebook_path: str | None = None) -> Flask:
    """The review app over the database at ``db_path`` (migrated here once).

    Args:
        db_path: the SQLite file (shared with the CLI and other coders' sessions).
        secret: the key that signs session cookies; a random one per process when None (restart = log in again;
            ``telaah review`` passes :func:`session_secret` of the data folder instead).
        lang: the default language, ``id`` or ``en``.
        codebook_path: a codebook YAML file (default: the shipped DeSeve codebook).
    """
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="telaah_session",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        TELAAH_DB=str(db_path),
        TELAAH_LANG=lang if lang in i18n.LANGS else "id",
        TELAAH_CODEBOOK=i18n.codebook(codebook_path),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    open_db(db_path).conn.close()  # create or migrate once, before serving
    app.extensions["telaah_queue"] = {"lock": threading.Lock(), "locks": {}, "snaps": {}}
    _hooks(app)
    from pipeline.web import views_auth, views_queue, views_team

    for module in (views_auth, views_team, views_queue):
        app.register_blueprint(module.bp)
    return app


def db():
    """This request's database connection (opened on first use, closed at the end of the request)."""
    if "db" not in g:
        g.db = open_db(g.db_path, migrate=False)
    return g.db


def queue_state(user: dict, flt, skip=()) -> tuple:
    """(next passage id, progress per code, transcripts, informants) for the user, from their in-memory queue
    snapshot brought up to date with the decisions appended since (see :mod:`pipeline.store.progress`)."""
    cache = current_app.extensions["telaah_queue"]
    key = (user["name"], user["lead"])
    with cache["lock"]:
        lock = cache["locks"].setdefault(key, threading.Lock())
    with lock:
        snap = progress.refresh(db(), cache["snaps"].get(key), user["name"], lead=user["lead"])
        cache["snaps"][key] = snap
        pid = progress.next_passage(snap, flt, skip)
        return pid, progress.counts(snap), snap.transcripts, snap.informants


def lang() -> str:
    """The language of this session."""
    return session.get("lang") or g.default_lang


def t(key: str, **values) -> str:
    """A user-facing string in this session's language."""
    return i18n.t(key, lang(), **values)


def current_user() -> dict | None:
    """``{"name", "role", "lead"}`` of the logged-in user, or None."""
    name = session.get("user")
    if not name:
        return None
    return {"name": name, "role": session.get("role", "coder"), "lead": session.get("role") == "lead"}


def login(name: str, role: str) -> None:
    """Start a fresh session for the user (a new CSRF token; the language is kept)."""
    keep = session.get("lang")
    session.clear()
    session.permanent = True
    session.update(user=name, role=role, csrf=secrets.token_urlsafe(32),
                   login_at=dt.datetime.now(dt.timezone.utc).isoformat())
    if keep:
        session["lang"] = keep


def csrf_token() -> str:
    """The session's CSRF token (created for anonymous sessions too, for the login form)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _expired() -> bool:
    started = session.get("login_at")
    if not started:
        return True
    age = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(started)
    return age > dt.timedelta(hours=SESSION_HOURS)


def _hooks(app: Flask) -> None:
    @app.before_request
    def _guard():
        g.db_path = app.config["TELAAH_DB"]
        g.default_lang = app.config["TELAAH_LANG"]
        g.codebook = app.config["TELAAH_CODEBOOK"]
        return _check_request()

    @app.teardown_request
    def _close(_exc):
        database = g.pop("db", None)
        if database is not None:
            database.conn.close()

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp

    @app.context_processor
    def _globals():
        return {"t": t, "lang": lang(), "user": current_user(), "csrf_token": csrf_token,
                "code_label": lambda c: i18n.code_label(g.codebook, c, lang()), "codebook": g.codebook}

    _error_handlers(app)

def _check_request():
    """Expired sessions end; POSTs need a login and the CSRF token; other pages need a login."""
    if session.get("user") and _expired():
        keep = session.get("lang")
        session.clear()
        if keep:
            session["lang"] = keep
        if request.method == "GET":
            flash(t("err.401"))  # shown on the login page the guard redirects to
    if request.method == "POST":
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        if request.endpoint not in PUBLIC and not session.get("user"):
            abort(401)
        if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
            abort(400, description=t("err.csrf"))
    if request.endpoint not in PUBLIC and not session.get("user"):
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(401)
    return None


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        custom = exc.description if exc.description != type(exc).description else None
        return _error_page(exc.code or 500, custom)

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return _error_page(404, str(exc))

    @app.errorhandler(AuthError)
    def _forbidden(exc: AuthError):
        return _error_page(403, str(exc))

    @app.errorhandler(PipelineError)
    def _pipeline_error(exc: PipelineError):
        return _error_page(400, str(exc))

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        app.logger.exception("unexpected error")
        return _error_page(500, None)

def _error_page(code: int, message: str | None):
    known = code if code in (400, 401, 403, 404, 405) else (400 if code < 500 else 500)
    try:
        g.codebook  # noqa: B018 - the guard may not have run (e.g. an error in it)
    except AttributeError:
        return (message or i18n.t(f"err.{known}")), code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("error.html", code=code, message=message or t(f"err.{known}")), code
