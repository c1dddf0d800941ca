"""Users (administrators only): list, add with a role, deactivate or reactivate, reset a
password, issue and revoke API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from monitor.auth import create_user, requires_edit, reset_password
from monitor.auth import set_active as set_user_active
from monitor.db import get_session
from monitor.models import ApiToken, Role, TokenScope, User, utc_now
from monitor.queries.users import get_token_by_id, get_user, list_tokens_by_user, list_users
from monitor.tokens import issue_token, revoke_token
from monitor.views.common import or_404, translate_message

bp = Blueprint("users", __name__, url_prefix="/users")
MAX_TOKEN_DAYS = 3650


def _render(status: int = 200, **context: object) -> ResponseReturnValue:
    session = get_session()
    context.setdefault("form", {})
    context.setdefault("errors", [])
    return render_template(
        "users/index.html",
        users=list_users(session=session),
        tokens=list_tokens_by_user(session=session),
        roles=list(Role),
        scopes=list(TokenScope),
        token_days=current_app.config["TOKEN_DAYS"],
        now=utc_now(),
        **context,
    ), status


def _get_or_404(user_id: int) -> User:
    return or_404(get_user(session=get_session(), user_id=user_id))


def _token_or_404(user_id: int, token_id: int) -> ApiToken:
    token = get_token_by_id(session=get_session(), token_id=token_id)
    if token is None or token.user_id != user_id or token.revoked_at is not None:
        abort(404)
    return token


def _token_options() -> tuple[TokenScope, int]:
    """The scope and validity in days the token form asks for; 400 when they make no sense."""
    scope = request.form.get("scope") or TokenScope.READ.value
    days = request.form.get("days", "").strip() or str(current_app.config["TOKEN_DAYS"])
    valid = scope in {s.value for s in TokenScope} and days.isdigit()
    if not valid or not 1 <= int(days) <= MAX_TOKEN_DAYS:
        abort(400, description=_("Choose a scope and a validity of 1 to 3650 days."))
    return TokenScope(scope), int(days)


@bp.get("")
@requires_edit("users")
def index() -> ResponseReturnValue:
    return _render()


@bp.post("")
@requires_edit("users")
def add() -> ResponseReturnValue:
    form = {k: request.form.get(k, "").strip() for k in ("email", "role")}
    if form["role"] not in {r.value for r in Role}:
        return _render(400, form=form, errors=[_("Choose a role.")])
    session = get_session()
    try:
        user = create_user(
            session,
            email=form["email"],
            role=Role(form["role"]),
            password=request.form.get("password", ""),
        )
    except ValueError as exc:
        session.rollback()
        return _render(400, form=form, errors=[translate_message(exc.args[0])])
    session.commit()
    flash(_("User %(email)s added.", email=user.email), "success")
    return redirect(url_for("users.index"))


@bp.post("/<int:user_id>/active")
@requires_edit("users")
def set_active(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(user_id)
    active = request.form.get("active") == "1"
    if user.id == current_user.id and not active:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("users.index"))
    set_user_active(get_session(), user=user, active=active)
    get_session().commit()
    message = _("%(email)s can log in again.") if active else _("%(email)s is deactivated.")
    flash(message % {"email": user.email}, "success")
    return redirect(url_for("users.index"))


@bp.post("/<int:user_id>/password")
@requires_edit("users")
def reset(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(user_id)
    if user.id == current_user.id:
        abort(400, description=_("Change your own password on the password page."))
    password = reset_password(session=get_session(), user=user)
    get_session().commit()
    # shown on this response only, like a new token
    return _render(reset_user=user, one_time_password=password)


@bp.post("/<int:user_id>/token")
@requires_edit("users")
def token(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(user_id)
    if not user.active:
        abort(400, description=_("The user is deactivated; reactivate them first."))
    scope, days = _token_options()
    name = request.form.get("name", "").strip()[:100]
    value = issue_token(get_session(), user=user, name=name, scope=scope, days=days)
    get_session().commit()
    # shown on this response only: the token is never stored in clear, in a flash or in the session
    return _render(token_user=user, new_token=value)


@bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
@requires_edit("users")
def revoke(user_id: int, token_id: int) -> ResponseReturnValue:
    user, token = _get_or_404(user_id), _token_or_404(user_id, token_id)
    revoke_token(session=get_session(), token=token)
    get_session().commit()
    name = token.name or f"#{token_id}"
    flash(_("Token %(name)s of %(email)s is revoked.", name=name, email=user.email), "success")
    return redirect(url_for("users.index"))
