"""Upload the portfolio workbook (or a .zip of the three CSVs), check it, preview, apply.

An upload is checked at once. A file with problems gets a short report and the full list as a
CSV download. A file that only creates records is applied at once; one that would change saved
records shows every change first (field before → after) and is applied by the Apply button,
unless the portfolio changed in between. The upload waits under the instance directory
(monitor.uploads) for at most an hour. A big upload (or one sent while another import runs) is
checked and applied by a background job instead (monitor.background.imports): the page answers
at once with the job's progress page, and the job's result page is this page's report.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from coverage.imports import limits
from coverage.imports.importer import (
    ImportBusy,
    ImportConflict,
    ImportFailed,
    ImportPlan,
    apply_import,
    plan_import,
    write_conflicts,
)
from coverage.imports.report import summarise, write_changes_csv, write_problems_csv
from coverage.imports.template import build_template
from monitor import uploads
from monitor.auth import requires_edit
from monitor.background import imports as import_jobs
from monitor.background.models import BackgroundJob
from monitor.background.results import decode_message, decode_report, decode_summary
from monitor.db import get_session, instance_dir
from monitor.views.common import geography, translate_message

bp = Blueprint("imports", __name__, url_prefix="/import")
# the report's reasons and notes are domain Messages: `{{ problem.reason|message }}`
bp.add_app_template_filter(translate_message, "message")

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an .xlsx saved with a password (encrypted)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = "imports/upload.html"


def _checked_upload() -> tuple[FileStorage, str]:
    """The uploaded file and its extension; 400 unless it is really an .xlsx or a .zip."""
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        abort(400, description=_("Choose a file to upload."))
    ext = Path(upload.filename).suffix.lower()
    head = upload.stream.read(8)
    upload.stream.seek(0)
    if ext == ".xls":
        abort(
            400,
            description=_(
                "This is an old Excel file (.xls); open it in Excel and save it "
                "as an Excel workbook (.xlsx)."
            ),
        )
    if ext not in (".xlsx", ".zip"):
        abort(
            400,
            description=_(
                "Upload an Excel workbook (.xlsx) or a .zip holding "
                "products.csv, patents.csv and trademarks.csv."
            ),
        )
    if not (head.startswith(XLSX_MAGIC) or (ext == ".xlsx" and head.startswith(OLE_MAGIC))):
        abort(
            400,
            description=_(
                "The file is not an Excel workbook (.xlsx) or a .zip archive, "
                "whatever its name says."
            ),
        )
    return upload, ext


def _max_bytes() -> int:
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def _found(upload_id: str, *, with_file: bool = False) -> uploads.Upload:
    """The current user's upload `upload_id`; 410 (upload it again) when it is gone."""
    found = uploads.find_upload(instance_dir(), upload_id, user=str(current_user.get_id()))
    if found is None or (with_file and found.path is None):
        raise _Gone
    return found


class _Gone(Exception):
    """The upload expired, was applied already, or is someone else's."""


@bp.errorhandler(_Gone)
def _gone(_exc: _Gone) -> ResponseReturnValue:
    message = _(
        "This upload is no longer here (uploads are kept for an hour); upload the file again."
    )
    return render_template(PAGE, conflict=message), 410


@bp.route("", methods=["GET", "POST"])
@requires_edit("portfolio")
def upload() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template(PAGE)
    file, ext = _checked_upload()
    uploads.clean_stale_uploads(instance_dir(), uploads.KEEP_FOR)
    staged = uploads.new_upload(
        instance_dir(), user=str(current_user.get_id()), filename=file.filename or ""
    )
    uploads.save_upload(file, ext, staged, max_bytes=_max_bytes())
    if import_jobs.goes_to_background(staged):
        return _progress(import_jobs.start_check(staged))
    return _review(staged, revision=None)


@bp.post("/<upload_id>/apply")
@requires_edit("portfolio")
def apply(upload_id: str) -> ResponseReturnValue:
    staged = _found(upload_id, with_file=True)
    revision = request.form.get("revision", "")
    if not revision.isdigit():
        abort(400, description=_("The form is incomplete; upload the file again."))
    if import_jobs.goes_to_background(staged):
        return _progress(import_jobs.start_apply(staged, int(revision)))
    return _review(staged, revision=int(revision))


def _progress(job_id: str) -> ResponseReturnValue:
    return redirect(url_for("tasks.show", job_id=job_id), code=303)


def show_result(job: BackgroundJob) -> ResponseReturnValue:
    """The report of a finished import job: what it imported, its preview, or its problems."""
    result = job.result or {}
    staged = uploads.Upload(
        str(result.get("upload", "")), instance_dir(), "", str(result.get("filename", job.label))
    )
    outcome, context = result.get("outcome"), {"upload": staged, "shown": limits.CHANGES_SHOWN}
    if outcome == "problems":
        context["report"] = decode_report(result.get("report", {}))
    elif outcome == "preview":
        context.update(preview=decode_summary(result["summary"]), changed=result.get("changed"))
    elif outcome == "imported":
        context["summary"] = decode_summary(result["summary"])
    else:
        busy = result.get("busy")
        reason = decode_message(result.get("message", ""))
        message = _("The database is busy; try again in a moment.") if busy else reason
        context["conflict"] = translate_message(message)
    return render_template(PAGE, job=job, **context)


@bp.get("/<upload_id>/<any(problems, changes):name>.csv")
@requires_edit("portfolio")
def listing(upload_id: str, name: str) -> ResponseReturnValue:
    path = _found(upload_id).list_path(name)
    if not path.exists():
        abort(404)
    download = f"ipwatch-import-{name}.csv"
    data = BytesIO(path.read_bytes())  # a few MB at most: the list is capped
    return send_file(data, mimetype="text/csv", as_attachment=True, download_name=download)


def _review(staged: uploads.Upload, *, revision: int | None) -> ResponseReturnValue:
    """Check the upload; report problems, preview updates, or apply it (all or nothing)."""
    session = get_session()
    try:
        plan = plan_import(
            staged.path or staged.folder,
            session=session,
            geography=geography(),
            max_bytes=_max_bytes(),
        )
    except ImportFailed as exc:
        session.rollback()
        return _problems(staged, exc)
    if revision is not None and revision != plan.revision:
        return _preview(staged, plan, changed=True), 409
    if revision is None and plan.needs_confirmation:
        return _preview(staged, plan, changed=False)
    return _apply(staged, plan)


def _problems(staged: uploads.Upload, failed: ImportFailed) -> ResponseReturnValue:
    staged.discard_data()
    staged.write_list(
        "problems",
        lambda out: write_problems_csv(
            out, failed.problems, dropped=failed.dropped, render=translate_message
        ),
    )
    report = summarise(failed.problems, dropped=failed.dropped)
    return render_template(PAGE, report=report, upload=staged), 400


def _preview(staged: uploads.Upload, plan: ImportPlan, *, changed: bool) -> str:
    session = get_session()
    session.rollback()  # nothing was written: end the read transaction
    staged.write_list(
        "changes", lambda out: write_changes_csv(out, plan.changes, render=translate_message)
    )
    return render_template(
        PAGE, preview=plan, upload=staged, changed=changed, shown=limits.CHANGES_SHOWN
    )


def _apply(staged: uploads.Upload, plan: ImportPlan) -> ResponseReturnValue:
    session = get_session()
    try:
        with write_conflicts():
            summary = apply_import(plan, session=session)
            session.commit()
    except ImportConflict as exc:
        session.rollback()
        staged.remove()
        busy = isinstance(exc, ImportBusy)
        message = (
            _("The database is busy; try again in a moment.")
            if busy
            else translate_message(exc.message)
        )
        return render_template(PAGE, conflict=message, upload=staged), 503 if busy else 409
    import_jobs.keep_change_list(staged, summary)
    return render_template(PAGE, summary=summary, upload=staged, shown=limits.CHANGES_SHOWN)


@bp.get("/template.xlsx")
@login_required
def template() -> ResponseReturnValue:
    return send_file(
        BytesIO(build_template()),
        mimetype=XLSX_TYPE,
        as_attachment=True,
        download_name="ipwatch-portfolio-template.xlsx",
    )
