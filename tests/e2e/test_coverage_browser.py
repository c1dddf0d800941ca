"""In headless Chromium: log in, filter the coverage matrix, open the gap list, export it to Excel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser


def log_in(page, live_app) -> None:
    page.goto(f"{live_app.url}/coverage")
    assert "/login" in page.url  # every page needs a login
    page.fill("input[name=email]", live_app.email)
    page.fill("input[name=password]", live_app.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/coverage*")


def cell_statuses(page) -> list[tuple[str, str, str, str]]:
    """(product, class, market, status) of every coloured cell of the matrix on the page."""
    return page.eval_on_selector_all(
        "table.matrix td.cell[data-status]",
        "tds => tds.map(td => [td.closest('tr').dataset.product, td.closest('tr').dataset.class,"
        " td.dataset.market, td.dataset.status])",
    )


def test_log_in_filter_the_matrix_and_export_the_gaps(
    page, live_app, screenshot_dir, tmp_path: Path
):
    log_in(page, live_app)
    page.fill("input[name=as_of]", live_app.as_of)
    page.click("[data-testid=apply-filters]")
    page.wait_for_url("**as_of=2026-03-01**")
    everything = cell_statuses(page)
    assert ("P-DRILL", "7", "CN", "protected") in [tuple(c) for c in everything]
    assert page.locator("th.market[data-market=DE]").inner_text().startswith("Germany")
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "coverage-matrix.png"), full_page=True)

    form = page.locator("[data-testid=coverage-filters]")
    form.locator("select[name=market]").select_option("JP")
    form.locator("select[name=status]").select_option("gap")
    page.click("[data-testid=apply-filters]")
    page.wait_for_url("**market=JP**")
    assert sorted(tuple(c) for c in cell_statuses(page)) == [
        ("P-DRILL", "7", "JP", "lapsed"),
        ("P-DRILL", "9", "JP", "lapsed"),
    ]
    assert "refused" in page.locator("td.cell[data-market=JP]").first.get_attribute("title")

    page.click("text=Gap list")
    page.wait_for_url("**/coverage/gaps?**")
    assert page.locator("h1").inner_text() == "Trademark gaps"
    shown = page.eval_on_selector_all(
        "tr.gap",
        "rows => rows.map(r => [r.dataset.product, r.dataset.market,"
        " Number(r.dataset.class), r.dataset.status])",
    )
    assert sorted(tuple(r) for r in shown) == [
        ("P-DRILL", "JP", 7, "lapsed"),
        ("P-DRILL", "JP", 9, "lapsed"),
    ]
    assert "refused" in page.locator("table.gaps").inner_text()

    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    download = info.value
    assert download.suggested_filename == "ipwatch-gaps-2026-03-01.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Product ID"
    assert sorted((r[0], r[3], r[5], r[6]) for r in rows[1:]) == [
        ("P-DRILL", "JP", 7, "lapsed"),
        ("P-DRILL", "JP", 9, "lapsed"),
    ]


def test_gap_list_shows_urgent_deadlines_and_advice(page, live_app, screenshot_dir):
    log_in(page, live_app)
    page.goto(f"{live_app.url}/coverage/gaps?as_of={live_app.as_of}")
    urgent = page.locator("[data-testid=urgent]").inner_text()
    assert "2026-05-31" in urgent and "Renewal of CN 10000002" in urgent
    text = page.locator("table.gaps").inner_text()
    assert "Subsequent designation of European Union (EUIPO)" in text  # DE 9 in WO 1234567
    assert "Madrid international application based on CN 20000001, designating Vietnam" in text
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "gaps.png"), full_page=True)
