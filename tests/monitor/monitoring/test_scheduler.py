"""The scheduler: a job per scheduled source in the installation's timezone, the fixed jobs, and a
crawl job that runs `ipwatch crawl` in a child process (run here once, without waiting for cron)."""

from __future__ import annotations

import json
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import select

from infringement.models import CrawlRun, RunStatus
from monitor.scheduler import MISFIRE_GRACE, add_jobs, run_crawl_job, sync_source_jobs
from tests.factories import make_trademark
from tests.monitor.monitoring.site import SOURCE, Market, serve


def _scheduler(app) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=app.config["TIMEZONE"])
    add_jobs(scheduler, app)
    return scheduler


def test_each_scheduled_source_gets_a_cron_job_in_shanghai_time(app):
    folder = Path(app.config["SOURCES_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nightly.yaml").write_text(
        SOURCE.format(name="nightly", host="127.0.0.1:9") + 'schedule: "30 1 * * *"\n'
    )
    scheduler = _scheduler(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"coverage-snapshot", "refresh-sources", "crawl:nightly", "crawl:demo-market"} <= set(
        jobs
    )
    nightly = jobs["crawl:nightly"]
    assert str(nightly.trigger.timezone) == "Asia/Shanghai"
    assert "hour='1'" in str(nightly.trigger) and "minute='30'" in str(nightly.trigger)
    assert nightly.coalesce and nightly.max_instances == 1
    assert nightly.misfire_grace_time == MISFIRE_GRACE
    # the file is removed: the next refresh drops its job
    (folder / "nightly.yaml").unlink()
    sync_source_jobs(scheduler, app)
    assert scheduler.get_job("crawl:nightly") is None


def test_the_timezone_is_a_setting(app):
    app.config["TIMEZONE"] = "Europe/Berlin"
    job = _scheduler(app).get_job("coverage-snapshot")
    assert str(job.trigger.timezone) == "Europe/Berlin"


def test_a_crawl_job_runs_the_source_in_a_child_process(app, session, runner):
    make_trademark(session, mark_text="KANGDA")
    session.commit()
    shop = Market()
    shop.listings = {1: ("KANGDA 康达 电钻", "¥99", "某店")}
    with serve(shop) as host:
        folder = Path(app.config["SOURCES_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "child.yaml").write_text(SOURCE.format(name="child", host=host))
        assert run_crawl_job(app, "child") == 0
    assert any(path.startswith("/search") for path in shop.requests)
    run = session.exec(select(CrawlRun)).one()
    assert run.trigger == "schedule" and run.status == RunStatus.FINISHED
    assert run.pid is not None and run.alerts_new == 1
    listed = json.loads(runner.invoke(args=["alerts", "list", "--format", "json"]).output)
    assert listed[0]["observed_text"] == "KANGDA 康达 电钻"
