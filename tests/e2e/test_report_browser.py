"""In headless Chromium: the HTML monthly report opened from a file, as an executive opens the
attachment — no console error, nothing fetched, the headings and the charts visible, and the
page as wide as an A4 sheet holds every table and chart without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.reports.render import render_report
from tests.monitor.reports.test_render_pdf import large_portfolio
from tests.monitor.reports.test_summary import make_figures, make_previous

pytestmark = pytest.mark.browser

A4_PX = 794  # 210 mm at 96 px per inch


@pytest.fixture
def open_report(browser, app, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Render a report to a file and open it in a fresh tab that records console errors and
    every request other than the file itself."""
    contexts = []

    def _open(figures, lang: str, history=None, width: int = 1200):  # type: ignore[no-untyped-def]
        with app.app_context():
            body = render_report(figures, history or [figures], lang=lang, fmt="html")
        path = tmp_path / f"report-{lang}-{width}.html"
        path.write_bytes(body)
        context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.errors, page.requests = [], []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on(
            "request", lambda r: page.requests.append(r.url) if r.url != path.as_uri() else None
        )
        page.goto(path.as_uri())
        return page

    yield _open
    for context in contexts:
        context.close()


def test_the_english_report_shows_its_headings_and_charts(open_report):
    page = open_report(make_figures(), "en", [make_previous(), make_figures()])

    assert page.errors == [] and page.requests == []
    for name in (
        "Executive summary",
        "Decisions needed",
        "Key figures",
        "Charts",
        "Enforcement results",
    ):
        assert page.get_by_role("heading", name=name, exact=True).is_visible(), name
    charts = page.locator("figure svg")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("figure svg text", has_text="Vietnam").first.is_visible()
    first_decision = page.locator("ol.decisions li").first.inner_text()
    assert first_decision == "Renew US 5123456 (KANGDA) within its grace period, by 2026-12-02"


def test_the_chinese_report_shows_chinese_headings(open_report):
    page = open_report(make_figures(), "zh")

    assert page.errors == [] and page.requests == []
    for name in ("执行摘要", "待决事项", "关键指标", "附录：市知识产权战略项目指标"):
        assert page.get_by_role("heading", name=name, exact=True).is_visible(), name
    assert page.locator("figure svg text", has_text="越南").first.is_visible()


def test_a_large_report_fits_the_width_of_an_a4_page_on_screen_and_in_print(open_report):
    page = open_report(large_portfolio(), "en", width=A4_PX)

    def overflow() -> int:
        return page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    assert overflow() <= 0
    page.emulate_media(media="print")
    assert overflow() <= 0
    assert page.errors == []
