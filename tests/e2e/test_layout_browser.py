"""In headless Chromium: open the patent layout, filter it by brand, follow a product to its
patent family, and from the grid's findings to the deadline list."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def log_in(page, app) -> None:
    page.goto(f"{app.url}/patents/layout?as_of={app.as_of}")
    assert "/login" in page.url  # every page needs a login
    page.fill("input[name=email]", app.email)
    page.fill("input[name=password]", app.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/patents/layout*")


def cell_statuses(page) -> set[tuple[str, str, str]]:
    """(product, market, status) of every coloured cell of the grid on the page."""
    found = page.eval_on_selector_all(
        "table.layout td.cell[data-status]",
        "tds => tds.map(td => [td.closest('tr').dataset.product, td.dataset.market,"
        " td.dataset.status])",
    )
    return {tuple(c) for c in found}


def test_filter_the_layout_by_brand_and_follow_a_product_to_its_family(
    page, layout_app, screenshot_dir
):
    log_in(page, layout_app)
    assert page.locator("h1").inner_text() == "Patent layout"
    assert ("P-LASER", "GB", "missing") in cell_statuses(page)
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "patent-layout.png"), full_page=True)

    form = page.locator("[data-testid=layout-filters]")
    form.locator("select[name=brand]").select_option("KANGDA")
    page.click("[data-testid=apply-filters]")
    page.wait_for_url("**brand=KANGDA**")
    cells = cell_statuses(page)
    assert {product for product, _market, _status in cells} == {"P-DRILL", "P-GRINDER", "P-SAW"}
    assert ("P-DRILL", "DE", "protected") in cells and ("P-DRILL", "FR", "missing") in cells
    tooltip = page.locator("tr[data-product=P-DRILL] td.cell[data-market=CN]").get_attribute(
        "title"
    )
    assert "invention, expires 2039-12-31" in tooltip
    assert "P-SAW" in page.locator("[data-testid=unpatented]").inner_text()

    page.click("tr[data-product=P-DRILL] th.product a")
    page.wait_for_url("**/products/P-DRILL")
    assert page.locator("[data-testid=layout-link]").is_visible()
    page.click("tr[data-patent='EP 3500001'] a.family-link")
    page.wait_for_url("**/patents/families/FAM-DRILL")
    assert page.locator("h1").inner_text() == "Patent family FAM-DRILL"
    members = page.locator("[data-testid=members]").inner_text()
    assert "3500001" in members and "2021-500001" in members
    assert page.locator("[data-group=granted]").inner_text().count("Germany") == 1
    assert "France" in page.locator("tr.uncovered").first.inner_text()
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "patent-family.png"), full_page=True)


def test_from_the_layout_to_the_deadline_list(page, layout_app):
    log_in(page, layout_app)
    page.click("[data-testid=deadlines-link]")
    page.wait_for_url("**/patents/deadlines?**")
    rows = page.locator("tr.deadline")
    assert rows.first.get_attribute("data-due") == "2026-05-31"
    overdue = page.locator("tr.deadline.overdue")
    assert overdue.count() == 1 and "Late annuity of CN ZL202130000001.8" in overdue.inner_text()
