"""The portfolio import of a big upload as a background job, all or nothing as on the page.

The job checks the upload (reading, then checking every row: ImportFailed lists the problems and
nothing is stored), previews an import that would change saved records, or writes the planned
records in one transaction, counting the rows as they are written. Applying a preview is a job of
its own, refused (and previewed again) when the portfolio changed since. Small uploads keep the
page's immediate answer (monitor.views.imports); so does the CLI.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_login import current_user
from sqlmodel import Session, col, select

from coverage.imports import limits
from coverage.imports.importer import (
    ImportBusy,
    ImportConflict,
    ImportFailed,
    ImportPlan,
    ImportSummary,
    apply_import,
    plan_import,
    write_conflicts,
)
from coverage.imports.report import summarise, write_changes_csv, write_problems_csv
from monitor import uploads
from monitor.background.models import ACTIVE, BackgroundJob, JobStatus
from monitor.background.results import encode_message, encode_report, encode_summary
from monitor.background.runner import EXCLUSIVE, Outcome, Progress, fail_abandoned, start_job
from monitor.db import get_session, get_writer_engine
from monitor.views.common import geography, translate_message

# An upload bigger than this is checked and imported in the background, with a progress page:
# about 2,500 rows of a typical workbook (some 30 bytes a row, compressed) or of CSV (~80 bytes).
XLSX_BYTES = 80 * 1024
CSV_BYTES = 200 * 1024
CHUNK = 200  # records written between two progress reports


def goes_to_background(staged: uploads.Upload) -> bool:
    """True when `staged` is big, or another import is running or waiting (it queues behind)."""
    path = staged.path
    if path is not None and path.is_dir():
        big = sum(f.stat().st_size for f in path.iterdir() if f.is_file()) > CSV_BYTES
    else:
        big = path is not None and path.stat().st_size > XLSX_BYTES
    return big or import_waiting_or_running()


def import_waiting_or_running() -> bool:
    """True when an import job is queued or running (in any live process)."""
    session = get_session()
    active = list(
        session.exec(
            select(BackgroundJob).where(
                col(BackgroundJob.kind).in_(EXCLUSIVE), col(BackgroundJob.status).in_(ACTIVE)
            )
        )
    )
    fail_abandoned(session, active)
    session.rollback()
    return any(job.status in ACTIVE for job in active)


def start_check(staged: uploads.Upload) -> str:
    """Check (and import, or preview) `staged` in the background; return the job's id."""
    return start_job(
        kind="import", user_id=current_user.id, label=staged.filename, params=_params(staged),
        work=_check,
    )  # fmt: skip


def start_apply(staged: uploads.Upload, revision: int) -> str:
    """Apply the previewed `staged` in the background unless the portfolio left `revision`."""
    params = {**_params(staged), "revision": revision}
    return start_job(
        kind="import_apply", user_id=current_user.id, label=staged.filename, params=params,
        work=_apply,
    )  # fmt: skip


def _params(staged: uploads.Upload) -> dict[str, Any]:
    return {"upload": staged.id, "owner": staged.user, "locale": str(get_locale() or "")}


def _check(job: BackgroundJob, progress: Progress) -> Outcome:
    return _run(job, progress, revision=None)


def _apply(job: BackgroundJob, progress: Progress) -> Outcome:
    return _run(job, progress, revision=int(job.params["revision"]))


def _run(job: BackgroundJob, progress: Progress, *, revision: int | None) -> Outcome:
    """Check the upload; report its problems, preview its changes, or write it (all or nothing)."""
    instance = Path(current_app.config["INSTANCE_DIR"])
    staged = uploads.find_upload(instance, str(job.params["upload"]), user=job.params["owner"])
    if staged is None or staged.path is None:
        return Outcome(JobStatus.FAILED, error="gone")
    base = {"upload": staged.id, "filename": staged.filename}
    progress.step("reading")
    session = get_session()
    try:
        plan = plan_import(
            staged.path,
            session=session,
            geography=geography(),
            max_bytes=int(current_app.config["MAX_CONTENT_LENGTH"]),
        )
    except ImportFailed as exc:
        return _problems(staged, exc, base)
    finally:
        session.rollback()  # planning only reads: end the read transaction
    if revision is not None and revision != plan.revision:
        return _preview(staged, plan, {**base, "changed": True})
    if revision is None and plan.needs_confirmation:
        return _preview(staged, plan, {**base, "changed": False})
    return _write(staged, plan, progress, base)


def _problems(staged: uploads.Upload, failed: ImportFailed, base: dict[str, Any]) -> Outcome:
    staged.discard_data()
    staged.write_list(
        "problems",
        lambda out: write_problems_csv(
            out, failed.problems, dropped=failed.dropped, render=translate_message
        ),
    )
    report = encode_report(summarise(failed.problems, dropped=failed.dropped))
    return Outcome(
        JobStatus.FAILED, result={**base, "outcome": "problems", "report": report}, error="problems"
    )


def _preview(staged: uploads.Upload, plan: ImportPlan, base: dict[str, Any]) -> Outcome:
    staged.write_list(
        "changes", lambda out: write_changes_csv(out, plan.changes, render=translate_message)
    )
    summary = encode_summary(plan, revision=plan.revision)
    return Outcome(JobStatus.DONE, result={**base, "outcome": "preview", "summary": summary})


def _write(
    staged: uploads.Upload, plan: ImportPlan, progress: Progress, base: dict[str, Any]
) -> Outcome:
    """Write the plan in one transaction, a chunk of records at a time, counting them."""
    progress.step("writing", total=len(plan.writes))
    with Session(get_writer_engine(), expire_on_commit=False) as session:
        try:
            with progress.held(session), write_conflicts():
                for start in range(0, len(plan.writes), CHUNK):
                    part = replace(plan, writes=plan.writes[start : start + CHUNK])
                    apply_import(part, session=session)
                    progress.advance(len(part.writes))
                session.commit()
        except ImportConflict as exc:
            session.rollback()
            staged.remove()
            busy = isinstance(exc, ImportBusy)
            result = {**base, "outcome": "conflict", "busy": busy,
                      "message": encode_message(exc.message)}  # fmt: skip
            return Outcome(JobStatus.FAILED, result=result, error="conflict")
    summary = ImportSummary(plan.counts, plan.notes, plan.changes, plan.unchanged)
    keep_change_list(staged, summary)
    result = {**base, "outcome": "imported", "summary": encode_summary(summary)}
    return Outcome(JobStatus.DONE, result=result)


def keep_change_list(staged: uploads.Upload, summary: ImportSummary) -> None:
    """Drop the uploaded file; keep the full list of changes to download when the page shows
    only the first CHANGES_SHOWN of them, else nothing of the upload."""
    staged.discard_data()
    if len(summary.changes) > limits.CHANGES_SHOWN:
        staged.write_list(
            "changes",
            lambda out: write_changes_csv(out, summary.changes, render=translate_message),
        )
    else:
        staged.remove()
