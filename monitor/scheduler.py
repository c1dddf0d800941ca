"""The scheduler: one APScheduler per installation, running the fixed jobs and the sources' crawls.

`ipwatch serve` starts it in the background unless IPWATCH_SCHEDULER=0; with several web
processes (or machines), run it once on its own with `ipwatch scheduler`. Each source with a
`schedule` gets a cron job in IPWATCH_TIMEZONE (Asia/Shanghai by default); the job starts
`ipwatch crawl NAME` as a child process, so no crawler ever runs inside the scheduler, and the
source's lock keeps it to one run at a time even across machines. The source files are read
again every few minutes, so a new or edited source is scheduled without a restart.
"""

from __future__ import annotations

import logging
import subprocess

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from monitor import jobs
from monitor.monitoring import reminders
from monitor.reports import delivery

log = logging.getLogger(__name__)

MISFIRE_GRACE = 3600  # seconds: a job missed (machine asleep, scheduler down) still runs within
CRAWL_PREFIX = "crawl:"
REFRESH_MINUTES = 5

# name -> (function taking the app, cron expression in the scheduler's timezone)
JOBS = {
    "coverage-snapshot": (jobs.snapshot_coverage, "15 2 * * *"),
    # e-mail digests of open case deadlines (nothing happens while IPWATCH_SMTP_HOST is empty)
    "deadline-reminders": (reminders.send_daily_reminders, "0 8 * * *"),
    "reminder-retry": (reminders.retry_reminders, "*/15 * * * *"),
    # freeze the month just ended, write its reports, e-mail them to the executives; hourly on
    # the 1st to 3rd: a run finds what is already done and only retries what is not
    "monthly-report": (delivery.deliver, "30 * 1-3 * *"),
}


def _timezone(app: Flask) -> str:
    return str(app.config["TIMEZONE"])


def run_crawl_job(app: Flask, name: str) -> int:
    """Run source `name` as `ipwatch crawl NAME --trigger schedule` in a child process."""
    from monitor.monitoring.runs import child_command, child_env

    done = subprocess.run(
        child_command("crawl", name, "--trigger", "schedule"),
        env=child_env(app),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        log.warning("scheduled crawl of %s could not run: %s", name, done.stderr.strip()[-500:])
    return done.returncode


def sync_source_jobs(scheduler: BaseScheduler, app: Flask) -> list[str]:
    """Add, change or remove the crawl jobs to match the source files; return the job ids."""
    from monitor.monitoring.sources import read_sources

    with app.app_context():
        sources, _errors = read_sources()
    wanted = {f"{CRAWL_PREFIX}{s.name}": s.schedule for s in sources if s.schedule}
    for job in scheduler.get_jobs():
        if job.id.startswith(CRAWL_PREFIX) and job.id not in wanted:
            job.remove()
    for job_id, cron in wanted.items():
        assert cron is not None
        trigger = CronTrigger.from_crontab(cron, timezone=_timezone(app))
        existing = scheduler.get_job(job_id)
        if existing is not None and str(existing.trigger) == str(trigger):
            continue
        scheduler.add_job(
            run_crawl_job,
            trigger,
            args=[app, job_id[len(CRAWL_PREFIX) :]],
            id=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE,
        )
    return sorted(wanted)


def add_jobs(scheduler: BaseScheduler, app: Flask) -> None:
    """Add the fixed jobs, the sources' crawls, and the job that keeps the latter up to date."""
    for name, (func, cron) in JOBS.items():
        scheduler.add_job(
            func,
            CronTrigger.from_crontab(cron, timezone=_timezone(app)),
            args=[app],
            id=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE,
        )
    sync_source_jobs(scheduler, app)
    scheduler.add_job(
        sync_source_jobs,
        IntervalTrigger(minutes=REFRESH_MINUTES),
        args=[scheduler, app],
        id="refresh-sources",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
    )


def start_scheduler(app: Flask) -> BackgroundScheduler:
    """Start a background scheduler with every job."""
    scheduler = BackgroundScheduler(timezone=_timezone(app))
    add_jobs(scheduler, app)
    scheduler.start()
    return scheduler


def run_blocking(app: Flask) -> None:
    """Run the scheduler in this process until interrupted (`ipwatch scheduler`)."""
    scheduler = BlockingScheduler(timezone=_timezone(app))
    add_jobs(scheduler, app)
    names = ", ".join(job.id for job in scheduler.get_jobs())
    print(f"ipwatch scheduler ({_timezone(app)}): {names}", flush=True)
    scheduler.start()


def main() -> None:
    from monitor import create_app

    run_blocking(create_app())


if __name__ == "__main__":
    main()
