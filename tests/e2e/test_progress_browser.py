"""Long imports and exports in the browser: the Import button is disabled once clicked, the
progress page's bar moves as the rows are written and turns into the result page; a gap export
downloads its file when it is ready, and without JavaScript the pages refresh themselves."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import AS_OF, LiveApp, build_portfolio, serve
from tests.monitor.test_background_jobs import ROWS, big_workbook


@pytest.fixture(scope="module")
def jobs_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """An app of its own: the big import changes its portfolio."""
    with serve(tmp_path_factory.mktemp("e2e-jobs"), build_portfolio) as served:
        yield served


def _tab(browser, *, javascript: bool = True):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="en-US", accept_downloads=True, java_script_enabled=javascript
    )
    context.set_default_timeout(30_000)
    return context, context.new_page()


def _log_in(page, app: LiveApp) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app.url}/login")
    page.fill("input[name=email]", app.email)
    page.fill("input[name=password]", app.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_a_big_upload_shows_a_moving_bar_then_what_was_imported(browser, jobs_app, tmp_path):
    workbook = tmp_path / "big.xlsx"
    workbook.write_bytes(big_workbook())
    context, page = _tab(browser)
    try:
        _log_in(page, jobs_app)
        page.goto(f"{jobs_app.url}/import")
        page.set_input_files("input[name=workbook]", str(workbook))
        # what the button looked like just after the click, kept across the page change
        page.evaluate(
            """() => document.addEventListener('submit', () => setTimeout(() => {
                 const b = document.querySelector('[data-testid=import-button]');
                 sessionStorage.setItem('button', b.disabled + '|' + b.textContent);
               }, 20))"""
        )
        page.click("[data-testid=import-button]")
        page.wait_for_url("**/tasks/**")
        assert page.evaluate("sessionStorage.getItem('button')") == "true|Uploading…"
        assert page.locator("h1").inner_text() == "Importing big.xlsx"
        assert page.locator("[data-testid=job-progress]").is_visible()

        bars = []
        deadline = time.monotonic() + 180
        while (
            time.monotonic() < deadline and not page.locator("[data-testid=import-summary]").count()
        ):
            with contextlib.suppress(Exception):  # the page is reloading into the result
                bars.append(page.evaluate(
                    "() => { const p = document.querySelector('progress');"
                    " return p ? [p.value, p.max, p.hasAttribute('value')] : null }"
                ))  # fmt: skip
            time.sleep(0.05)
        summary = page.locator("[data-testid=import-summary]")
        assert summary.is_visible()
        assert "Imported big.xlsx" in summary.inner_text()
        moving = [v for v, top, counted in filter(None, bars) if counted and top == 3 * ROWS]
        assert any(0 < v < 3 * ROWS for v in moving), bars[-20:]
        assert moving == sorted(moving)
        cells = summary.locator("tr[data-sheet=products] td").all_inner_texts()
        assert cells[:2] == ["products", str(ROWS)]
    finally:
        context.close()


def test_a_gap_export_downloads_its_file_when_ready(browser, jobs_app, tmp_path):
    context, page = _tab(browser)
    try:
        _log_in(page, jobs_app)
        page.goto(f"{jobs_app.url}/coverage/gaps?as_of={AS_OF}&market=JP")
        with page.expect_download() as info:
            page.click("[data-testid=export-xlsx]")
        download = info.value
        assert download.suggested_filename == f"ipwatch-gaps-{AS_OF}.xlsx"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        rows = list(load_workbook(saved)["Gaps"].iter_rows(values_only=True))
        assert rows[0][0] == "Product ID"
        assert sorted((r[0], r[3], r[5]) for r in rows[1:]) == [
            ("P-DRILL", "JP", 7),
            ("P-DRILL", "JP", 9),
        ]
        assert "/tasks/" in page.url
        assert page.locator("[data-testid=job-file]").is_visible()
    finally:
        context.close()


def test_without_javascript_the_export_page_refreshes_until_the_file_is_ready(
    browser, jobs_app, tmp_path: Path
):
    context, page = _tab(browser, javascript=False)
    try:
        _log_in(page, jobs_app)
        page.goto(f"{jobs_app.url}/coverage/gaps?as_of={AS_OF}&market=JP")
        page.click("[data-testid=export-csv]")
        page.wait_for_url("**/tasks/**")
        link = page.locator("[data-testid=job-file]")
        link.wait_for(timeout=30_000)  # the meta refresh brought the finished page
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == f"ipwatch-gaps-{AS_OF}.csv"
    finally:
        context.close()


def test_a_patent_layout_export_shows_its_progress_then_downloads(browser, layout_app, tmp_path):
    context, page = _tab(browser)
    try:
        _log_in(page, layout_app)
        page.goto(f"{layout_app.url}/patents/layout?as_of={layout_app.as_of}&brand=KANGDA")
        with page.expect_download() as info:
            page.click("[data-testid=export-xlsx]")
        download = info.value
        assert download.suggested_filename == f"ipwatch-patent-layout-{layout_app.as_of}.xlsx"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        rows = list(load_workbook(saved)["Patent layout"].iter_rows(values_only=True))
        assert rows[0][:4] == ("Product ID", "Product", "Brand", "Market code")
        assert {r[0] for r in rows[1:]} == {"P-DRILL", "P-GRINDER", "P-SAW"}  # the filter
        assert ("P-DRILL", "DE") in {(r[0], r[3]) for r in rows[1:]}
        assert "/tasks/" in page.url  # the progress page, turned into the result page
        assert page.locator("h1").inner_text() == f"Exporting {download.suggested_filename}"
        assert page.locator("[data-testid=job-file]").is_visible()
    finally:
        context.close()
