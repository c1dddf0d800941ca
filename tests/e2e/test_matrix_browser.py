"""In headless Chromium, at desk width in English and at 390 px phone width in Chinese: a brand
manager checks Vietnam's column of a 60-market coverage matrix without losing the product labels
or the market heads (both sticky), opens a cell's detail in place (the address stays), expands
the EU-27 column to its states, and expands the grouped EU gap row to its 27 states."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import serve

pytestmark = pytest.mark.browser

VIEWS = {
    "desk-en": ({"width": 1280, "height": 800}, "en"),
    "phone-zh": ({"width": 390, "height": 844}, "zh"),
}
WORDS = {
    "en": {"why": "Why", "refused": "refused", "vietnam": "Vietnam", "close": "Close the detail"},
    "zh": {"why": "原因", "refused": "驳回", "vietnam": "越南", "close": "关闭详情"},
}


@pytest.fixture(scope="module")
def wide_app(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The 60-market portfolio of tests/monitor/test_matrix_groups_pages.py, served."""
    from tests.monitor.test_matrix_groups_pages import build_wide_portfolio

    with serve(tmp_path_factory.mktemp("e2e-wide"), build_wide_portfolio) as served:
        yield served


@pytest.fixture(params=list(VIEWS), ids=list(VIEWS))
def tab(request, browser, wide_app):  # type: ignore[no-untyped-def]
    """A logged-in tab of the view's size and language: (page, language)."""
    viewport, lang = VIEWS[request.param]
    context = browser.new_context(locale="en-US", viewport=viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{wide_app.url}/login")
    page.fill("input[name=email]", wide_app.email)
    page.fill("input[name=password]", wide_app.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    switch = f"[data-testid=locale-{lang}]"  # shown while the page is in the other language
    if page.locator(switch).count():  # it may sit in a folded phone menu: click it by script
        with page.expect_navigation():
            page.eval_on_selector(switch, "b => b.click()")
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
    yield page, lang
    context.close()


def box_of(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def topmost(page, selector: str) -> bool:
    """True when the element is what the user sees at its own centre (nothing covers it)."""
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   return hit !== null && (hit === el || el.contains(hit)); }""",
    )


def test_vietnam_column_keeps_its_labels_and_opens_details_in_place(tab, wide_app):
    page, lang = tab
    words = WORDS[lang]
    page.goto(f"{wide_app.url}/coverage?as_of={wide_app.as_of}")
    scroller = "[data-testid=matrix-scroll]"
    assert page.locator("table.matrix thead th.market:visible").count() == 33  # the EU folded
    # bring the whole box into the window, then scroll it to Vietnam and to its last row
    page.eval_on_selector(scroller, "el => el.scrollIntoView({block: 'end'})")
    page.eval_on_selector(
        scroller,
        """el => { const vn = el.querySelector('th.market[data-market=VN]');
                   el.scrollLeft = vn.offsetLeft - el.clientWidth / 2;
                   el.scrollTop = el.scrollHeight; }""",
    )
    page.wait_for_timeout(100)
    frame = box_of(page, scroller)
    assert page.eval_on_selector(scroller, "el => el.scrollLeft") > 200  # it did scroll sideways
    assert page.eval_on_selector(scroller, "el => el.scrollTop") > 100  # and down

    last = 'tr[data-product="P-W14"][data-class="9"]'
    vn_head, vn_cell = "th.market[data-market=VN]", f"{last} td.cell[data-market=VN]"
    label = 'tr[data-product="P-W14"][data-class="7"] th.product'
    head, cell, product = box_of(page, vn_head), box_of(page, vn_cell), box_of(page, label)
    # the market head stays at the top of the box, over Vietnam's column
    assert frame["y"] - 1 <= head["y"] <= frame["y"] + 2
    assert abs(head["x"] - cell["x"]) < 2 and head["y"] + head["height"] <= cell["y"]
    # the product label stays at the left edge of the box, on the row of the cell
    assert frame["x"] - 1 <= product["x"] <= frame["x"] + 2
    assert product["x"] + product["width"] <= cell["x"]
    assert product["y"] <= cell["y"] < product["y"] + product["height"]
    for selector in (vn_head, vn_cell, label, f"{last} th.nice-class"):
        assert topmost(page, selector), f"{selector} is covered"
    assert "P-W14" in page.locator(label).inner_text()

    # Vietnam's cell opens its detail in place: the address does not change
    address = page.url
    page.click(f"{vn_cell} a")
    dialog = page.locator("[data-testid=cell-detail-dialog]")
    detail = dialog.locator("[data-testid=cell-detail]")
    detail.wait_for()
    assert page.url == address
    assert detail.get_attribute("data-market") == "VN"
    assert detail.get_attribute("data-status") == "lapsed"
    assert words["vietnam"] in detail.locator("h2").inner_text()
    assert "WO 1300000" in detail.locator("[data-testid=detail-rights]").inner_text()
    assert words["why"] in detail.inner_text()
    assert words["refused"] in detail.locator("[data-testid=detail-why]").inner_text()
    assert words["vietnam"] in detail.locator("[data-testid=detail-todo]").inner_text()
    dialog_box = box_of(page, "[data-testid=cell-detail-dialog]")
    assert (
        dialog_box["x"] >= 0
        and dialog_box["x"] + dialog_box["width"] <= page.viewport_size["width"] + 1
    )
    page.click("[data-testid=close-detail]")
    dialog.wait_for(state="hidden")
    assert page.url == address

    # the EU-27 column expands to its member states, and folds again
    assert page.locator("th.market[data-market=DE]").is_hidden()
    group_head = page.locator("th.group-head[data-group=EU]")
    assert group_head.locator(".group-label").inner_text() == "EU-27"
    group_cell = page.locator(f"{last} td.group-cell")
    assert group_cell.get_attribute("data-worst") == "missing"
    assert group_cell.inner_text().replace("\n", "").endswith("26/27")
    group_head.locator("a").click()
    page.locator("th.market[data-market=DE]").wait_for()
    assert page.locator("table.matrix thead th.market:visible").count() == 60
    assert (
        page.locator(f"{last} td.cell[data-market=DE]").get_attribute("data-status") == "protected"
    )
    assert page.locator(f"{last} td.cell[data-market=FR]").get_attribute("data-status") == "missing"
    assert group_head.locator("a").get_attribute("aria-expanded") == "true"
    assert "expand=EU" in page.url  # a reload or a bookmark keeps the states open
    group_head.locator("a").click()
    page.locator("th.market[data-market=DE]").wait_for(state="hidden")


def test_grouped_eu_gap_row_expands_to_its_27_states(tab, wide_app):
    page, lang = tab
    page.goto(f"{wide_app.url}/coverage/gaps?as_of={wide_app.as_of}&product=P-LUX")
    group = page.locator("tr[data-testid=gap-group]")
    assert group.count() == 1
    assert group.locator(".group-label").inner_text() == "EU-27"
    members = page.locator("tr.gap[data-member-of]")
    assert members.count() == 27
    assert page.locator("tr.gap[data-member-of]:visible").count() == 0
    assert page.locator("tr.gap:visible").count() == 1  # Vietnam, in no grouping

    # the reasons get their width; badges and product names never break inside a word
    assert box_of(page, "table.gaps thead th.reasons")["width"] >= 280
    broken = page.eval_on_selector_all(
        "table.gaps .status, table.gaps .product-name",
        """els => els.filter(el => el.getClientRects().length).flatMap(el => {
                 const text = el.textContent.trim();
                 const words = /\\s/.test(text) ? text.split(/\\s+/) : [text];
                 const node = el.querySelector('a') || el;
                 return words.filter(word => {
                   const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
                   for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                     const at = t.data.indexOf(word);
                     if (at < 0) continue;
                     const range = document.createRange();
                     range.setStart(t, at); range.setEnd(t, at + word.length);
                     const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                     return lines.size > 1;
                   }
                   return false;
                 });
               })""",
    )
    assert broken == []

    group.locator("a.group-toggle").click()
    page.locator("tr.gap[data-member-of]").first.wait_for()
    assert page.locator("tr.gap[data-member-of]:visible").count() == 27
    shown = page.eval_on_selector_all(
        "tr.gap[data-member-of]", "rows => rows.map(r => r.dataset.market).sort()"
    )
    assert len(set(shown)) == 27 and "DE" in shown and "VN" not in shown
    assert group.locator("a.group-toggle").get_attribute("aria-expanded") == "true"

    # the table scrolls in its own box with the product column fixed
    scroller = ".table-scroll[role=region]"
    page.eval_on_selector(scroller, "el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(50)
    frame = box_of(page, scroller)
    first = box_of(page, "tr.gap[data-member-of] th.product-col")
    assert frame["x"] - 1 <= first["x"] <= frame["x"] + 2
    assert frame["x"] + frame["width"] <= page.viewport_size["width"] + 1  # the box fits the window
