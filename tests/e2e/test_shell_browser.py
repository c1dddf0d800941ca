"""In headless Chromium: the site shell. On a 390 px phone the menu folds behind its button and
opens, the language switch and log-out stay in view and work, and a wide table scrolls inside its
own box (its first column held) while the page does not. For every role each menu link opens
(200, never 403), the menu offers no page the role may not open, and exactly one menu item is the
current page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from tests.e2e.conftest import LiveApp, build_portfolio, serve

pytestmark = pytest.mark.browser

PASSWORD = "e2e-shell-password-2026"
USERS = {
    "admin": "admin@shell.example.com",
    "legal": "legal@shell.example.com",
    "executive": "exec@shell.example.com",
}
PHONE = {"width": 390, "height": 844}


def build_with_every_role(session: Session) -> None:
    """The e2e portfolio and one user of each role but the brand manager (serve adds that one)."""
    from monitor.auth import create_user
    from monitor.models import Role

    build_portfolio(session)
    for role, email in USERS.items():
        create_user(session, email=email, role=Role(role), password=PASSWORD)


@pytest.fixture(scope="module")
def shell_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    with serve(tmp_path_factory.mktemp("e2e-shell"), build_with_every_role) as served:
        yield served


def _tab(browser, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US", viewport=viewport)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def phone(browser) -> Iterator:  # type: ignore[no-untyped-def]
    """A 390 px wide English tab, as on a phone."""
    context, page = _tab(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desk(browser) -> Iterator:  # type: ignore[no-untyped-def]
    """A 1400 px wide English tab."""
    context, page = _tab(browser, {"width": 1400, "height": 900})
    yield page
    context.close()


def log_in(page, app: LiveApp, role: str) -> None:  # type: ignore[no-untyped-def]
    email, password = (
        (app.email, app.password) if role == "brand_manager" else (USERS[role], PASSWORD)
    )
    page.goto(f"{app.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def page_scrolls_sideways(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


# --- the phone ----------------------------------------------------------------------------------


def test_on_a_phone_the_menu_folds_and_opens(phone, shell_app):
    log_in(phone, shell_app, "brand_manager")
    menu, toggle = (
        phone.locator("[data-testid=site-menu] nav"),
        phone.locator("[data-testid=menu-toggle]"),
    )
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert not page_scrolls_sideways(phone)

    toggle.click()
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Patents", exact=True).click()
    phone.wait_for_url("**/patents")
    assert phone.locator("h1").inner_text() == "Patents"
    assert not phone.locator(
        "[data-testid=site-menu] nav"
    ).is_visible()  # folded again on the new page

    phone.locator("[data-testid=menu-toggle]").click()
    phone.keyboard.press("Escape")
    assert not phone.locator("[data-testid=site-menu] nav").is_visible()


def test_on_a_desktop_the_menu_shows_without_a_button(desk, shell_app):
    log_in(desk, shell_app, "brand_manager")
    assert desk.locator("[data-testid=site-menu] nav").is_visible()
    assert not desk.locator("[data-testid=menu-toggle]").is_visible()


def test_on_a_phone_the_language_switch_and_log_out_stay_in_view(phone, shell_app):
    log_in(phone, shell_app, "brand_manager")
    phone.goto(f"{shell_app.url}/products")
    switch = phone.locator("[data-testid=locale-zh]")
    assert switch.is_visible() and phone.locator("[data-testid=log-out]").is_visible()
    switch.click()
    phone.wait_for_selector("html[lang=zh-CN]")
    assert phone.url.endswith("/products")
    assert phone.locator("[data-testid=menu-toggle]").inner_text().strip() == "菜单"
    assert not page_scrolls_sideways(phone)
    phone.locator("[data-testid=locale-en]").click()
    phone.wait_for_selector("html[lang=en]")

    log_out = phone.locator("[data-testid=log-out]")
    assert log_out.is_visible()
    log_out.click()
    phone.wait_for_url("**/login**")
    phone.goto(f"{shell_app.url}/products")
    assert "/login" in phone.url  # the session really ended


def test_on_a_phone_a_wide_table_scrolls_in_its_box_with_its_first_column_held(phone, shell_app):
    log_in(phone, shell_app, "admin")
    phone.goto(f"{shell_app.url}/users")  # five columns and a form per row: wider than a phone
    table = phone.locator("table[data-testid=users]")
    sizes = table.evaluate("t => [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right]")
    assert sizes[0] > sizes[1] + 100, sizes  # the table is wider than its box...
    assert sizes[2] <= PHONE["width"], sizes  # ...the box fits the screen...
    assert not page_scrolls_sideways(phone)  # ...and the page itself does not scroll sideways

    def lefts() -> list[float]:
        return table.evaluate(
            "t => [...t.querySelector('tbody tr').children].slice(0, 2)"
            ".map(c => c.getBoundingClientRect().left)"
        )

    before = lefts()
    table.evaluate("t => { t.scrollLeft = 150; }")
    after = lefts()
    assert after[0] == pytest.approx(before[0], abs=1)  # the email column stays
    assert after[1] < before[1] - 100  # the others move under it


# --- the menu of every role ----------------------------------------------------------------------


HIDDEN = {
    "admin": set(),
    "brand_manager": {"Users"},
    "legal": {"Users", "Import"},
    "executive": {"Users", "Import"},
}


@pytest.mark.parametrize("role", ["admin", "brand_manager", "legal", "executive"])
def test_every_menu_link_opens_for_the_role_and_marks_one_current_item(desk, shell_app, role):
    log_in(desk, shell_app, role)
    links = desk.eval_on_selector_all(
        "[data-testid=site-menu] a", "links => links.map(a => [a.textContent.trim(), a.pathname])"
    )
    labels = {label for label, _path in links}
    assert "Coverage" in labels and "Dashboard" in labels
    assert not labels & HIDDEN[role], f"{role} is offered pages it may not open"
    wrong = []
    for label, path in links:
        response = desk.goto(f"{shell_app.url}{path}")
        status = None if response is None else response.status
        current = desk.eval_on_selector_all(
            "header a[aria-current=page]", "links => links.map(a => a.textContent.trim())"
        )
        if status != 200 or current != [label]:
            wrong.append((label, path, status, current))
    assert wrong == [], f"{role}: (menu item, path, status, items marked current)"


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/products/P-DRILL", "Products"),
        ("/patents/families", "Patent layout"),
        ("/coverage/gaps", "Gaps"),
        ("/password", "Password"),
    ],
    ids=[
        "detail-page-marks-its-list",
        "sub-page-marks-its-section",
        "one-of-two-in-a-blueprint",
        "the-password-page",
    ],
)
def test_a_page_outside_the_menu_marks_exactly_one_item(desk, shell_app, path, current):
    log_in(desk, shell_app, "brand_manager")
    desk.goto(f"{shell_app.url}{path}")
    marked = desk.eval_on_selector_all(
        "[aria-current=page]", "links => links.map(a => a.textContent.trim())"
    )
    assert marked == [current]
