"""Background jobs' pages: the progress page (polled by static/progress.js through the status
JSON, refreshed by the browser without JavaScript), the result page when the job is done, and
an export's file. A user sees their own jobs; an administrator sees everyone's."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from monitor.background import exports as export_jobs
from monitor.background.models import ACTIVE, BackgroundJob, JobStatus
from monitor.background.runner import EXCLUSIVE, fail_abandoned, live_progress
from monitor.db import get_session, instance_dir, make_engine
from monitor.models import Role
from monitor.views import imports

log = logging.getLogger(__name__)
bp = Blueprint("tasks", __name__, url_prefix="/tasks")

# where a finished job's page leads back to, by kind
BACK = {
    "import": ("imports.upload", _l("Import the portfolio")),
    "import_apply": ("imports.upload", _l("Import the portfolio")),
    "export_gaps": ("coverage.gaps", _l("Back to the gap list")),
    "export_layout": ("layout.grid", _l("Patent layout")),
    "export_deadlines": ("layout.deadlines", _l("Patent deadlines")),
}

# what a job is doing, by its step; {done} and {total} are filled in when the rows are counted
STEPS = {
    "": _l("Starting…"),
    "waiting": _l("Waiting for another import to finish…"),
    "reading": _l("Reading and checking every row of the file…"),
    "preparing": _l("Finding the rows to export…"),
}
COUNTED = {
    "import": _l("Saving records: %(done)s of %(total)s"),
    "export": _l("Writing rows: %(done)s of %(total)s"),
}
ERRORS = {
    "abandoned": _l(
        "The server stopped while this job was running, so it did not finish and nothing was "
        "changed. Start it again."
    ),
    "crashed": _l(
        "An unexpected error stopped this job and nothing was changed. Try again; if it "
        "happens again, tell your administrator."
    ),
    "gone": _l(
        "This upload is no longer here (uploads are kept for an hour); upload the file again."
    ),
}


@bp.record_once
def _at_start(state: BlueprintSetupState) -> None:
    """Fail the jobs that processes gone since left running, and delete day-old exports."""
    app = state.app
    export_jobs.clean_old_exports(Path(app.config["INSTANCE_DIR"]))
    engine = make_engine(str(app.config["DATABASE_URL"]))
    try:
        with Session(engine) as session:
            fail_abandoned(session)
    except SQLAlchemyError:  # a database not created or migrated yet: nothing ran in it
        log.debug("no background jobs to look at yet", exc_info=True)
    finally:
        engine.dispose()


def _visible(job_id: str) -> BackgroundJob:
    """The job `job_id` if the user may see it (their own, or any for an admin); else 404."""
    session = get_session()
    job = session.get(BackgroundJob, job_id[:32])
    if job is None or (job.user_id != current_user.id and current_user.role != Role.ADMIN):
        abort(404)
    fail_abandoned(session, [job])
    session.rollback()
    return job


@bp.get("/<job_id>")
@login_required
def show(job_id: str) -> ResponseReturnValue:
    job = _visible(job_id)
    if job.status in ACTIVE:
        return render_template("tasks/progress.html", job=job, view=describe(job))
    if job.kind in EXCLUSIVE and job.result is not None:
        return imports.show_result(job)
    view = describe(job)
    if view["file"] and export_jobs.result_file(instance_dir(), job) is None:
        view["file"] = None  # deleted after a day
    autostart = request.args.get("autostart") == "1" and job.status == JobStatus.DONE
    back, back_label = BACK.get(job.kind, (None, ""))
    return render_template(
        "tasks/done.html",
        job=job,
        view=view,
        autostart=autostart,
        back=back,
        back_label=back_label,
    )


@bp.get("/<job_id>/status")
@login_required
def status(job_id: str) -> dict[str, Any]:
    return describe(_visible(job_id))


@bp.get("/<job_id>/file")
@login_required
def download(job_id: str) -> ResponseReturnValue:
    job = _visible(job_id)
    path = export_jobs.result_file(instance_dir(), job)
    if job.status != JobStatus.DONE or path is None:
        abort(410, description=_("This file is no longer kept (exports are kept for a day)."))
    return send_file(path, as_attachment=True, download_name=path.name)


def describe(job: BackgroundJob) -> dict[str, Any]:
    """The job as the progress page and its script show it."""
    step, done, total = live_progress(job)
    group = "import" if job.kind in EXCLUSIVE else "export"
    if total and step not in STEPS:
        text = str(COUNTED[group]) % {"done": f"{done:,}", "total": f"{total:,}"}
    else:
        text = str(STEPS.get(step, STEPS[""]))
    finished = job.status not in ACTIVE
    file_url = None
    if job.status == JobStatus.DONE and job.result_path:
        file_url = url_for("tasks.download", job_id=job.id)
    return {
        "id": job.id,
        "kind": job.kind,
        "title": title(job),
        "status": str(job.status),
        "finished": finished,
        "step": step,
        "text": text,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
        "error": str(ERRORS[job.error]) if job.error in ERRORS else None,
        "page": url_for("tasks.show", job_id=job.id),
        "file": file_url,
    }


def title(job: BackgroundJob) -> str:
    """The heading of the job's pages: what was started, on which file."""
    if job.kind == "import":
        return _("Importing %(file)s", file=job.label)
    if job.kind == "import_apply":
        return _("Applying the changes of %(file)s", file=job.label)
    return _("Exporting %(file)s", file=job.label)
