"""Log in, log out, choose the language; `/` leads to the coverage matrix."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from monitor.auth import authenticate
from monitor.auth import set_locale as set_user_locale
from monitor.db import get_session
from monitor.i18n import LOCALES
from monitor.views import errors

bp = Blueprint("auth", __name__)
errors.attach(bp)


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects)."""
    if not target or any(c in target for c in "\\\r\n\t") or not target.startswith("/"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target.rstrip("?") or default


@bp.get("/")
def home() -> ResponseReturnValue:
    if "coverage.matrix" in current_app.view_functions:
        return redirect(url_for("coverage.matrix"))
    return redirect(url_for("products.index"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    email = request.form.get("email", "").strip()
    if request.method == "POST":
        user = authenticate(get_session(), email, request.form.get("password", ""))
        if user is not None:
            login_user(user)
            return redirect(next_url)
        flash(_("Wrong email or password."), "error")
        return render_template("auth/login.html", email=email, next=next_url), 401
    return render_template("auth/login.html", email=email, next=next_url)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/locale")
def set_locale() -> ResponseReturnValue:
    locale = request.form.get("locale", "")
    if locale not in LOCALES:
        abort(400, description=_("Unknown language: choose 中文 or English."))
    session["locale"] = locale
    if current_user.is_authenticated:
        set_user_locale(session=get_session(), user=current_user, locale=locale)
        get_session().commit()
    return redirect(safe_next(request.form.get("next")))
