"""The monitoring page: sources (shipped and the user's, refused files), recent runs, a run with
its failures, and "Run now" — legal staff and admins only, with CSRF, a child process, never
twice at once. One test runs a real crawl of a site served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from crawlers.sources import load_sources
from infringement.models import Alert, CrawlRun
from monitor.monitoring.locks import run_lock
from tests.conftest import ROOT, csrf_token
from tests.crawlers.spiders.test_crawl_live import FakeMarket, serve
from tests.factories import make_trademark

DEMO_SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
STARTED = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)


def make_run(session: Session, **overrides: Any) -> CrawlRun:
    """A finished manual run of the demo marketplace, with one failure."""
    values: dict[str, Any] = {
        "source": "demo-market",
        "kind": "crawl",
        "trigger": "manual",
        "status": "finished",
        "started_at": STARTED,
        "ended_at": STARTED + dt.timedelta(minutes=3),
        "pages": 6,
        "items": 4,
        "alerts_new": 2,
        "failures": 1,
        "failed": [{"url": "http://shop.example/item/9", "kind": "http_500", "reason": "500"}],
        "failure_kinds": {"http_500": 1},
        "user": "legal@example.com",
    }
    values.update(overrides)
    run = CrawlRun(**values)
    session.add(run)
    session.commit()
    return run


def write_source(app, name: str, host: str) -> Path:
    """A copy of the demo marketplace source, called `name`, reading `host`, in SOURCES_DIR."""
    folder = Path(app.config["SOURCES_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    text = DEMO_SOURCE.read_text(encoding="utf-8")
    text = text.replace("name: demo-market", f"name: {name}").replace("127.0.0.1:5001", host)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run_now(client, source: str, *, with_token: bool = True):
    data = {"csrf_token": csrf_token(client, "/monitoring")} if with_token else {}
    return client.post(f"/monitoring/sources/{source}/run", data=data)


def _runs(session: Session) -> list[CrawlRun]:
    session.expire_all()
    return list(session.exec(select(CrawlRun)).all())


@pytest.mark.parametrize("path", ["/monitoring", "/monitoring/runs/1"])
def test_monitoring_pages_need_a_login(client, path):
    resp = client.get(path)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_page_lists_shipped_and_own_sources_and_refused_files(app, client, login, session):
    login("executive")
    write_source(app, "my-market", "shop.example:8080")
    broken = Path(app.config["SOURCES_DIR"]) / "broken.yaml"
    broken.write_text("name: broken\nkind: marketplace\nstart_urls: []\n", encoding="utf-8")
    run = make_run(session)
    html = client.get("/monitoring").get_data(as_text=True)
    assert 'data-source="demo-market"' in html and 'data-source="my-market"' in html
    assert "http://shop.example:8080/search?q={query}" in html
    assert "0 3 * * *" in html  # the schedule, and a next run
    assert "(yours)" in html
    [error] = load_sources([broken.parent])[1]
    refused = html[html.index('data-testid="refused-sources"') :]
    assert "broken.yaml" in refused and error.field in refused and error.reason in refused
    runs = html[html.index('data-testid="runs"') :]
    assert f'data-run="{run.id}"' in runs and "legal@example.com" in runs
    assert "manual" in runs and "finished" in runs


def test_the_run_page_names_each_failure(client, login, session):
    login("executive")
    run = make_run(session)
    resp = client.get(f"/monitoring/runs/{run.id}")
    html = resp.get_data(as_text=True)
    assert "http://shop.example/item/9" in html and "http_500" in html
    assert "Refresh" not in resp.headers  # finished: no reloading
    assert client.get("/monitoring/runs/9999").status_code == 404


def test_a_running_run_page_reloads_itself(client, login, session):
    login("executive")
    run = make_run(session, status="running", ended_at=None, items=17)
    resp = client.get(f"/monitoring/runs/{run.id}")
    assert resp.headers["Refresh"] == "3"
    html = resp.get_data(as_text=True)
    assert 'data-testid="refreshing"' in html and 'data-testid="run-items">17<' in html
    assert "<script" not in html.split("</head>")[1]  # no inline script (CSP)


@pytest.mark.parametrize("role", ["executive", "brand_manager"])
def test_readers_see_no_run_button_and_cannot_run(client, login, session, role):
    login(role)
    html = client.get("/monitoring").get_data(as_text=True)
    assert "Run now" not in html
    assert run_now(client, "demo-market").status_code == 403
    assert _runs(session) == []


@pytest.mark.parametrize("role", ["legal", "admin"])
def test_legal_and_admins_see_the_run_button(client, login, role):
    login(role)
    html = client.get("/monitoring").get_data(as_text=True)
    assert "/monitoring/sources/demo-market/run" in html and "Run now" in html


def test_run_now_without_csrf_token_is_refused(client, login, session):
    login("legal")
    assert run_now(client, "demo-market", with_token=False).status_code == 400
    assert _runs(session) == []


def test_run_now_of_an_unknown_source_is_404(client, login, session):
    login("legal")
    assert run_now(client, "no-such-source").status_code == 404
    assert _runs(session) == []


def test_run_now_says_when_the_source_is_already_running(app, client, login, session, engine):
    login("legal")
    with run_lock(engine, "source:demo-market", ttl=dt.timedelta(minutes=5)):
        resp = run_now(client, "demo-market")
    assert resp.status_code == 302 and resp.headers["Location"] == "/monitoring"
    assert "demo-market is already running." in client.get("/monitoring").get_data(as_text=True)
    assert _runs(session) == []


def test_chinese_monitoring_page(client, login, session):
    login("legal")
    make_run(session)
    html = client.get("/monitoring", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    for label in ("监控", "数据源", "立即运行", "最近运行", "已完成", "手动"):
        assert label in html, label


@pytest.fixture
def market() -> Iterator[str]:
    yield from serve(FakeMarket)


def _wait_until_done(client, run_id: int, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = client.get(f"/monitoring/runs/{run_id}").get_data(as_text=True)
        if 'data-status="running"' not in html:
            return html
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still running after {seconds} s")


def test_run_now_crawls_in_a_child_process_and_raises_alerts(app, client, login, session, market):
    email = login("legal")
    make_trademark(
        session,
        office="CN",
        tm_no="30000001",
        brand="TIANMU",
        mark_text="TIANMU",
        nice_classes=[21],
    )
    session.commit()
    write_source(app, "test-market", market)
    # the child crawl of this test's own site need not wait a second between requests
    app.config["CRAWL_SETTINGS"] = "AUTOTHROTTLE_ENABLED=False DOWNLOAD_DELAY=0 RETRY_TIMES=0"
    resp = run_now(client, "test-market")
    assert resp.status_code == 302
    run_id = int(re.fullmatch(r"/monitoring/runs/(\d+)", resp.headers["Location"]).group(1))
    [run] = _runs(session)
    assert (run.id, run.trigger, run.user) == (run_id, "manual", email)
    html = _wait_until_done(client, run_id)
    log = Path(app.config["INSTANCE_DIR"]) / "crawls" / f"run-{run_id}.web.log"
    assert 'data-status="finished"' in html, log.read_text(errors="replace")
    session.expire_all()
    run = session.get(CrawlRun, run_id)
    assert run.items == 4 and run.alerts_new >= 1
    alerts = session.exec(select(Alert).where(Alert.run_id == run_id)).all()
    assert len(alerts) == run.alerts_new
    listed = client.get("/alerts", query_string={"source": "test-market"}).get_data(as_text=True)
    assert "ＴＩＡＮＭＵ" in listed and "TIANMU" in listed
