"""With IPWATCH_REDIS_URL set, `ipwatch crawl NAME` shares the crawl with `ipwatch crawl-worker`
processes over Redis (the local server), and the items come back to be stored and matched."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from infringement.models import CrawlRun, RunStatus
from monitor.monitoring.runs import child_command, child_env
from tests.factories import make_trademark
from tests.monitor.monitoring.site import FAST, SOURCE, Market, serve

REDIS = "redis://127.0.0.1:6379/9"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except Exception:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis server at 127.0.0.1:6379")


def test_a_crawl_through_a_worker_raises_the_same_alert(app, session, runner):
    app.config["REDIS_URL"] = REDIS
    make_trademark(session, mark_text="KANGDA")
    session.commit()
    shop = Market()
    shop.listings = {1: ("KANGDAA 冲击钻", "¥88", "某店"), 2: ("Garden chair", "¥40", "家具店")}
    with serve(shop) as host:
        folder = Path(app.config["SOURCES_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "shared.yaml").write_text(SOURCE.format(name="shared", host=host))
        settings = [arg for setting in FAST for arg in ("--set", setting)]
        worker = subprocess.Popen(
            child_command("crawl-worker", "--once", *settings),
            env=child_env(app),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            result = runner.invoke(args=["crawl", "shared"])
            assert result.exit_code == 0, result.output
            assert worker.wait(timeout=60) == 0, worker.stderr.read() if worker.stderr else ""
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            if worker.stderr:
                worker.stderr.close()
    run = session.exec(select(CrawlRun)).one()
    assert run.status == RunStatus.FINISHED and run.items == 2 and run.alerts_new == 1
    alerts = json.loads(runner.invoke(args=["alerts", "list", "--format", "json"]).output)
    assert [a["observed_text"] for a in alerts] == ["KANGDAA 冲击钻"]
    searches = [path for path in shop.requests if path.startswith("/search")]
    assert len(searches) == len(set(searches))  # nothing fetched twice
