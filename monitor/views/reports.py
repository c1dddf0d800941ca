"""The reports page: the monthly reports kept under the instance directory, grouped by month, to
download in Chinese or English as PDF or HTML; administrators and executives may build a month's
reports here (monitor.reports.delivery)."""

from __future__ import annotations

import datetime as dt
import logging
from itertools import groupby

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from monitor.db import instance_dir
from monitor.models import Role
from monitor.reports import delivery, service, store
from monitor.reports.months import BadMonth, Month

bp = Blueprint("reports", __name__, url_prefix="/reports")
log = logging.getLogger(__name__)

BUILDERS = {Role.ADMIN, Role.EXECUTIVE}  # who may build a month's reports
MIMETYPES = {"pdf": "application/pdf", "html": "text/html"}  # Flask adds the charset
MONTHS_OFFERED = 24  # months the build form offers


def may_build() -> bool:
    """True when the logged-in user may build reports (administrators and executives)."""
    return bool(current_user.is_authenticated and current_user.role in BUILDERS)


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    kept = store.list_reports(instance_dir())  # newest month first
    current = Month.of(service.local_today())
    return render_template(
        "reports/index.html",
        months=[(month, list(rows)) for month, rows in groupby(kept, key=lambda r: r.month)],
        may_build=may_build(),
        choices=[current.back(i) for i in range(1, MONTHS_OFFERED + 1)],  # ended months
    )


@bp.get(f"/<month>/<any({', '.join(store.LANGS)}):lang>.<any({', '.join(store.FORMATS)}):fmt>")
@login_required
def download(month: str, lang: str, fmt: str) -> ResponseReturnValue:
    # the file is looked up among the kept reports by its names: no path is built from the URL
    found = store.find_report(instance_dir(), month, lang, fmt)
    if found is None:
        abort(404)
    return send_file(
        found.path, mimetype=MIMETYPES[found.fmt], as_attachment=True, download_name=found.filename
    )


def ended_month(text: str, today: dt.date) -> Month:
    """The month a build form asks for, ended before `today`; BadMonth says why it is not."""
    try:
        month = Month.parse(text)
    except BadMonth:
        raise BadMonth(_("Pick a month (YYYY-MM) to build its reports.")) from None
    if month >= Month.of(today):
        day = month.next().first_day.isoformat()
        raise BadMonth(
            _(
                "%(month)s has not ended: its reports can be built from %(day)s.",
                month=month,
                day=day,
            )
        )
    return month


@bp.post("/build")
@login_required
def build() -> ResponseReturnValue:
    if not may_build():
        abort(403)
    try:
        month = ended_month(request.form.get("month", ""), service.local_today())
        written = delivery.build_reports(month)
    except BadMonth as exc:
        flash(str(exc), "error")
    except Exception as exc:  # a report that cannot be rendered: say why, keep the page working
        log.exception("building the reports of %s failed", month)
        flash(
            _("The reports of %(month)s could not be built: %(error)s", month=month, error=exc),
            "error",
        )
    else:
        names = ", ".join(path.name for path in written)
        flash(_("Built the reports of %(month)s: %(files)s", month=month, files=names), "success")
    return redirect(url_for(".index"), 303)
