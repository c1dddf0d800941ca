"""The scheduler: one APScheduler per installation, running the jobs in JOBS.

`ipwatch serve` starts it in the background unless IPWATCH_SCHEDULER=0; with several web
processes, run it once on its own with `make scheduler` (python -m monitor.scheduler).
"""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from monitor import jobs

TIMEZONE = "Asia/Shanghai"

# name -> (function taking the app, cron expression in TIMEZONE)
JOBS = {
    "coverage-snapshot": (jobs.snapshot_coverage, "15 2 * * *"),
}


def add_jobs(scheduler: BaseScheduler, app: Flask) -> None:
    for name, (func, cron) in JOBS.items():
        scheduler.add_job(
            func,
            CronTrigger.from_crontab(cron, timezone=TIMEZONE),
            args=[app],
            id=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )


def start_scheduler(app: Flask) -> BackgroundScheduler:
    """Start a background scheduler with every job in JOBS."""
    scheduler = BackgroundScheduler(timezone=TIMEZONE)
    add_jobs(scheduler, app)
    scheduler.start()
    return scheduler


def main() -> None:
    from monitor import create_app

    scheduler = BlockingScheduler(timezone=TIMEZONE)
    add_jobs(scheduler, create_app())
    print("ipwatch scheduler: " + ", ".join(JOBS), flush=True)
    scheduler.start()


if __name__ == "__main__":
    main()
