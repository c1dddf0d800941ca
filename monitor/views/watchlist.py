"""The watch list: per brand, the watched marks (texts of the live trademarks, their classes,
registrations and logo) and the watch terms (aliases, extra terms, exclusions), which brand
managers, legal staff and administrators may add and remove."""

from __future__ import annotations

import functools
import mimetypes
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from coverage.models import WatchTermKind
from monitor.auth import can_edit
from monitor.db import get_session
from monitor.monitoring.terms import TermRefused, add_term, brands, list_terms, remove_term
from monitor.monitoring.watching import current_plan, find_logo
from monitor.views.common import translate_message
from monitor.views.evidence import PICTURE_TYPES

bp = Blueprint("watchlist", __name__, url_prefix="/watchlist")
KINDS = tuple(k.value for k in WatchTermKind)
FORM = ("brand", "kind", "text", "note")


def may_edit() -> bool:
    """Brand managers own the brands, legal staff the enforcement: both (and admins) edit."""
    return can_edit("portfolio") or can_edit("enforcement")


def requires_watch_editor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let only the watch list's editors reach `view`; others get 403."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not may_edit():
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _render(status: int = 200, **context: Any) -> ResponseReturnValue:
    session = get_session()
    plan = current_plan(session)
    marks = [g for g in plan.groups.values() if not g.extra_term]
    context.setdefault("form", {})
    context.setdefault("errors", [])
    return render_template(
        "monitoring/watchlist.html",
        brands=brands(session),
        marks=marks,
        logos={g.key for g in marks if g.logo_path and find_logo(g.logo_path) is not None},
        terms=list_terms(session),
        kinds=KINDS,
        may_edit=may_edit(),
        **context,
    ), status


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    return _render()


@bp.post("/terms")
@requires_watch_editor
def add() -> ResponseReturnValue:
    form = {k: request.form.get(k, "").strip() for k in FORM}
    session = get_session()
    try:
        term = add_term(
            session, brand=form["brand"], kind=form["kind"], text=form["text"], note=form["note"]
        )
    except TermRefused as exc:
        session.rollback()
        return _render(400, form=form, errors=[translate_message(exc.message)])
    session.commit()
    flash(_("%(text)s added to %(brand)s.", text=term.text, brand=term.brand), "success")
    return redirect(url_for(".index"))


@bp.post("/terms/<int:term_id>/remove")
@requires_watch_editor
def remove(term_id: int) -> ResponseReturnValue:
    session = get_session()
    term = remove_term(session, term_id)
    if term is None:
        abort(404)
    session.commit()
    flash(_("%(text)s removed from %(brand)s.", text=term.text, brand=term.brand), "success")
    return redirect(url_for(".index"))


@bp.get("/logo")
@login_required
def logo() -> ResponseReturnValue:
    """The logo of the watched mark `key` (only files the portfolio names, only pictures)."""
    group = current_plan(get_session()).groups.get(request.args.get("key", ""))
    path = find_logo(group.logo_path) if group is not None and group.logo_path else None
    mimetype = mimetypes.guess_type(path.name)[0] if path is not None else None
    if path is None or mimetype not in PICTURE_TYPES:
        abort(404)
    response = send_file(path, mimetype=mimetype, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
