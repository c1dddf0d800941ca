"""Run background jobs in a thread pool of the web process, keeping each job's row up to date.

A job is a row of `backgroundjob` (queued → running → done or failed) and a function run in the
pool inside a request context of the app (the language of the user who started it). Its progress
goes to the row at most every SAVE_EVERY seconds and, at once, to this process's memory: while an
SQLite import holds the database's write lock the row cannot be written, and the pages of this
process still show the rows as they are written. Jobs that write the portfolio (EXCLUSIVE) run one
at a time across every process: the next one waits its turn, saying so. A job whose process is
gone (restarted, killed) is failed when it is next looked at, and at start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import text, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from coverage.models import as_utc, utc_now
from monitor.background.models import ACTIVE, BackgroundJob, JobStatus
from monitor.db import get_engine, get_writer_engine

log = logging.getLogger(__name__)

POOL_SIZE = 4  # jobs running at once in one web process
SAVE_EVERY = 0.5  # seconds between progress writes to the job's row
WAIT_EVERY = 1.0  # seconds between looks while an exclusive job waits for its turn
STALE_AFTER = dt.timedelta(minutes=10)  # no news from a job's process for this long: it is gone
EXCLUSIVE = ("import", "import_apply")  # kinds that write the portfolio: one at a time
_PG_LOCK = 1_300_013  # the advisory lock that orders the exclusive jobs' turns on PostgreSQL

# job id -> (step, done, total) of the jobs running in this process, as they go
_live: dict[str, tuple[str, int, int]] = {}
_live_lock = threading.Lock()
_process: tuple[int, str] | None = None


@dataclass(frozen=True)
class Outcome:
    """How a job ended: done or failed, what its result page shows, the file it made."""

    status: JobStatus
    result: dict[str, Any] | None = None
    result_path: str | None = None
    error: str | None = None  # a code the pages explain (see monitor.views.tasks)


Work = Callable[[BackgroundJob, "Progress"], Outcome]


def runner_id() -> str:
    """This process as a job's runner: host, pid and a token told apart from an earlier process
    that had the same pid (a container restarted)."""
    global _process
    if _process is None or _process[0] != os.getpid():
        _process = (os.getpid(), secrets.token_hex(6))
    return f"{socket.gethostname()}:{_process[0]}:{_process[1]}"


def start_job(*, kind: str, user_id: int, label: str, params: dict[str, Any], work: Work) -> str:
    """Store a queued job of `kind` for `user_id` and run `work` in the pool; return its id."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    job = BackgroundJob(
        id=secrets.token_urlsafe(16),
        kind=kind,
        user_id=user_id,
        label=label[:300],
        params=params,
        runner=runner_id(),
        heartbeat_at=utc_now(),
    )
    job_id = job.id
    with Session(get_engine()) as session:
        session.add(job)
        session.commit()
    _pool(app).submit(_run, app, job_id, work)
    return job_id


def _pool(app: Flask) -> ThreadPoolExecutor:
    pool = app.extensions.get("ipwatch_background")
    if pool is None:
        pool = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="ipwatch-job")
        app.extensions["ipwatch_background"] = pool
    return pool


def _run(app: Flask, job_id: str, work: Work) -> None:
    with app.test_request_context(), _forced(app, job_id) as job:
        progress = Progress(job_id)
        try:
            _take_turn(job) if job.kind in EXCLUSIVE else _set(job_id, status=JobStatus.RUNNING)
            outcome = work(job, progress)
        except Exception:  # a bug or a lost database: the job fails, the process goes on
            log.exception("background job %s (%s) failed", job_id, job.kind)
            outcome = Outcome(JobStatus.FAILED, error="crashed")
        try:
            _set(
                job_id,
                status=outcome.status,
                result=outcome.result,
                result_path=outcome.result_path,
                error=outcome.error,
                finished_at=utc_now(),
                step=progress.name,
                done=progress.done,
                total=progress.total,
            )
        finally:  # only now: until the row says how it ended, the pages read this process's count
            progress.close()


@contextmanager
def _forced(app: Flask, job_id: str) -> Iterator[BackgroundJob]:
    """The job, read in this context, with the language of the user who started it."""
    with Session(get_engine(), expire_on_commit=False) as session:
        job = session.get(BackgroundJob, job_id)
    assert job is not None, job_id
    with force_locale(str(job.params.get("locale") or app.config["DEFAULT_LOCALE"])):
        yield job


def _set(job_id: str, **values: Any) -> None:
    if values.get("status") == JobStatus.RUNNING:
        values.setdefault("started_at", utc_now())
    values.setdefault("heartbeat_at", utc_now())
    with Session(get_engine()) as session:
        session.execute(update(BackgroundJob).where(col(BackgroundJob.id) == job_id).values(values))
        session.commit()


def _take_turn(job: BackgroundJob) -> None:
    """Wait until no other exclusive job runs, then mark `job` running (one look at a time)."""
    said_waiting = False
    while True:
        try:
            with Session(get_writer_engine()) as session:
                if session.get_bind().dialect.name == "postgresql":
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
                if not _others_running(session, job.id):
                    now = utc_now()
                    _update(session, job.id, status=JobStatus.RUNNING, started_at=now, step="")
                    session.commit()
                    return
                _update(session, job.id, step="waiting")
                session.commit()
                said_waiting = True
        except OperationalError:  # SQLite: another writer held the lock past the busy timeout
            log.info("job %s waits for the database (waiting shown: %s)", job.id, said_waiting)
        time.sleep(WAIT_EVERY)


def _others_running(session: Session, job_id: str) -> bool:
    running = session.exec(
        select(BackgroundJob).where(
            col(BackgroundJob.kind).in_(EXCLUSIVE),
            col(BackgroundJob.status) == JobStatus.RUNNING,
            col(BackgroundJob.id) != job_id,
        )
    ).all()
    alive = False
    for other in running:
        if is_abandoned(other):
            _update(session, other.id, status=JobStatus.FAILED, error="abandoned")
        else:
            alive = True
    return alive


def _update(session: Session, job_id: str, **values: Any) -> None:
    values.setdefault("heartbeat_at", utc_now())
    if values.get("status") == JobStatus.FAILED:
        values.setdefault("finished_at", utc_now())
    session.execute(update(BackgroundJob).where(col(BackgroundJob.id) == job_id).values(values))


class Progress:
    """What a running job reports: its step, and how many of the step's rows are done."""

    def __init__(self, job_id: str) -> None:
        self.job_id, self.name, self.done, self.total = job_id, "", 0, 0
        self._saved_at, self._held = 0.0, False

    def step(self, name: str, total: int = 0) -> None:
        """Start step `name` (a code the pages name) of `total` rows (0: not counted)."""
        self.name, self.done, self.total = name, 0, total
        self._publish(force=True)

    def advance(self, rows: int = 1) -> None:
        """Count `rows` more rows of the step as done."""
        self.done = min(self.done + rows, self.total) if self.total else self.done + rows
        self._publish()

    @contextmanager
    def held(self, session: Session) -> Iterator[None]:
        """Keep the progress in memory only while `session` holds SQLite's write lock."""
        self._held = session.get_bind().dialect.name == "sqlite"
        try:
            yield
        finally:
            self._held = False

    def close(self) -> None:
        """Forget the job's live progress (its row has the rest)."""
        with _live_lock:
            _live.pop(self.job_id, None)

    def _publish(self, *, force: bool = False) -> None:
        with _live_lock:
            _live[self.job_id] = (self.name, self.done, self.total)
        if self._held or (not force and time.monotonic() - self._saved_at < SAVE_EVERY):
            return
        self._saved_at = time.monotonic()
        _set(self.job_id, step=self.name, done=self.done, total=self.total)


def live_progress(job: BackgroundJob) -> tuple[str, int, int]:
    """The job's step, rows done and rows in all: as this process last heard, else as stored."""
    with _live_lock:
        live = _live.get(job.id)
    if live is not None and job.status == JobStatus.RUNNING:
        return live
    return job.step, job.done, job.total


def is_abandoned(job: BackgroundJob, *, now: dt.datetime | None = None) -> bool:
    """True when `job` is queued or running but the process that ran it is gone."""
    if job.status not in ACTIVE:
        return False
    host, _, rest = job.runner.partition(":")
    pid_text, _, token = rest.partition(":")
    if host == socket.gethostname() and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():  # this process, or an earlier one that had the same pid
            return job.runner != runner_id()
        if not _pid_alive(pid):
            return True
    beat = as_utc(job.heartbeat_at or job.created_at)
    return (now or utc_now()) - beat > STALE_AFTER


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def fail_abandoned(session: Session, jobs: list[BackgroundJob] | None = None) -> int:
    """Mark failed every active job (or those of `jobs`) whose process is gone; commits."""
    if jobs is None:
        jobs = list(
            session.exec(select(BackgroundJob).where(col(BackgroundJob.status).in_(ACTIVE)))
        )
    failed = [job for job in jobs if is_abandoned(job)]
    for job in failed:
        _update(session, job.id, status=JobStatus.FAILED, error="abandoned")
    if failed:
        session.commit()
        for job in failed:
            session.refresh(job)
    return len(failed)
