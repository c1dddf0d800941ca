"""The dashboard, everyone's landing page: is the portfolio protected where it is sold, what
changed this month, what is done about imitations and what needs a decision — the same sections
for every role, in the order of the role's work (monitor.views.dashboard_page)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from monitor.reports import service
from monitor.reports.months import BadMonth, Month
from monitor.views import dashboard_page

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def month_arg(today: dt.date) -> tuple[Month, dt.date | None]:
    """The `month` query parameter (this month when absent) and the day to judge it on: today
    for this month (month to date), None (its last day) for an earlier one; 400 when it is not a
    month or has not begun."""
    text = request.args.get("month", "").strip()
    if not text:
        return Month.of(today), today
    try:
        month = Month.parse(text)
    except BadMonth:
        abort(
            400,
            description=_(
                "month: %(value)s is not a month; write YYYY-MM, e.g. %(example)s",
                value=text,
                example=str(Month.of(today)),
            ),
        )
    if month > Month.of(today):
        abort(
            400,
            description=_(
                "month: %(value)s has not begun; pick %(current)s or an earlier month",
                value=text,
                current=str(Month.of(today)),
            ),
        )
    return month, (today if month == Month.of(today) else None)


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    today = service.local_today()  # months begin and end in IPWATCH_TIMEZONE
    month, as_of = month_arg(today)
    past = service.history(month, as_of=as_of)  # oldest first, ending with this month's figures
    figures = (
        past[-1] if past and "by_market" in past[-1] else service.figures_for(month, as_of=as_of)
    )
    page = dashboard_page.build(figures, past, month=month, role=current_user.role, today=today)
    return render_template("dashboard/index.html", **page)
