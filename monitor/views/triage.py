"""The triage queue: new alerts best first, dismissed, escalated, assigned or snoozed one by one
or in bulk, from the keyboard too (static/triage.js; every action is a plain form as well)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from infringement.conflicts import Conflict
from infringement.models import AlertStatus, ObservationKind
from infringement.triage import REASONS, TriageRefused
from monitor.auth import can_edit, requires_edit
from monitor.db import get_session, get_write_session
from monitor.monitoring.alert_list import AlertFilter, AlertRow
from monitor.monitoring.terms import brands
from monitor.monitoring.triage import (
    Choices,
    conflict_message,
    parse_request,
    perform,
    triage_choices,
)
from monitor.monitoring.triage_queue import QueueRow, list_queue, queue_row
from monitor.query import BadQuery, choice, parse_as_of, whole_number
from monitor.views.alerts import KINDS, Pager, _score, _text, logo_keys
from monitor.views.common import PER_PAGE, as_of_arg, page_number, translate_message

bp = Blueprint("triage", __name__, url_prefix="/triage")

STATUSES = ("new", "snoozed", "dismissed", "escalated", "all")
FILTERS = ("status", "kind", "source", "brand", "mark", "min_score", "q", "from", "to", "assignee")


def _day(name: str, text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_as_of(text)
    except BadQuery:
        message = _("%(name)s: %(value)s is not a date (YYYY-MM-DD)", name=name, value=text)
        raise BadQuery(message) from None


def queue_filter(args: Mapping[str, str], as_of: dt.date) -> AlertFilter:
    """The queue's filters of a query string: new alerts (and ended snoozes) unless asked."""
    value = {name: (args.get(name) or "").strip() for name in FILTERS}
    status = choice(STATUSES)("status", value["status"]) or "new"
    return AlertFilter(
        status=None if status == "all" else AlertStatus(status),
        kind=choice(KINDS)("kind", value["kind"]),
        source=_text("source", value["source"]),
        brand=_text("brand", value["brand"]),
        min_score=_score("min_score", value["min_score"]),
        text=_text("q", value["q"]),
        watched_mark=_text("mark", value["mark"]),
        assignee=_text("assignee", value["assignee"].lower()),
        seen_from=_day("from", value["from"]),
        seen_to=_day("to", value["to"]),
        awake_on=as_of,
    )


def choices() -> Choices:
    """The forms' users and open cases, read once per request."""
    found: Choices | None = g.get("triage_choices")
    if found is None:
        found = g.triage_choices = triage_choices(get_session())
    return found


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    # for the triage actions on the alert page (templates/triage/_alert_actions.html)
    def triage_row(row: AlertRow) -> QueueRow:
        return queue_row(row)

    return {
        "triage_choices": choices,
        "triage_row": triage_row,
        "triage_reasons": REASONS,
        "case_url": case_url,
        "message_text": translate_message,
    }


def case_url(case_id: int) -> str:
    """The page of case `case_id` (the cases blueprint's, once it has one)."""
    try:
        return url_for("cases.detail", case_id=case_id)
    except BuildError:
        return f"{url_for('triage.queue').removesuffix('/triage')}/cases/{case_id}"


@bp.get("")
@login_required
def queue() -> ResponseReturnValue:
    as_of, number, session = as_of_arg(), page_number(), get_session()
    try:
        wanted = queue_filter(request.args, as_of)
    except BadQuery as exc:
        abort(400, description=str(exc))
    offset = (number - 1) * PER_PAGE
    rows, total = list_queue(session, wanted, as_of=as_of, limit=PER_PAGE, offset=offset)
    args = {k: v for k in FILTERS if (v := request.args.get(k, "").strip())}
    escalated = whole_number(request.args.get("escalated", ""))
    return render_template(
        "triage/queue.html",
        rows=rows,
        pager=Pager(number, max(1, math.ceil(total / PER_PAGE)), total),
        args=args,
        statuses=STATUSES,
        kinds=KINDS,
        kind_values=[k.value for k in ObservationKind],
        brands=brands(session),
        logos=logo_keys(session),
        choices=choices(),
        editable=can_edit("enforcement"),
        escalated=escalated,
        tomorrow=as_of + dt.timedelta(days=1),
    )


def _ids_and_versions() -> tuple[list[int], dict[int, int]]:
    ids = [whole_number(v.strip()) for v in request.form.getlist("ids")]
    if any(i is None for i in ids):
        abort(400, description=_("The alert ids must be whole numbers."))
    versions: dict[int, int] = {}
    for alert_id in ids:
        version = whole_number(request.form.get(f"version-{alert_id}", "").strip())
        if version is not None:
            versions[alert_id or 0] = version
    return [i for i in ids if i is not None], versions


def _back(**extra: object) -> str:
    """Where the form came from (a page of this site), with `extra` added to its query."""
    target = request.form.get("next", "")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.netloc or "\\" in target:
        target, parts = url_for("triage.queue"), urlsplit(url_for("triage.queue"))
    if not extra:
        return target
    query = "&".join(p for p in (parts.query, urlencode(extra)) if p)
    return f"{parts.path}?{query}"


@bp.post("/act")
@requires_edit("enforcement")
def act() -> ResponseReturnValue:
    """Run one action on the chosen alerts (one row's form or the bulk bar), then go back."""
    ids, versions = _ids_and_versions()
    session, now = get_write_session(), dt.datetime.now(dt.UTC)
    try:
        wanted = parse_request(request.form)
        done = perform(session, wanted, ids, user=current_user.email, now=now, versions=versions)
    except Conflict as exc:
        session.rollback()
        flash(translate_message(conflict_message(exc)), "error")
        return redirect(_back(), 303)
    except TriageRefused as exc:
        session.rollback()
        flash(translate_message(exc.message), "error")
        return redirect(_back(), 303)
    session.commit()
    if done.case is not None:
        flash(_("Escalated into case %(id)s.", id=done.case.id), "success")
        return redirect(_back(escalated=done.case.id), 303)
    flash(_done(wanted.action, len(done.alert_ids)), "success")
    return redirect(_back(), 303)


def _done(action: str, num: int) -> str:
    if action == "dismiss":
        return ngettext("Dismissed %(num)d alert.", "Dismissed %(num)d alerts.", num)
    if action == "assign":
        return ngettext("Assigned %(num)d alert.", "Assigned %(num)d alerts.", num)
    return ngettext("Snoozed %(num)d alert.", "Snoozed %(num)d alerts.", num)
