"""In headless Chromium: an executive logs in and lands on the dashboard, reads the coverage rate
and the bar chart, opens a market's matrix from its bar, in English and in Chinese, and the pages
break no rule of the Content-Security-Policy (no console errors)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlmodel import Session

from tests.e2e.conftest import LiveApp, build_portfolio, serve

pytestmark = pytest.mark.browser

EXECUTIVE, PASSWORD = "exec@e2e.example.com", "e2e-exec-password-2026"


def build_with_executive(session: Session) -> None:
    """The e2e portfolio (P-DRILL, P-GRINDER, P-LASER) and an executive."""
    from monitor.auth import create_user
    from monitor.models import Role

    build_portfolio(session)
    create_user(session, email=EXECUTIVE, role=Role.EXECUTIVE, password=PASSWORD)


@pytest.fixture(scope="module")
def dashboard_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    with serve(tmp_path_factory.mktemp("e2e-dashboard"), build_with_executive) as served:
        yield served


@pytest.fixture
def tab(browser, dashboard_app):  # type: ignore[no-untyped-def]
    """A fresh English tab that records console errors (but the favicon nobody ships)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]

    def record(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            page.console_errors.append(message.text)  # type: ignore[attr-defined]

    page.on("console", record)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))  # type: ignore[attr-defined]
    yield page
    context.close()


def log_in_as_executive(page, app: LiveApp) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app.url}/login")
    page.fill("input[name=email]", EXECUTIVE)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/dashboard")  # the landing page


def matrix_rate(page) -> float:  # type: ignore[no-untyped-def]
    """Protected cells / all cells of the coverage matrix on the page (one page: 3 products)."""
    statuses = page.eval_on_selector_all(
        "table.matrix td.cell[data-status]", "tds => tds.map(td => td.dataset.status)"
    )
    return statuses.count("protected") / len(statuses)


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_an_executive_reads_the_dashboard_and_opens_a_market(
    tab, dashboard_app, screenshot_dir, locale
):
    page = tab
    log_in_as_executive(page, dashboard_app)
    if locale == "zh":
        page.click("[data-testid=locale-zh]")
        page.wait_for_selector("html[lang=zh-CN]")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("仪表板" if locale == "zh" else "Dashboard")
    sections = page.eval_on_selector_all(
        "section[data-section]", "s => s.map(x => x.dataset.section)"
    )
    assert sections.index("headline") < sections.index("gaps")  # an executive's order

    figure = page.locator("[data-testid=figure-coverage_rate]")
    shown = figure.inner_text()
    assert re.fullmatch(r"\d+(\.\d)?%", shown), shown
    bars = page.locator("svg[data-testid=market-chart] a.bar")
    assert bars.count() == len(["CN", "US", "DE", "JP", "FR", "VN"])
    assert page.locator(
        "svg[data-testid=market-chart] a.bar[data-market=DE] text.label"
    ).text_content() == ("德国" if locale == "zh" else "Germany")
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / f"dashboard-{locale}.png"), full_page=True)

    figure.click()  # the figure opens the matrix it counts
    page.wait_for_url("**/coverage?as_of=*")
    assert f"{round(matrix_rate(page) * 100, 1):g}%" == shown
    page.go_back()

    page.click("svg[data-testid=market-chart] a.bar[data-market=DE]")
    page.wait_for_url("**market=DE**")
    markets = page.eval_on_selector_all(
        "th.market[data-market]", "ths => ths.map(t => t.dataset.market)"
    )
    assert markets == ["DE"]  # the matrix filtered to that market
    assert page.locator("table.matrix td.cell[data-market=DE]").count() > 0
    assert page.console_errors == []  # nothing blocked by the Content-Security-Policy
