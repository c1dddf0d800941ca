"""Log in (throttled), log out, change one's password, choose the language; `/` leads to the
coverage matrix."""

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
from flask_login import current_user, login_required, login_user, logout_user

from monitor.auth import (
    WrongPassword,
    authenticate,
    authenticated_by_token,
    change_password,
    end_sessions,
)
from monitor.auth import set_locale as set_user_locale
from monitor.db import get_session
from monitor.i18n import LOCALES
from monitor.throttle import login_retry_after, record_failed_login
from monitor.views import errors
from monitor.views.common import translate_message

bp = Blueprint("auth", __name__)
errors.attach(bp)

# what a user who must replace a one-time password may still reach
_BEFORE_NEW_PASSWORD = {"auth.password", "auth.logout", "auth.set_locale", "static"}


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects)."""
    if not target or any(c in target for c in "\\\r\n\t") or not target.startswith("/"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target.rstrip("?") or default


@bp.before_app_request
def _one_time_password_first() -> ResponseReturnValue | None:
    if request.endpoint in _BEFORE_NEW_PASSWORD or not current_user.is_authenticated:
        return None
    if current_user.must_change_password and not authenticated_by_token():
        return redirect(url_for("auth.password"))
    return None


def _address() -> str:
    return request.remote_addr or ""


def _throttled(wait: int, template: str, **context: object) -> ResponseReturnValue:
    """`template` with a 429 saying when to try again, `wait` seconds from now."""
    minutes = max(1, round(wait / 60))
    flash(_("Too many failed logins. Try again in %(minutes)s minutes.", minutes=minutes), "error")
    return render_template(template, **context), 429, {"Retry-After": str(wait)}


@bp.get("/")
def home() -> ResponseReturnValue:
    if "dashboard.index" in current_app.view_functions:
        return redirect(url_for("dashboard.index"))
    if "coverage.matrix" in current_app.view_functions:
        return redirect(url_for("coverage.matrix"))
    return redirect(url_for("products.index"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    email = request.form.get("email", "").strip()
    if request.method == "GET":
        return render_template("auth/login.html", email=email, next=next_url)
    wait = login_retry_after(email=email, address=_address())
    if wait is not None:  # refused before the password is even looked at
        return _throttled(wait, "auth/login.html", email=email, next=next_url)
    user = authenticate(get_session(), email, request.form.get("password", ""))
    if user is None:
        record_failed_login(email=email, address=_address())
        flash(_("Wrong email or password."), "error")
        return render_template("auth/login.html", email=email, next=next_url), 401
    login_user(user)
    return redirect(url_for("auth.password") if user.must_change_password else next_url)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        end_sessions(session=get_session(), user=current_user._get_current_object())
        get_session().commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("auth/password.html", errors=[])
    form = {k: request.form.get(k, "") for k in ("current", "new", "repeat")}
    db, user = get_session(), current_user._get_current_object()
    wait = login_retry_after(email=user.email, address=_address())
    if wait is not None:  # guessing the current password is throttled like the login
        return _throttled(wait, "auth/password.html", errors=[])
    try:
        change_password(session=db, user=user, **form)
    except ValueError as exc:
        db.rollback()
        if isinstance(exc, WrongPassword):
            record_failed_login(email=user.email, address=_address())
        return render_template("auth/password.html", errors=[translate_message(exc.args[0])]), 400
    db.commit()
    login_user(user)  # this session carries the new generation; the others end
    flash(_("Your password is changed."), "success")
    return redirect(url_for("auth.home"))


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
