"""In headless Chromium: legal staff press "Run now" on a demo marketplace source, the run page
reloads itself until the crawl (a child process) has finished, and the alerts it raised are on
the alerts page. The demo marketplace is served by this test on a free port of 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from werkzeug.serving import make_server

from monitor.demo_site import make_demo_site
from tests.e2e.conftest import ROOT, LiveApp, build_portfolio, serve
from tests.e2e.test_coverage_browser import log_in

pytestmark = pytest.mark.browser

LEGAL, PASSWORD = "counsel@e2e.example.com", "orchid-ledger-4417"
SOURCE = "e2e-market"
CRAWL_SECONDS = 120


@pytest.fixture
def demo_market() -> Iterator[str]:
    """The demo marketplace on a free port; its host:port."""
    server = make_server("127.0.0.1", 0, make_demo_site(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="demo-market", daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _portfolio_and_legal(session: Session) -> None:
    from monitor.auth import create_user
    from monitor.models import Role

    build_portfolio(session)
    create_user(session, email=LEGAL, role=Role.LEGAL, password=PASSWORD)


@pytest.fixture
def monitored_app(tmp_path: Path, monkeypatch, demo_market: str) -> Iterator[LiveApp]:
    """A fresh app whose own sources folder holds a copy of the demo source reading the demo
    marketplace served above; logged in as legal staff."""
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (ROOT / "data" / "sources" / "demo-market.yaml").read_text(encoding="utf-8")
    text = text.replace("name: demo-market", f"name: {SOURCE}")
    (sources / f"{SOURCE}.yaml").write_text(text.replace("127.0.0.1:5001", demo_market))
    monkeypatch.setenv("IPWATCH_SOURCES_DIR", str(sources))
    # the demo marketplace is this test's own: no need for the polite 1 s between requests
    monkeypatch.setenv("IPWATCH_CRAWL_SETTINGS", "AUTOTHROTTLE_ENABLED=False DOWNLOAD_DELAY=0")
    with serve(tmp_path, _portfolio_and_legal) as served:
        yield LiveApp(served.url, LEGAL, PASSWORD, served.as_of)


def test_run_now_crawls_the_demo_market_and_its_alerts_show(browser, monitored_app):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        log_in(page, monitored_app)
        page.click("nav >> text=Monitoring")
        row = page.locator(f"tr[data-source='{SOURCE}']")
        row.get_by_role("button", name="Run now").click()
        page.wait_for_url("**/monitoring/runs/*")
        # the page reloads itself (Refresh header) until the run is over
        done = "[data-testid=run-status] :is([data-status=finished], [data-status=failed])"
        status = page.wait_for_selector(done, timeout=CRAWL_SECONDS * 1000)
        message = page.locator("[data-testid=run-message]")
        assert status.get_attribute("data-status") == "finished", message.all_inner_texts()
        assert int(page.inner_text("[data-testid=run-items]")) > 0
        assert int(page.inner_text("[data-testid=run-alerts]").split()[0]) > 0
        page.click("nav >> text=Alerts")
        page.fill("input[name=source]", SOURCE)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(f"**source={SOURCE}**")  # the filtered list, not the one before it
        rows = page.locator("table[data-testid=alerts] tr[data-alert]")
        rows.first.wait_for()
        assert rows.count() > 0
        assert "KANGDA" in rows.first.inner_text()
        rows.first.locator("a.observed-text").click()
        page.wait_for_selector("[data-testid=evidence]")
        assert (
            page.locator("a.outside").first.get_attribute("rel") == "noopener noreferrer nofollow"
        )
        assert blocked == []
    finally:
        context.close()
