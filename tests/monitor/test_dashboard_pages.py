"""The dashboard, everyone's landing page: the figures of the month with links to the rows behind
them, in the order of each role's work, the month picker, frozen months, Chinese and English."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from html.parser import HTMLParser

import pytest

from coverage.portfolio import bump_revision
from infringement.cases.casework import create_case
from infringement.cases.deadlines import add_deadline
from infringement.cases.models import Route
from monitor.reports.models import MonthlySnapshot
from monitor.reports.months import Month
from tests.conftest import csrf_token
from tests.factories import make_patent, make_product, make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation
from tests.monitor.test_coverage_pages import parse as parse_matrix


def local_today(app) -> dt.date:
    """Today where the app counts its months (IPWATCH_TIMEZONE), as the dashboard does."""
    from monitor.reports import service

    with app.app_context():
        return service.local_today()


@pytest.fixture
def portfolio(session, app):
    """One patented product, P-DRILL (KANGDA, classes 7 and 9, sold in CN US DE JP): 8 cells.

    Protected: CN 7 and CN 9 (CN mark), DE 7 (EU trade mark) — 3 of 8, 37.5 %. US 7 pending
    (at risk); US 9, DE 9, JP 7, JP 9 missing (4 gaps). Dates are relative to today so the
    statuses hold whatever day the suite runs.
    """
    today = local_today(app)
    filed, registered = today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=2 * 365)
    drill = make_product(
        session,
        product_id="P-DRILL",
        name="Cordless drill",
        name_zh="无绳电钻",
        nice_classes=[7, 9],
        markets=["CN", "US", "DE", "JP"],
    )
    make_patent(session, products=[drill])
    make_trademark(
        session,
        office="CN",
        tm_no="10000001",
        nice_classes=[7, 9],
        filing_date=filed,
        registration_date=registered,
    )
    make_trademark(
        session,
        office="EM",
        tm_no="018000001",
        nice_classes=[7],
        filing_date=filed,
        registration_date=registered,
    )
    make_trademark(
        session, office="US", tm_no="90000001", nice_classes=[7], status="pending",
        filing_date=filed, registration_date=None,
    )  # fmt: skip
    bump_revision(session)
    session.commit()
    return today


def page(client, **params) -> tuple[int, str]:
    resp = client.get("/dashboard", query_string=params)
    return resp.status_code, resp.get_data(as_text=True)


def sections(html: str) -> list[str]:
    """The dashboard's sections in the order the page shows them."""
    return re.findall(
        r'<section class="dash-section[^"]*" id="dash-\w+" data-section="(\w+)"', html
    )


class _Links(HTMLParser):
    """The href of the figure links (data-testid=figure-KEY) and of the market bars."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.bars: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        testid = a.get("data-testid", "")
        if tag == "a" and testid.startswith("figure-"):
            self._in = testid.removeprefix("figure-")
            self.figures.setdefault(self._in, a["href"])
        elif tag == "a" and "bar" in a.get("class", "").split() and "data-market" in a:
            self.bars[a["data-market"]] = a["href"]

    def handle_data(self, data: str) -> None:
        if self._in:
            self.texts.setdefault(self._in, data.strip())
            self._in = None


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_the_dashboard_needs_a_login(client):
    resp = client.get("/dashboard")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_landing_page_after_login_is_the_dashboard(client, login, portfolio):
    login("executive")
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/dashboard")
    status, html = page(client)
    assert status == 200
    assert "<h1>Dashboard" in html
    assert 'href="/dashboard" class="active"' in html  # the first item of the navigation


@pytest.mark.parametrize(
    ("role", "first", "before"),
    [
        pytest.param("executive", "summary", ("headline", "gaps"), id="executive-headline-first"),
        pytest.param("admin", "summary", ("headline", "gaps"), id="admin-as-executive"),
        pytest.param("brand_manager", "gaps", ("gaps", "headline"), id="brand-manager-gaps-first"),
        pytest.param("legal", "alerts", ("alerts", "gaps"), id="legal-alert-queue-first"),
    ],
)
def test_each_role_reads_its_own_sections_first(client, login, portfolio, role, first, before):
    login(role)
    _status, html = page(client)
    order = sections(html)
    assert sorted(order) == sorted(
        [
            "summary",
            "headline",
            "trend",
            "coverage",
            "gaps",
            "deadlines",
            "patents",
            "alerts",
            "cases",
        ]
    )  # the same sections for everyone
    assert order[0] == first
    assert order.index(before[0]) < order.index(before[1])
    assert f'class="dash-section lead" id="dash-{first}"' in html  # drawn larger


def open_case_with_deadline(session, due: dt.date) -> None:
    """A platform complaint about fake drills, whose response is due on `due`."""
    now = dt.datetime.now(dt.UTC)
    mark = make_trademark(session, office="CN", tm_no="10000009", nice_classes=[7])
    case = create_case(
        session,
        user="legal@example.com",
        now=now,
        registrations=[mark.id],
        title="Fake drills",
        route=Route.PLATFORM_COMPLAINT,
        brand="KANGDA",
    )
    add_deadline(session, case, kind="response_due", due=due, user="legal@example.com", now=now)
    session.commit()


def deadline_areas(html: str) -> list[str]:
    section = html[html.index('id="dash-deadlines"') :]
    return re.findall(r'<h3 data-area="(\w+)"', section[: section.index("</section>")])


@pytest.mark.parametrize(
    ("role", "first_area"),
    [
        pytest.param("legal", "case", id="legal-case-deadlines-first"),
        pytest.param("brand_manager", "trademark", id="brand-manager-portfolio-first"),
    ],
)
def test_deadlines_come_in_the_order_of_the_roles_work(
    client, login, session, portfolio, role, first_area
):
    open_case_with_deadline(session, portfolio + dt.timedelta(days=10))
    make_trademark(  # a CN mark of class 12 that expires in 30 days: its renewal is due
        session,
        office="CN",
        tm_no="10000012",
        nice_classes=[12],
        filing_date=portfolio - dt.timedelta(days=3650 + 300),
        registration_date=portfolio - dt.timedelta(days=3650 - 30),
        expiry_date=portfolio + dt.timedelta(days=30),
    )
    bump_revision(session)
    session.commit()
    login(role)
    _status, html = page(client)
    areas = deadline_areas(html)
    assert {"case", "trademark"} <= set(areas)
    assert areas[0] == first_area
    assert "Fake drills" in html and f"{(portfolio + dt.timedelta(days=10)).isoformat()}" in html
    case_link = re.search(r'<a href="(/cases/\d+)">[^<]*Fake drills', html)
    assert case_link and client.get(case_link[1]).status_code == 200


def test_the_coverage_figure_is_hand_computed_and_leads_to_the_matrix(client, login, portfolio):
    login("executive")
    _status, html = page(client)
    found = links(html)
    assert found.texts["coverage_rate"] == "37.5%"  # 3 of 8 cells protected
    assert "3 of 8 cells protected" in html
    assert found.texts["gaps"] == "4" and found.texts["at_risk"] == "1"
    assert found.figures["coverage_rate"] == f"/coverage?as_of={portfolio.isoformat()}"
    matrix = client.get(htmllib.unescape(found.figures["coverage_rate"]))
    assert matrix.status_code == 200
    body = matrix.get_data(as_text=True)
    cells = parse_matrix(body).cells
    assert len(cells) == 8
    assert sorted(k for k, (status, _title) in cells.items() if status == "protected") == [
        ("P-DRILL", 7, "CN"),
        ("P-DRILL", 7, "DE"),
        ("P-DRILL", 9, "CN"),
    ]
    gaps = client.get(htmllib.unescape(found.figures["gaps"])).get_data(as_text=True)
    assert (
        sorted(re.findall(r'<tr class="gap[^"]*" data-product="P-DRILL" data-market="(\w+)"', gaps))
        == [
            "DE",
            "JP",
            "JP",
            "US",
        ]
        or gaps.count("P-DRILL") >= 4
    )


def test_a_market_bar_opens_the_matrix_of_that_market(client, login, portfolio):
    login("executive")
    _status, html = page(client)
    bars = links(html).bars
    assert sorted(bars) == ["CN", "DE", "JP", "US"]
    # lowest coverage first: JP (0 of 2), US (0 of 2), DE (1 of 2), CN (2 of 2)
    assert re.findall(r'class="bar" data-market="(\w+)"', html) == ["JP", "US", "DE", "CN"]
    href = htmllib.unescape(bars["DE"])
    assert href == f"/coverage?as_of={portfolio.isoformat()}&market=DE"
    matrix = parse_matrix(client.get(href).get_data(as_text=True))
    assert matrix.markets == ["DE"]  # only that market
    assert sorted(matrix.cells) == [("P-DRILL", 7, "DE"), ("P-DRILL", 9, "DE")]


def test_the_breakdowns_link_to_filtered_pages(client, login, portfolio):
    login("brand_manager")
    _status, html = page(client)
    day = portfolio.isoformat()
    assert f'href="/coverage?as_of={day}&amp;brand=KANGDA"' in html
    assert f'href="/coverage?as_of={day}&amp;class=9"' in html
    assert f'href="/coverage?as_of={day}&amp;region=EU"' in html
    assert f'href="/coverage?as_of={day}&amp;status=at_risk"' in html
    assert f'href="/patents/layout?as_of={day}"' in html
    for href in re.findall(r'href="(/(?:coverage|patents)[^"#]*)"', html):
        assert client.get(htmllib.unescape(href)).status_code == 200, href


def test_alerts_and_cases_are_counted_and_linked(client, login, session, portfolio):
    now = dt.datetime.now(dt.UTC)
    make_alert(session, make_observation(session, first_seen=now, last_seen=now), first_seen=now)
    make_alert(
        session,
        make_observation(session, text="KANGDA saw", first_seen=now, last_seen=now),
        first_seen=now,
    )
    mark = make_trademark(session, office="CN", tm_no="10000009", nice_classes=[7])
    create_case(
        session,
        user="legal@example.com",
        now=now,
        registrations=[mark.id],
        title="Fake drills",
        route=Route.PLATFORM_COMPLAINT,
        brand="KANGDA",
    )
    session.commit()
    login("legal")
    _status, html = page(client)
    found = links(html)
    assert found.texts["alerts_new"] == "2" and found.texts["alerts_open"] == "2"
    assert found.figures["alerts_open"] == "/triage"
    first = Month.of(portfolio).first_day.isoformat()
    assert htmllib.unescape(found.figures["alerts_new"]) == (
        f"/triage?from={first}&to={portfolio.isoformat()}&status=all"
    )
    queue = client.get(htmllib.unescape(found.figures["alerts_new"])).get_data(as_text=True)
    assert "KANGDA saw" in queue
    assert found.texts["cases_opened"] == "1"
    assert 'data-testid="routes-chart"' in html
    assert 'href="/cases?route=platform_complaint"' in html
    assert "platform complaint" in html


def test_changes_against_the_previous_month(client, login, session, portfolio):
    before = str(Month.of(portfolio).previous())
    session.add(
        MonthlySnapshot(
            month=before,
            figures={"month": before, "cells": 8, "protected": 2, "coverage_rate": 0.25, "gaps": 5},
        )
    )
    session.commit()
    login("executive")
    _status, html = page(client)
    tile = html[html.index('data-figure="coverage_rate"') :]
    assert re.search(r'data-delta="up"[^>]*>▲ 12.5 pts<', tile)
    gaps = html[html.index('data-figure="gaps"') :]
    assert re.search(r'class="delta delta-good" data-delta="down"[^>]*>▼ 1<', gaps)
    assert f"Changes are against {before}." in html


def test_a_frozen_month_says_when_and_whether_exact(client, login, session, portfolio):
    month = Month.of(portfolio).back(2)
    frozen_at = dt.datetime.combine(month.next().first_day, dt.time(0, 5), dt.UTC)
    session.add(
        MonthlySnapshot(
            month=str(month),
            figures={"month": str(month), "as_of": month.last_day.isoformat(), "cells": 0},
            frozen_at=frozen_at,
            exact=False,
            note="rebuilt after the month ended",
        )
    )
    session.commit()
    login("executive")
    status, html = page(client, month=str(month))
    assert status == 200
    assert f"Frozen on {month.next().first_day.isoformat()} 00:05 UTC" in html
    assert 'data-testid="not-exact"' in html and "rebuilt after the month ended" in html
    assert "the last day of the month" in html


def test_an_ended_month_is_judged_on_its_last_day(client, login, portfolio):
    login("executive")
    month = Month.of(portfolio).previous()
    status, html = page(client, month=str(month))
    assert status == 200
    assert f"Figures as of {month.last_day.isoformat()}" in html
    assert f'<option value="{month}" selected>' in html
    assert f'href="/coverage?as_of={month.last_day.isoformat()}"' in html


@pytest.mark.parametrize(
    ("value", "words"),
    [
        pytest.param("2026-13", "2026-13 is not a month", id="no-13th-month"),
        pytest.param("november", "november is not a month", id="not-a-date"),
        pytest.param("2999-01", "2999-01 has not begun", id="future-month"),
    ],
)
def test_a_bad_month_is_a_400_that_names_the_problem(client, login, value, words):
    login("executive")
    status, html = page(client, month=value)
    assert status == 400
    assert words in html


def test_an_empty_database_still_renders_and_says_what_to_do(client, login):
    login("brand_manager")
    status, html = page(client)
    assert status == 200
    assert "No patented products yet" in html
    assert 'href="/import" data-testid="import-link"' in html
    assert len(sections(html)) == 9


def test_an_executive_is_not_sent_to_the_import_page(client, login):
    login("executive")
    status, html = page(client)
    assert status == 200 and "No patented products yet" in html
    assert 'data-testid="import-link"' not in html


def test_the_executive_summary_and_decisions_come_first(client, login, portfolio):
    login("executive")
    _status, html = page(client)
    summary = html[html.index('id="dash-summary"') : html.index('id="dash-headline"')]
    assert "Trademark coverage of patented products is 37.5%" in summary
    decisions = re.findall(r'<li data-kind="(\w+)"><a href="([^"]+)"', summary)
    assert decisions and len(decisions) <= 3
    for _kind, href in decisions:
        assert client.get(htmllib.unescape(href)).status_code == 200


def test_chinese_and_english(client, login, portfolio):
    login("executive")
    _status, english = page(client)
    for label in ("Headline figures", "Trademark coverage by market", "Alert queue", "Gaps"):
        assert label in english
    token = csrf_token(client, "/dashboard")
    client.post("/locale", data={"locale": "zh", "next": "/dashboard", "csrf_token": token})
    _status, chinese = page(client)
    assert '<html lang="zh-CN">' in chinese
    for label in ("仪表板", "核心数据", "各市场商标覆盖", "告警队列", "德国"):
        assert label in chinese, label
    assert "Headline figures" not in chinese and "Alert queue" not in chinese
    assert "37.5%" in chinese
