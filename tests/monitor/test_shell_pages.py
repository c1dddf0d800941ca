"""The site shell every page shares: the favicon, a menu that offers each role exactly the pages it
may open, and one menu item marked as the current page."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from monitor.views import NAV

ROLES = ["admin", "brand_manager", "legal", "executive"]


def _menu(html: str) -> dict[str, str]:
    """href -> the attributes of each link of the top menu."""
    nav = html[html.index('id="site-menu"') : html.index("</nav>")]
    return dict(re.findall(r'<a href="([^"]+)"([^>]*)>', nav))


def test_the_favicon_is_served_to_anyone(client):
    with client.get("/favicon.ico") as resp:  # a file response: closed after reading
        assert resp.status_code == 200
        assert resp.mimetype == "image/vnd.microsoft.icon"
        assert resp.data[:4] == b"\x00\x00\x01\x00"  # an ICO file, not an error page


def test_every_page_links_its_favicons(client):
    html = client.get("/login").get_data(as_text=True)
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert icons == ["/static/favicon.svg", "/favicon.ico"]
    with client.get(icons[0]) as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert b"<svg" in svg.data


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_offers_exactly_the_pages_the_role_may_open(app, client, login, role):
    login(role)
    menu = _menu(client.get("/coverage").get_data(as_text=True))
    with app.test_request_context():
        urls = {url_for(endpoint): str(label) for endpoint, label in NAV}
    opened = {url: client.get(url).status_code for url in urls}
    assert set(opened.values()) <= {200, 403}, opened
    assert {url for url, status in opened.items() if status == 200} == set(menu)


@pytest.mark.parametrize(
    ("role", "hidden"),
    [
        ("admin", set()),
        ("brand_manager", {"/users"}),
        ("legal", {"/users", "/import"}),
        ("executive", {"/users", "/import"}),
    ],
)
def test_import_and_users_are_offered_only_to_those_who_may_use_them(client, login, role, hidden):
    login(role)
    menu = _menu(client.get("/products").get_data(as_text=True))
    assert hidden.isdisjoint(menu) and {"/import", "/users"} - hidden <= set(menu)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/coverage", "/coverage"),
        ("/coverage/gaps", "/coverage/gaps"),  # two items of one blueprint: only its own
        ("/patents", "/patents"),
        ("/patents/deadlines", "/patents/layout"),  # a page of the layout marks the layout
        ("/users", "/users"),
    ],
)
def test_one_menu_item_is_marked_as_the_current_page(client, login, path, current):
    login("admin")
    menu = _menu(client.get(path).get_data(as_text=True))
    marked = [href for href, attrs in menu.items() if 'aria-current="page"' in attrs]
    assert marked == [current]
