"""Alerts: the list, best first, with its filters, and one alert with everything observed, the
observation's change history and its evidence. (Triage actions come later, on the detail page.)"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import Session

from infringement.models import AlertStatus, ObservationKind
from monitor.db import get_session
from monitor.monitoring.alert_list import (
    AlertFilter,
    changes_of,
    count_alerts,
    evidence_of,
    get_alert,
    list_alerts,
)
from monitor.monitoring.terms import brands
from monitor.monitoring.watching import current_plan, find_logo
from monitor.query import BadQuery, choice
from monitor.views.common import PER_PAGE, as_of_arg, or_404, page_number
from monitor.views.monitoring import local_time

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
bp.add_app_template_filter(local_time, "local_time")

STATUSES = tuple(s.value for s in AlertStatus)
KINDS = tuple(k.value for k in ObservationKind)
FILTERS = ("status", "kind", "source", "brand", "min_score", "q")
MAX_TEXT = 300  # characters of a text filter


@dataclass(frozen=True)
class Pager:
    """One page of a list: what the pagination macro reads."""

    page: int
    pages: int
    total: int


def _text(name: str, text: str) -> str | None:
    if len(text) > MAX_TEXT:
        raise BadQuery(
            _("%(name)s: at most %(num)s characters", name=name, num=MAX_TEXT),
        )
    return text or None


def _score(name: str, text: str) -> float | None:
    if not text:
        return None
    try:
        score = float(text)
    except ValueError:
        score = math.nan
    if not 0 <= score <= 100:  # also refuses nan and inf
        raise BadQuery(
            _("%(name)s: %(value)s must be a number from 0 to 100", name=name, value=text)
        )
    return score


def alert_filter(args: Mapping[str, str]) -> AlertFilter:
    """The alert filters of a query string (page and API); BadQuery names the wrong parameter."""
    value = {name: (args.get(name) or "").strip() for name in FILTERS}
    status = choice(STATUSES)("status", value["status"])
    return AlertFilter(
        status=AlertStatus(status) if status else None,
        kind=choice(KINDS)("kind", value["kind"]),
        source=_text("source", value["source"]),
        brand=_text("brand", value["brand"]),
        min_score=_score("min_score", value["min_score"]),
        text=_text("q", value["q"]),
    )


def logo_keys(session: Session) -> set[str]:
    """The watched marks (watch keys) whose logo file is at hand."""
    groups = current_plan(session).groups
    return {k for k, g in groups.items() if g.logo_path and find_logo(g.logo_path) is not None}


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    try:
        wanted = alert_filter(request.args)
    except BadQuery as exc:
        abort(400, description=str(exc))
    number, as_of, session = page_number(), as_of_arg(), get_session()
    total = count_alerts(session, wanted)
    rows = list_alerts(session, wanted, as_of=as_of, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    args = {k: v for k in FILTERS if (v := request.args.get(k, "").strip())}
    return render_template(
        "monitoring/alerts.html",
        rows=rows,
        pager=Pager(number, max(1, math.ceil(total / PER_PAGE)), total),
        args=args,
        statuses=STATUSES,
        kinds=KINDS,
        brands=brands(session),
        logos=logo_keys(session),
    )


@bp.get("/<int:alert_id>")
@login_required
def detail(alert_id: int) -> ResponseReturnValue:
    session = get_session()
    row = or_404(get_alert(session, alert_id, as_of=as_of_arg()))
    observation_id = row.alert.observation_id
    return render_template(
        "monitoring/alert.html",
        row=row,
        evidence=evidence_of(session, observation_id),
        changes=changes_of(session, observation_id),
        logos=logo_keys(session),
    )
