"""The scheduler: one APScheduler per installation, running the jobs in JOBS."""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from monitor import jobs

# name -> (function taking the app, cron expression)
JOBS = {
    "coverage-snapshot": (jobs.snapshot_coverage, "15 2 * * *"),
}


def start_scheduler(app: Flask) -> BackgroundScheduler:
    """Start a background scheduler with every job in JOBS."""
    scheduler = BackgroundScheduler(timezone="Asia/Shanghai")
    for name, (func, cron) in JOBS.items():
        scheduler.add_job(func, CronTrigger.from_crontab(cron), args=[app], id=name,
                          replace_existing=True, coalesce=True, max_instances=1)
    scheduler.start()
    return scheduler
