"""The cases blueprint and the case page, shared by its views (`cases`) and its changes
(`case_actions`)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from infringement.cases.deadline_rules import KINDS, MANUAL_KINDS
from infringement.cases.models import Route
from infringement.cases.outcomes import OUTCOME_KINDS
from infringement.cases.queries import get_case, list_case_alerts
from infringement.cases.registrations import list_relied
from infringement.cases.routes import STAGES, allowed_next
from monitor.db import get_session
from monitor.monitoring.case_notes import word_note
from monitor.views.common import as_of_arg, or_404

bp = Blueprint("cases", __name__, url_prefix="/cases")
# a computed deadline's note (stored in English) in the UI language
bp.add_app_template_filter(word_note, "case_note")


def render_case(
    case_id: int, *, error: str | None = None, refused: list[str] | None = None, status: int = 200
) -> ResponseReturnValue:
    """The case page (with `error` and the files `refused` when a change was refused)."""
    session = get_session()
    record = or_404(get_case(session, case_id, with_history=True))
    as_of = as_of_arg()
    case = record.case
    return render_template(
        "cases/detail.html",
        record=record,
        case=case,
        as_of=as_of,
        allowed=allowed_next(case.route, case.stage),
        stages=STAGES[Route(case.route)],
        relied=list_relied(session, case_id, as_of=as_of),
        alerts=list_case_alerts(session, case_id),
        outcome_kinds=OUTCOME_KINDS,
        manual_kinds=MANUAL_KINDS,
        deadline_kinds=KINDS,
        error=error,
        refused=refused or [],
        today=dt.date.today(),
    ), status
