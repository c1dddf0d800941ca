"""Monitoring: the crawl sources with their last and next runs, refused source files, recent
runs, one run with its failures, and "Run now", which starts `ipwatch crawl` as a child process
(the crawl never runs inside the web process)."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from infringement.models import CrawlRun, RunStatus
from monitor.auth import requires_edit
from monitor.db import get_engine, get_session
from monitor.monitoring.locks import is_locked
from monitor.monitoring.manual import start_child_run
from monitor.monitoring.run_notes import describe
from monitor.monitoring.sources import (
    UnknownSource,
    describe_sources,
    find_source,
    is_marketplace,
    recent_runs,
    timezone,
)
from monitor.views.common import or_404

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")
RUNS_SHOWN = 50
REFRESH_SECONDS = 3  # how often a running run's page reloads itself


def local_time(moment: dt.datetime | None) -> str:
    """A stored time (UTC; naive from SQLite) in the scheduler's timezone, to the minute."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(timezone()).strftime("%Y-%m-%d %H:%M")


bp.add_app_template_filter(local_time, "local_time")


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    session = get_session()
    sources, refused = describe_sources(session, dt.datetime.now(dt.UTC))
    return render_template(
        "monitoring/index.html",
        sources=sources,
        refused=refused,
        runs=recent_runs(session, limit=RUNS_SHOWN),
    )


@bp.post("/sources/<name>/run")
@requires_edit("enforcement")
def run_now(name: str) -> ResponseReturnValue:
    """Start a crawl of source `name` in a child process and show its run page."""
    try:
        source = find_source(name)
    except UnknownSource as exc:
        abort(404, description=str(exc))
    if is_locked(get_engine(), f"source:{name}"):
        flash(_("%(source)s is already running.", source=name), "error")
        return redirect(url_for(".index"))
    kind = "crawl" if is_marketplace(source) else "gazette"
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run = start_child_run(app, name, kind, current_user.email)
    return redirect(url_for(".run", run_id=run.id))


@bp.get("/runs/<int:run_id>")
@login_required
def run(run_id: int) -> ResponseReturnValue:
    found = or_404(get_session().get(CrawlRun, run_id))
    running = found.status == RunStatus.RUNNING
    response = make_response(
        render_template(
            "monitoring/run.html",
            run=found,
            note=describe(found),
            refresh=REFRESH_SECONDS if running else None,
        )
    )
    if running:  # the Refresh header does what <meta http-equiv="refresh"> does, with no script
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response
