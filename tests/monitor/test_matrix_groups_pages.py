"""The coverage matrix, patent layout and gap list of a 60-market portfolio as the server renders
them: the EU as one column (EU-27) showing its worst state, expanded by ?expand=EU, other
groupings picked with ?group=, each cell linking to its detail (rights, why, what to file), and
the 27 EU gap rows of one product and class gathered into one row."""

from __future__ import annotations

import datetime as dt

import pytest
from parsel import Selector
from sqlmodel import Session

from coverage.portfolio import bump_revision
from tests.factories import make_kangda_marks, make_patent, make_product, make_trademark

AS_OF = "2026-03-01"
EU27 = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
OTHERS = [
    "CN",
    "US",
    "JP",
    "KR",
    "VN",
    "TH",
    "MY",
    "SG",
    "ID",
    "PH",
    "IN",
    "AU",
    "NZ",
    "CA",
    "MX",
    "BR",
    "AR",
    "CL",
    "GB",
    "CH",
    "NO",
    "TR",
    "RU",
    "ZA",
    "EG",
    "AE",
    "SA",
    "QA",
    "KW",
    "OM",
    "BH",
    "IL",
    "NG",
]
GCC = ["AE", "BH", "KW", "OM", "QA", "SA"]
WIDE_PRODUCTS = 14


def build_wide_portfolio(session: Session) -> None:
    """KANGDA's 14 patented products P-W01…P-W14 (classes 7 and 9) sold in the EU and 33 other
    markets (60 in all), and LUXIN's laser level P-LUX (class 9) in the EU and Vietnam.

    KANGDA: CN 7 protected, CN 9 expiring, US 7 pending, JP lapsed (WO 1234567 refused); an EU
    trade mark protects class 7 in all 27 states; a German mark protects class 9 in DE only (the
    EU's worst class-9 state is missing); Vietnam's designation in WO 1300000 was refused
    (lapsed). LUXIN has no mark: its 27 EU class-9 cells are gaps.
    """
    for n in range(1, WIDE_PRODUCTS + 1):
        product = make_product(
            session,
            product_id=f"P-W{n:02d}",
            name=f"Cordless drill {n}",
            name_zh=f"无绳电钻{n}号",
            nice_classes=[7, 9],
            markets=["EU", *OTHERS],
        )
        make_patent(session, products=[product])
    laser = make_product(
        session,
        product_id="P-LUX",
        name="Laser level",
        name_zh="激光水平仪",
        brand="LUXIN",
        nice_classes=[9],
        markets=["EU", "VN"],
    )
    make_patent(session, products=[laser])
    make_kangda_marks(session)
    make_trademark(
        session,
        office="EM",
        tm_no="018000001",
        nice_classes=[7],
        filing_date=dt.date(2019, 3, 1),
        registration_date=dt.date(2019, 9, 1),
    )
    make_trademark(session, office="DE", tm_no="302019000001", nice_classes=[9])
    make_trademark(
        session,
        office="WO",
        tm_no="1300000",
        nice_classes=[7, 9],
        registration_date=dt.date(2021, 6, 1),
        basic_mark="10000001",
        designations={"VN": "refused"},
    )


@pytest.fixture
def wide(session):
    build_wide_portfolio(session)
    bump_revision(session)
    session.commit()


def get(client, path: str, **params) -> Selector:
    params.setdefault("as_of", AS_OF)
    resp = client.get(path, query_string=params)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:800]
    return Selector(resp.get_data(as_text=True))


def visible_markets(page: Selector) -> list[str]:
    return page.css("table.matrix thead th.market:not([hidden])::attr(data-market)").getall()


def test_the_eu_is_one_column_showing_its_worst_state(client, login, wide):
    login()
    page = get(client, "/coverage", product="P-W01")
    head = page.css("th.group-head[data-group=EU]")
    assert head.css(".group-label::text").get() == "EU-27"
    assert head.css("a::attr(aria-expanded)").get() == "false"
    shown = visible_markets(page)
    assert "DE" not in shown and "VN" in shown and len(shown) == 33  # 60 markets, EU folded
    members = page.css("th.market[hidden]::attr(data-market)").getall()
    assert sorted(members) == EU27  # rendered, hidden until expanded
    row7 = page.css('tr[data-product="P-W01"][data-class="7"]')
    row9 = page.css('tr[data-product="P-W01"][data-class="9"]')
    assert row7.css("td.group-cell::attr(data-worst)").get() == "protected"  # the EU trade mark
    assert row9.css("td.group-cell::attr(data-worst)").get() == "missing"  # DE alone protected
    assert "".join(row9.css("td.group-cell .worst-count::text").getall()) == "26/27"
    title = row9.css("td.group-cell::attr(title)").get()
    assert "1 protected" in title and "26 missing" in title
    assert row9.css("td.cell[data-market=DE]::attr(data-status)").get() == "protected"
    totals = page.css("tfoot td.group-totals[data-group=EU] .status::attr(data-status)").getall()
    assert totals == ["protected", "missing"]


def test_expand_eu_in_the_query_shows_the_member_states(client, login, wide):
    login()
    page = get(client, "/coverage", product="P-W01", expand="EU")
    assert page.css("th.group-head[data-group=EU] a::attr(aria-expanded)").get() == "true"
    shown = visible_markets(page)
    assert set(EU27) <= set(shown) and len(shown) == 60
    collapse = page.css("th.group-head[data-group=EU] a::attr(href)").get()
    assert "expand" not in collapse and "product=P-W01" in collapse
    pager_and_links = page.css("a[href^='/coverage/gaps?']::attr(href)").get()
    assert "expand=EU" in pager_and_links  # the gap list keeps the grouping


def test_picked_groupings_fold_their_markets_and_none_folds_nothing(client, login, wide):
    login()
    page = get(client, "/coverage", product="P-W01", group="EU,GCC")
    assert page.css("th.group-head::attr(data-group)").getall() == ["GCC", "EU"]  # AE first
    assert page.css("th.group-head[data-group=GCC] .group-label::text").get() == "GCC-6"
    gcc = page.css("th.market[data-member-of=GCC]::attr(data-market)").getall()
    assert sorted(gcc) == GCC
    flat = get(client, "/coverage", product="P-W01", group="")
    assert not flat.css("th.group-head") and len(visible_markets(flat)) == 60
    form = page.css("[data-testid=grouping-fields]")
    assert form.css("input[name=group][checked]::attr(value)").getall() == ["EU", "GCC"]


def test_an_unknown_grouping_is_a_bad_request(client, login, wide):
    login()
    resp = client.get("/coverage", query_string={"group": "XX", "as_of": AS_OF})
    assert resp.status_code == 400
    assert "group: XX is not a known region" in resp.get_data(as_text=True)


def test_every_cell_links_to_its_detail_which_says_rights_why_and_what_to_file(client, login, wide):
    login()
    page = get(client, "/coverage", product="P-W01")
    href = page.css('tr[data-class="7"] td.cell[data-market=VN] a::attr(href)').get()
    assert href.startswith("/coverage/cell?") and "market=VN" in href and "class=7" in href
    detail = Selector(client.get(href).get_data(as_text=True))
    section = detail.css("[data-testid=cell-detail]")
    assert section.attrib["data-status"] == "lapsed"
    assert "WO 1300000" in "".join(section.css("[data-testid=detail-rights] ::text").getall())
    assert "refused" in "".join(section.css("[data-testid=detail-why] ::text").getall())
    todo = "".join(section.css("[data-testid=detail-todo] ::text").getall())
    assert "Vietnam" in todo and "refused" in todo  # file directly there
    assert detail.css("header.topbar")  # the page a link without JavaScript opens
    fragment = client.get(href + "&partial=1").get_data(as_text=True)
    assert fragment.lstrip().startswith("{#") is False and "<html" not in fragment
    assert 'data-testid="cell-detail"' in fragment and "WO 1300000" in fragment


@pytest.mark.parametrize(
    ("params", "status", "todo"),
    [
        ({"market": "FR", "class": "7"}, "protected", "Nothing to file"),
        ({"market": "CN", "class": "9"}, "expiring", "Renew"),
        ({"market": "US", "class": "7"}, "pending", "awaits the office"),
        ({"market": "FR", "class": "9"}, "missing", "Subsequent designation of European Union"),
    ],
    ids=["eu-trade-mark", "cn-renewal-window", "us-application", "no-mark-in-france"],
)
def test_cell_detail_says_what_to_do_for_each_status(client, login, wide, params, status, todo):
    login()
    page = get(client, "/coverage/cell", product="P-W01", partial="1", **params)
    assert page.css("[data-testid=cell-detail]").attrib["data-status"] == status
    assert todo in "".join(page.css("[data-testid=detail-todo] ::text").getall())


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"product": "P-W01", "market": "VN"}, 400),  # no class
        ({"product": "P-LUX", "market": "US", "class": "9"}, 404),  # not sold there
        ({"product": "NOPE", "market": "VN", "class": "9"}, 400),
    ],
    ids=["class-missing", "market-the-product-is-not-sold-in", "unknown-product"],
)
def test_cell_detail_of_no_cell(client, login, wide, params, code):
    login()
    assert client.get("/coverage/cell", query_string={"as_of": AS_OF, **params}).status_code == code


def test_the_27_eu_gaps_of_one_product_and_class_are_one_row(client, login, wide):
    login()
    page = get(client, "/coverage/gaps", product="P-LUX")
    groups = page.css("tr[data-testid=gap-group]")
    assert len(groups) == 1
    group = groups[0]
    assert group.attrib["data-group"] == "EU" and group.attrib["data-worst"] == "missing"
    assert group.css(".group-label::text").get() == "EU-27"
    assert "EU trade mark application" in "".join(group.css("td.advice ::text").getall())
    toggle = group.css("a.group-toggle")
    assert toggle.attrib["aria-expanded"] == "false" and "expand=EU" in toggle.attrib["href"]
    members = page.css(f'tr.gap[data-member-of="{toggle.attrib["data-toggle-rows"]}"]')
    assert sorted(m.attrib["data-market"] for m in members) == EU27
    assert all("hidden" in m.attrib for m in members)
    alone = page.css("tr.gap:not([data-member-of])::attr(data-market)").getall()
    assert alone == ["VN"]
    expanded = get(client, "/coverage/gaps", product="P-LUX", expand="EU")
    assert not expanded.css("tr.gap[hidden]")
    assert len(expanded.css("tr.gap[data-member-of]")) == 27


def test_patent_layout_folds_the_eu_and_links_cells_to_their_detail(client, login, wide):
    login()
    page = get(client, "/patents/layout", product="P-W01")
    assert page.css("th.group-head[data-group=EU] .group-label::text").get() == "EU-27"
    row = page.css('tr[data-product="P-W01"]')
    assert row.css("td.group-cell::attr(data-worst)").get() == "missing"  # a CN patent only
    href = row.css("td.cell[data-market=CN] a::attr(href)").get()
    assert href.startswith("/patents/layout/cell?")
    detail = get(
        client, href.split("?")[0], **dict(p.split("=") for p in href.split("?")[1].split("&"))
    )
    section = detail.css("[data-testid=cell-detail]")
    assert section.attrib["data-status"] == "protected"
    assert "ZL2020" in "".join(section.css("[data-testid=detail-rights] ::text").getall())


def test_chinese_matrix_and_detail(client, login, wide):
    login()
    with client.session_transaction() as s:
        s["locale"] = "zh"
    page = get(client, "/coverage", product="P-W01")
    assert page.css("th.group-head[data-group=EU] small::text").get() == "欧盟"
    assert "越南" in "".join(page.css("th.market[data-market=VN] ::text").getall())
    detail = get(client, "/coverage/cell", product="P-W01", market="VN", **{"class": "7"})
    text = "".join(detail.css("[data-testid=cell-detail] ::text").getall())
    assert "无绳电钻1号" in text and "越南" in text and "建议申请" in text and "原因" in text
    layout = get(client, "/patents/layout", product="P-W01")
    assert layout.css("th.group-head[data-group=EU] small::text").get() == "欧盟"
    gaps = get(client, "/coverage/gaps", product="P-LUX")
    assert gaps.css("tr[data-testid=gap-group] .group-label::text").get() == "EU-27"
    assert "27 未覆盖" in "".join(gaps.css("tr[data-testid=gap-group] ::text").getall())
