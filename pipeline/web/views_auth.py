"""Login, logout and the language switch."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from pipeline import auth, i18n
from pipeline.errors import AuthError
from pipeline.web import db, login, t

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, default: str = "/queue") -> str:
    """A local path to go to after a form (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
def login_page():
    """The login form; a good login starts a fresh session."""
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        if session.get("user"):
            return redirect(nxt)
        return render_template("login.html", next=nxt, error=None)
    name = request.form.get("name", "").strip()[:64]
    try:
        user = auth.authenticate(db(), name, request.form.get("password", ""))
    except AuthError as exc:
        error = t("login.locked") if str(exc) == "locked" else t("login.bad")
        return render_template("login.html", next=nxt, error=error, name=name), 401
    login(user.name, user.role)
    return redirect(nxt)


@bp.post("/logout")
def logout():
    """End the session."""
    keep = session.get("lang")
    session.clear()
    if keep:
        session["lang"] = keep
    return redirect(url_for("auth.login"))


@bp.post("/lang")
def set_lang():
    """Switch between Indonesian and English (kept in the session)."""
    choice = request.form.get("lang", "id")
    session["lang"] = choice if choice in i18n.LANGS else "id"
    return redirect(safe_next(request.form.get("next")))
