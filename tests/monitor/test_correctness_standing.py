"""One derived standing of a mark (status, expiry, grace end) on every page: a registration whose
derived expiry has passed shows "expired — in grace period until …", never a green "registered"."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coverage.portfolio import bump_revision
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-12-05"


@pytest.fixture
def portfolio(session):
    """The demo's marks in their grace period on 2026-12-05, none with a recorded expiry:
    CN 16543210 (registered 2016-11-14: expired 2026-11-13, grace until 2027-05-13) and
    EM 016098765 (filed 2016-11-28: expired 2026-11-28, grace until 2027-05-28); and a live
    CN 10234567 with its expiry recorded."""
    drill = make_product(
        session,
        product_id="KD-ID200",
        name="Impact drill",
        name_zh="冲击钻",
        nice_classes=[7, 9],
        markets=["CN", "DE"],
    )
    make_patent(session, products=[drill])
    make_trademark(
        session,
        office="CN",
        tm_no="16543210",
        mark_text="康达",
        nice_classes=[7, 9],
        filing_date=dt.date(2015, 3, 10),
        registration_date=dt.date(2016, 11, 14),
    )
    make_trademark(
        session,
        office="EM",
        tm_no="016098765",
        nice_classes=[7],
        filing_date=dt.date(2016, 11, 28),
        registration_date=dt.date(2017, 4, 5),
    )
    make_trademark(
        session,
        office="CN",
        tm_no="10234567",
        nice_classes=[7],
        filing_date=dt.date(2011, 9, 15),
        registration_date=dt.date(2013, 2, 7),
        expiry_date=dt.date(2033, 2, 6),
    )
    bump_revision(session)
    session.commit()


def get(client, path: str, lang: str = "en", **params) -> str:
    params.setdefault("as_of", AS_OF)
    resp = client.get(path, query_string=params, headers={"Accept-Language": lang})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp.get_data(as_text=True)


def row_of(html: str, office: str, tm_no: str) -> str:
    """The table row that links to the trademark, tags stripped to what a reader sees."""
    link = re.compile(f'href="/trademarks/{office}/{tm_no}["?]')
    for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.S):
        if link.search(row):
            return row
    raise AssertionError(f"no row for {office} {tm_no}")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_product_page_shows_a_mark_in_its_grace_period_with_a_warning(client, login, portfolio):
    login()
    html = get(client, "/products/KD-ID200")
    row = row_of(html, "CN", "16543210")
    assert 'data-status="registered"' not in row  # no green "registered"
    assert "expired — in grace period until 2027-05-13" in text_of(row)
    assert "2026-11-13" in text_of(row)
    warning = html.split('data-testid="grace-warning"')[1].split("</div>")[0]
    assert "CN 16543210" in warning and "2027-05-13" in warning
    live = row_of(html, "CN", "10234567")
    assert 'data-status="registered"' in live and "2033-02-06" in live


def test_trademark_list_shows_the_derived_expiry_and_the_grace_period(client, login, portfolio):
    login()
    html = get(client, "/trademarks")
    cn = text_of(row_of(html, "CN", "16543210"))
    assert "2026-11-13" in cn and "expired — in grace period until 2027-05-13" in cn
    em = text_of(row_of(html, "EM", "016098765"))
    assert "2026-11-28" in em and "expired — in grace period until 2027-05-28" in em
    assert "registered" not in cn and "registered" not in em


def test_trademark_list_in_chinese_shows_the_expiry_and_the_grace_period(client, login, portfolio):
    login()
    html = get(client, "/trademarks", lang="zh")
    cn = text_of(row_of(html, "CN", "16543210"))
    assert "2026-11-13" in cn
    assert "已过期 — 宽展期至 2027-05-13" in cn
    assert "已注册" not in cn


def test_trademark_detail_says_the_same_in_the_ui_language(client, login, portfolio):
    login()
    en = text_of(get(client, "/trademarks/CN/16543210"))
    assert "expired — in grace period until 2027-05-13" in en
    zh = text_of(get(client, "/trademarks/CN/16543210", lang="zh"))
    assert "已过期 — 宽展期至 2027-05-13" in zh
    assert "late renewal possible" not in zh  # the engine's English is not shown in Chinese


def test_before_the_expiry_the_same_mark_is_registered(client, login, portfolio):
    login()
    row = row_of(get(client, "/products/KD-ID200", as_of="2025-01-01"), "CN", "16543210")
    assert 'data-status="registered"' in row and "2026-11-13" in row
    html = get(client, "/products/KD-ID200", as_of="2025-01-01")
    assert 'data-testid="grace-warning"' not in html


def test_after_the_grace_period_the_mark_is_expired(client, login, portfolio):
    login()
    row = text_of(row_of(get(client, "/trademarks", as_of="2027-06-01"), "CN", "16543210"))
    assert "expired — grace period ended 2027-05-13" in row


def test_api_and_exports_give_the_same_expiry(client, login, portfolio):
    login()
    resp = client.get(
        "/api/v1/coverage/matrix", query_string={"as_of": AS_OF, "market": "CN", "class": "9"}
    )
    [cell] = resp.get_json()["items"]
    assert (cell["status"], cell["rights"], cell["expiry"]) == (
        "expiring",
        ["CN 16543210"],
        "2026-11-13",
    )


def test_bad_as_of_on_the_portfolio_pages_is_a_400(client, login, portfolio):
    login()
    for path in ("/trademarks", "/trademarks/CN/16543210", "/products/KD-ID200"):
        resp = client.get(path, query_string={"as_of": "2026-13-01"})
        assert resp.status_code == 400
        assert "as_of: 2026-13-01 is not a date" in resp.get_data(as_text=True)
