"""Users (administrators only): list, add with a role, deactivate or reactivate, issue API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from monitor.auth import create_user, issue_token, requires_edit
from monitor.auth import set_active as set_user_active
from monitor.db import get_session
from monitor.models import Role, User
from monitor.queries.users import count_tokens_per_user, get_user, list_users
from monitor.views.common import or_404, translate_message

bp = Blueprint("users", __name__, url_prefix="/users")


def _render(status: int = 200, **context: object) -> ResponseReturnValue:
    session = get_session()
    context.setdefault("form", {})
    context.setdefault("errors", [])
    return render_template(
        "users/index.html",
        users=list_users(session=session),
        token_counts=count_tokens_per_user(session=session),
        roles=list(Role),
        **context,
    ), status


def _get_or_404(user_id: int) -> User:
    return or_404(get_user(session=get_session(), user_id=user_id))


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


@bp.post("/<int:user_id>/token")
@requires_edit("users")
def token(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(user_id)
    if not user.active:
        abort(400, description=_("The user is deactivated; reactivate them first."))
    value = issue_token(get_session(), user=user, name=request.form.get("name", "").strip()[:100])
    get_session().commit()
    # shown on this response only: the token is never stored in clear, in a flash or in the session
    return _render(token_user=user, new_token=value)
