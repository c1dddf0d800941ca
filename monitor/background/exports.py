"""The gap list's Excel or CSV file made in the background: the page's export buttons post, a
job writes the file row by row (the progress page counts the rows written) and keeps it under the
instance folder, per user, for a day. A plain GET of the export address still answers with the
file at once (links, scripts: monitor.views.coverage.export)."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from flask import Response, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from coverage.trademarks.plan import plan_filings
from monitor import exports
from monitor.background.models import BackgroundJob, JobStatus
from monitor.background.runner import Outcome, Progress, Work, start_job
from monitor.cache import get_coverage, select_cells
from monitor.db import instance_dir
from monitor.query import CoverageQuery, Query
from monitor.wording import gap_rows, plan_rows

KEEP_FOR = dt.timedelta(days=1)  # a finished export's file is deleted after this
COUNT_EVERY = 500  # rows written between two progress reports
T = TypeVar("T")


def posted() -> bool:
    """True when the export was asked for by the page's buttons (a POST), not a plain link."""
    return request.method == "POST"


def start_gap_export(query: CoverageQuery, fmt: str) -> Response:
    """Start exporting the gaps `query` selects as `fmt`; answer with its progress page's address
    (the page starts the download once the file is ready)."""
    work = file_job(CoverageQuery, gap_file)
    return start_export("export_gaps", f"gaps-{query.as_of.isoformat()}", query, fmt, work)


def start_export(kind: str, stem: str, query: Query, fmt: str, work: Work) -> Response:
    """Start the export job `work` (of `kind`) of the file `ipwatch-<stem>.<fmt>` for the rows
    `query` selects; answer with the address of its progress page, which downloads it when done."""
    clean_old_exports(instance_dir())
    job_id = start_job(
        kind=kind,
        user_id=current_user.id,
        label=f"ipwatch-{stem}.{fmt}",
        params={"args": query.args(page=1), "format": fmt, "locale": str(get_locale() or "")},
        work=work,
    )
    page = url_for("tasks.show", job_id=job_id, autostart="1")
    return Response(status=303, headers={"Location": page})


def gap_file(
    query: CoverageQuery, fmt: str, progress: Progress | None = None
) -> tuple[str | bytes, str]:
    """The gap rows the query selects (and, in Excel, the filing plan) as a file body, and the
    file's stem; `progress` counts the rows as they are written."""
    coverage = get_coverage(query.as_of, query.all_products)
    gaps = coverage.gaps(select_cells(coverage, query).gap_cells)
    rows: Sequence[dict[str, Any]] = gap_rows(gaps, coverage)
    stem = f"gaps-{query.as_of.isoformat()}"
    plan: Sequence[dict[str, Any]] = plan_rows(plan_filings(gaps)) if fmt == "xlsx" else []
    if progress is not None:
        progress.step("writing", total=len(rows) + len(plan))
        rows, plan = Counted(rows, progress.advance), Counted(plan, progress.advance)
    if fmt == "xlsx":
        return exports.gaps_xlsx(rows, plan), stem
    return exports.gaps_csv(rows), stem


class Counted(Sequence[T]):
    """`items` that report every COUNT_EVERY items handed out while being iterated (the export
    writes each row as it gets it, so this counts the rows written)."""

    def __init__(self, items: Sequence[T], report: Callable[[int], None]) -> None:
        self.items, self.report = items, report

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        return self.items[index]

    def __iter__(self) -> Iterator[T]:
        handed = 0
        for item in self.items:
            yield item
            handed += 1
            if handed % COUNT_EVERY == 0:
                self.report(COUNT_EVERY)
        self.report(handed % COUNT_EVERY)


FileMaker = Callable[[Any, str, Progress], tuple[str | bytes, str]]


def file_job(query_type: type[Query], make_file: FileMaker) -> Work:
    """The work of an export job: read the query of the page it was asked from, make the file
    with `make_file(query, format, progress)` (rows counted as written) and keep it."""

    def work(job: BackgroundJob, progress: Progress) -> Outcome:
        progress.step("preparing")
        fmt = str(job.params["format"])
        query = query_type.from_args(
            dict(job.params["args"]), today=dt.date.today(), per_page=100, max_per_page=100
        )
        body, stem = make_file(query, fmt, progress)
        return keep_export(job, body, f"ipwatch-{stem}.{fmt}", progress)

    return work


def keep_export(job: BackgroundJob, body: str | bytes, name: str, progress: Progress) -> Outcome:
    """Keep the file an export job made as `name` in its owner's folder; the job's outcome."""
    folder = exports_dir(instance_dir()) / str(job.user_id) / job.id
    folder.mkdir(parents=True, exist_ok=True)
    data = body.encode("utf-8") if isinstance(body, str) else body
    (folder / name).write_bytes(data)
    relative = (folder / name).relative_to(instance_dir()).as_posix()
    result = {"filename": name, "rows": progress.total, "bytes": len(data)}
    return Outcome(JobStatus.DONE, result=result, result_path=relative)


def exports_dir(instance: Path) -> Path:
    """The folder of the finished exports: exports/<user id>/<job id>/<file>."""
    return instance / "exports"


def result_file(instance: Path, job: BackgroundJob) -> Path | None:
    """The file a finished export made, or None when it was deleted (after a day) or is
    outside the exports folder."""
    if not job.result_path:
        return None
    path = (instance / job.result_path).resolve()
    root = exports_dir(instance).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def clean_old_exports(instance: Path, older_than: dt.timedelta = KEEP_FOR) -> int:
    """Delete the export folders older than `older_than`; return how many."""
    root = exports_dir(instance)
    if not root.is_dir():
        return 0
    cutoff, removed = time.time() - older_than.total_seconds(), 0
    for user in root.iterdir():
        for folder in user.iterdir() if user.is_dir() else ():
            try:
                if folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder)
                    removed += 1
            except OSError:  # another process cleaned it first
                continue
    return removed
