"""The patent layout pages as a brand manager sees them: the grid and what is listed above it, the
deadline list, patent families, the patent and product pages' links, and the Excel/CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from coverage.models import Patent
from coverage.portfolio import bump_revision
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-03-01"
D = dt.date
DRILL_CN = "ZL202010000001.X"


def build_layout_portfolio(session: Session) -> None:
    """Two brands with trademarks (KANGDA, LUXIN) and one without (ACME); statuses on AS_OF.

    P-DRILL (KANGDA; CN US DE FR JP), family FAM-DRILL: CN invention protected (expires
    2039-12-31, annuity due 2027-01-01), EP validated in DE only (FR missing), US pending, JP
    lapsed. P-GRINDER (KANGDA; CN VN): CN utility model expiring 2026-05-31, a pending PCT
    application (priority 2024-01-15) reaching VN until 2026-08-15 (31 months) and entering CN by
    2026-07-15. P-SAW (KANGDA; CN): no patent. P-LASER (LUXIN; CN GB TH): CN design (15 years,
    filed after 2021-06-01) with its annuity due 2025-12-01 unpaid (late window to 2026-06-01),
    TH invention with no term rule, GB missing. P-ANVIL (ACME, no trademark): not a row.
    """
    drill = make_product(
        session,
        product_id="P-DRILL",
        name="Cordless drill",
        name_zh="无绳电钻",
        markets=["CN", "US", "DE", "FR", "JP"],
    )
    grinder = make_product(
        session, product_id="P-GRINDER", name="Angle grinder", markets=["CN", "VN"]
    )
    make_product(session, product_id="P-SAW", name="Mitre saw", markets=["CN"])
    laser = make_product(
        session,
        product_id="P-LASER",
        name="Laser level",
        brand="LUXIN",
        markets=["CN", "GB", "TH"],
    )
    anvil = make_product(session, product_id="P-ANVIL", name="Anvil", brand="ACME")
    make_trademark(session, brand="KANGDA")
    make_trademark(session, brand="LUXIN", mark_text="LUXIN")
    family = {"family_id": "FAM-DRILL", "title": "Cordless drill clutch"}
    make_patent(
        session,
        [drill],
        patent_no=DRILL_CN,
        filing_date=D(2020, 1, 1),
        grant_date=D(2022, 1, 1),
        **family,
    )
    make_patent(
        session,
        [drill],
        office="EP",
        patent_no="3500001",
        filing_date=D(2020, 6, 1),
        grant_date=D(2023, 5, 1),
        designations=["DE"],
        **family,
    )
    make_patent(
        session,
        [drill],
        office="US",
        patent_no="17/100001",
        status="pending",
        filing_date=D(2021, 1, 1),
        grant_date=None,
        **family,
    )
    make_patent(session, [drill], office="JP", patent_no="2021-500001", status="lapsed", **family)
    make_patent(
        session,
        [grinder],
        patent_no="ZL201620000001.5",
        kind="utility_model",
        filing_date=D(2016, 6, 1),
        grant_date=D(2017, 1, 1),
    )
    make_patent(
        session,
        [grinder],
        office="WO",
        patent_no="CN2025/000001",
        status="pending",
        priority_date=D(2024, 1, 15),
        filing_date=D(2025, 1, 10),
        grant_date=None,
        family_id="FAM-GRINDER",
    )
    make_patent(
        session,
        [laser],
        patent_no="ZL202130000001.8",
        kind="design",
        filing_date=D(2021, 7, 1),
        grant_date=D(2022, 1, 1),
        annuity_paid_until=D(2025, 12, 1),
    )
    make_patent(session, [laser], office="TH", patent_no="1901000001", filing_date=D(2019, 1, 1))
    make_patent(session, [anvil], patent_no="ZL201910000009.1")
    bump_revision(session)
    session.commit()


@pytest.fixture
def portfolio(session):
    build_layout_portfolio(session)


class _Grid(HTMLParser):
    """Collect the grid's cells (product, market) -> (status, tooltip), its rows and brand rows."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], tuple[str, str]] = {}
        self.products: list[str] = []
        self.brands: list[str] = []
        self._product = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "tr" and "brand-row" in a.get("class", ""):
            self.brands.append(a["data-brand"])
        elif tag == "tr" and "data-product" in a:
            self._product = a["data-product"]
            self.products.append(self._product)
        elif tag == "td" and "cell" in a.get("class", "").split() and "data-status" in a:
            self.cells[self._product, a["data-market"]] = (a["data-status"], a.get("title", ""))


def grid(html: str) -> _Grid:
    parser = _Grid()
    parser.feed(html)
    return parser


def page(client, path: str, **params) -> tuple[int, str]:
    params.setdefault("as_of", AS_OF)
    resp = client.get(path, query_string=params)
    return resp.status_code, resp.get_data(as_text=True)


def section(html: str, testid: str) -> str:
    """The inner HTML of the element with data-testid=`testid` (up to its section's end)."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/patents/layout",
        "/patents/deadlines",
        "/patents/families",
        "/patents/families/FAM-DRILL",
        "/patents/layout/export",
        "/patents/deadlines/export",
    ],
    ids=["grid", "deadlines", "families", "family", "grid-export", "deadline-export"],
)
def test_every_layout_page_sends_a_visitor_to_the_login(client, portfolio, path):
    resp = client.get(path)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


@pytest.mark.parametrize("role", ["admin", "brand_manager", "legal", "executive"])
def test_every_role_reads_the_layout(client, login, portfolio, role):
    login(role)
    status, html = page(client, "/patents/layout")
    assert status == 200
    assert grid(html).cells["P-DRILL", "CN"][0] == "protected"
    assert 'href="/patents/layout"' in html  # the navigation names the page


# --- the grid ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("product", "market", "status"),
    [
        ("P-DRILL", "CN", "protected"),
        ("P-DRILL", "DE", "protected"),
        ("P-DRILL", "FR", "missing"),
        ("P-DRILL", "US", "pending"),
        ("P-DRILL", "JP", "lapsed"),
        ("P-GRINDER", "CN", "expiring"),
        ("P-GRINDER", "VN", "pending"),
        ("P-SAW", "CN", "missing"),
        ("P-LASER", "CN", "expiring"),
        ("P-LASER", "GB", "missing"),
        ("P-LASER", "TH", "protected"),
    ],
    ids=[
        "CN-invention-granted-to-2039",
        "EP-validated-in-DE",
        "EP-not-validated-in-FR",
        "US-application-pending",
        "JP-patent-lapsed",
        "CN-utility-model-ends-2026-05-31",
        "PCT-national-phase-for-VN-open-until-2026-08-15",
        "product-without-patent",
        "CN-design-annuity-unpaid-in-late-window",
        "no-patent-in-GB",
        "TH-patent-granted-term-unknown",
    ],
)
def test_grid_colours_each_cell_by_its_status(client, login, portfolio, product, market, status):
    login()
    assert grid(page(client, "/patents/layout")[1]).cells[product, market][0] == status


def test_grid_rows_are_branded_products_grouped_by_brand(client, login, portfolio):
    login()
    html = page(client, "/patents/layout")[1]
    found = grid(html)
    assert found.brands == ["KANGDA", "LUXIN"]  # ACME has no trademark: not branded
    assert found.products == ["P-DRILL", "P-GRINDER", "P-SAW", "P-LASER"]
    assert 'href="/products/P-DRILL"' in html
    assert f'href="/patents/CN/{DRILL_CN}"' in html  # patents behind the row link to their page
    assert 'href="/patents/EP/3500001"' in html


def test_tooltip_names_the_patents_with_kind_and_expiry(client, login, portfolio):
    login()
    cells = grid(page(client, "/patents/layout")[1]).cells
    title = cells["P-DRILL", "CN"][1]
    assert f"CN {DRILL_CN} (invention, expires 2039-12-31)" in title
    assert "utility model, expires 2026-05-31" in cells["P-GRINDER", "CN"][1]
    vn = cells["P-GRINDER", "VN"][1]
    assert "WO CN2025/000001" in vn and "2026-08-15" in vn


def test_above_the_grid_the_findings(client, login, portfolio):
    login()
    html = page(client, "/patents/layout")[1]
    assert 'data-product="P-SAW"' in section(html, "unpatented")
    assert "P-DRILL" not in section(html, "unpatented")
    gaps = section(html, "unprotected")
    assert re.search(r'data-testid="gap-total">4<', gaps)
    assert set(re.findall(r'data-market="(\w\w)" data-status', gaps)) == {"FR", "JP", "CN", "GB"}
    expiring = section(html, "expiring")
    assert "ZL201620000001.5" in expiring and "expires 2026-05-31" in expiring
    assert DRILL_CN not in expiring
    assert "no rule for office TH, kind invention" in section(html, "missing-rules")
    assert 'data-testid="deadlines-link"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"brand": "luxin"}, {("P-LASER", m) for m in ("CN", "GB", "TH")}),
        ({"market": "de"}, {("P-DRILL", "DE")}),
        ({"region": "EU"}, {("P-DRILL", "DE"), ("P-DRILL", "FR")}),
        ({"product": "P-GRINDER", "status": "pending"}, {("P-GRINDER", "VN")}),
        (
            {"status": "gap"},
            {("P-DRILL", "FR"), ("P-DRILL", "JP"), ("P-SAW", "CN"), ("P-LASER", "GB")},
        ),
        (
            {"status": "at_risk", "brand": "KANGDA"},
            {("P-DRILL", "US"), ("P-GRINDER", "CN"), ("P-GRINDER", "VN")},
        ),
        ({"kind": "design", "status": "expiring"}, {("P-LASER", "CN")}),
        ({"kind": "utility_model", "market": "CN", "status": "expiring"}, {("P-GRINDER", "CN")}),
        ({"product": "P-LASER", "market": "DE"}, set()),
    ],
    ids=[
        "brand-matched-case-insensitively",
        "market-code-in-lower-case",
        "region-EU-is-DE-and-FR",
        "one-product-one-status",
        "gaps-are-missing-or-lapsed",
        "at-risk-is-expiring-or-pending",
        "only-designs-count",
        "only-utility-models-count",
        "filters-matching-nothing-empty",  # an unknown brand is a 400: test_correctness_codes
    ],
)
def test_grid_filters(client, login, portfolio, params, expected):
    login()
    status, html = page(client, "/patents/layout", **params)
    assert status == 200
    assert set(grid(html).cells) == expected
    if not expected:
        assert "No cells match these filters." in html


def test_kind_filter_counts_only_that_kind(client, login, portfolio):
    login()
    cells = grid(page(client, "/patents/layout", kind="design")[1]).cells
    assert cells["P-DRILL", "CN"][0] == "missing"  # its invention does not count
    assert cells["P-LASER", "CN"][0] == "expiring"


def test_as_of_changes_the_statuses(client, login, portfolio):
    login()
    cells = grid(page(client, "/patents/layout", as_of="2026-09-01")[1]).cells
    assert cells["P-GRINDER", "CN"][0] == "lapsed"  # the utility model ended 2026-05-31
    assert cells["P-GRINDER", "VN"][0] == "missing"  # the national phase closed 2026-08-15
    assert cells["P-LASER", "CN"][0] == "lapsed"  # the late window ended 2026-06-01


def test_grid_follows_a_change_of_the_portfolio(client, login, session, portfolio):
    login()
    assert grid(page(client, "/patents/layout")[1]).cells["P-DRILL", "FR"][0] == "missing"
    ep = session.exec(select(Patent).where(Patent.office == "EP")).one()
    ep.designations = ["DE", "FR"]
    session.add(ep)
    bump_revision(session)
    session.commit()
    assert grid(page(client, "/patents/layout")[1]).cells["P-DRILL", "FR"][0] == "protected"


def test_grid_pages_by_products_and_totals_cover_every_page(client, login, session):
    make_trademark(session, brand="KANGDA")
    for n in range(30):
        make_product(session, product_id=f"Q{n:03d}", markets=["CN", "US"])
    bump_revision(session)
    session.commit()
    login()
    first = page(client, "/patents/layout")[1]
    second = page(client, "/patents/layout", page="2")[1]
    assert len(grid(first).products) == 25 and len(grid(second).products) == 5
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert '<dd data-status="missing">60</dd>' in second  # totals of the whole selection


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "petty"}, "kind: petty is not one of invention, utility_model, design"),
        ({"as_of": "2026-02-30"}, "as_of: 2026-02-30 is not a date"),
        ({"market": "DEU"}, "market: DEU is not a two-letter country code"),
        ({"region": "XX"}, "region: XX is not a known region"),
        ({"status": "fine"}, "status: fine is not one of"),
        ({"page": "9"}, "page: 9 is past the last page (1)"),
    ],
    ids=[
        "unknown-kind",
        "february-30",
        "three-letter-market",
        "unknown-region",
        "bad-status",
        "page-too-far",
    ],
)
def test_bad_filters_are_explained(client, login, portfolio, params, message):
    login()
    status, html = page(client, "/patents/layout", **params)
    assert status == 400
    assert message in html.replace("&#39;", "'")


def test_the_layout_reads_in_chinese(client, login, portfolio):
    login()
    client.post("/locale", data={"locale": "zh", "next": "/", "csrf_token": _token(client)})
    html = page(client, "/patents/layout")[1]
    assert "<h1>专利布局</h1>" in html and "没有任何专利的品牌产品" in html
    assert "没有 TH 受理局发明专利的规则" in html
    assert "(发明, 2039-12-31 到期)" in grid(html).cells["P-DRILL", "CN"][1]
    deadlines = page(client, "/patents/deadlines")[1]
    assert "进入越南的 PCT 国家阶段" in deadlines and "已逾期" in deadlines


# --- deadlines --------------------------------------------------------------------------------


def deadline_rows(html: str) -> list[tuple[str, str, str, str]]:
    """(due, kind, patent, overdue) of every row of the deadline list."""
    return re.findall(
        r'data-kind="(\w+)" data-patent="([^"]+)" data-due="([\d-]+)" data-overdue="(\w+)"', html
    )


def test_deadlines_are_sorted_by_date_with_overdue_marked(client, login, portfolio):
    login()
    status, html = page(client, "/patents/deadlines")
    assert status == 200
    assert deadline_rows(html) == [
        ("expiry", "CN ZL201620000001.5", "2026-05-31", "false"),
        ("annuity_late", "CN ZL202130000001.8", "2026-06-01", "true"),
        ("national_phase", "WO CN2025/000001", "2026-07-15", "false"),
        ("national_phase", "WO CN2025/000001", "2026-08-15", "false"),
        ("annuity", "CN ZL201910000009.1", "2027-01-01", "false"),  # ACME's: due all the same
        ("annuity", f"CN {DRILL_CN}", "2027-01-01", "false"),
    ]
    table = html[html.index('data-testid="deadlines"') :]
    assert "overdue" in table and "5% of that year" in table  # the surcharge of a late annuity
    assert "Vietnam" in table and 'href="/patents/WO/CN2025/000001"' in table


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"brand": "luxin"}, ["annuity_late"]),
        ({"deadline": "national_phase"}, ["national_phase", "national_phase"]),
        ({"kind": "utility_model", "brand": "KANGDA"}, ["expiry"]),
        ({"product": "P-GRINDER"}, ["expiry", "national_phase", "national_phase"]),
        ({"as_of": "2026-07-01", "brand": "LUXIN"}, []),
    ],
    ids=["brand", "kind-of-deadline", "kind-of-patent", "product", "design-lapsed-nothing-due"],
)
def test_deadline_filters(client, login, portfolio, params, expected):
    login()
    html = page(client, "/patents/deadlines", **params)[1]
    assert [kind for kind, *_ in deadline_rows(html)] == expected
    if not expected:
        assert "No patent deadline in the next 365 days" in html


# --- families ---------------------------------------------------------------------------------


def test_families_list_links_each_family(client, login, portfolio):
    login()
    status, html = page(client, "/patents/families")
    assert status == 200
    assert re.findall(r'<tr data-family="([^"]+)"', html) == ["FAM-DRILL", "FAM-GRINDER"]
    assert 'href="/patents/families/FAM-DRILL"' in html
    brand = page(client, "/patents/families", brand="LUXIN")[1]
    assert 'data-family="FAM-DRILL"' not in brand and "No patent has a family ID" in brand


def test_family_page_says_where_it_stands_and_what_it_leaves_open(client, login, portfolio):
    login()
    status, html = page(client, "/patents/families/FAM-DRILL")
    assert status == 200
    where = {
        group: re.findall(r'muted">(\w\w)<', text)
        for group, text in re.findall(r'data-group="(\w+)">(.*?)</dd>', html, re.S)
    }
    assert where == {
        "filed": ["CN", "EP", "JP", "US"],
        "granted": ["CN", "DE"],  # the EP patent counts where it was validated
        "pending": ["US"],
        "lapsed": ["JP"],
    }
    groups = {
        status: re.findall(r'data-market="(\w\w)"', row)
        for status, row in re.findall(r'<tr data-status="(\w+)">(.*?)</tr>', html, re.S)
    }
    assert groups == {"protected": ["CN", "DE"], "pending": ["US"]}
    assert "No live member of this family reaches: France (FR), Japan (JP)." in html
    members = dict(re.findall(r'<tr data-patent="([^"]+)" data-status="(\w+)"', html))
    assert members == {
        f"CN {DRILL_CN}": "protected",
        "EP 3500001": "protected",
        "JP 2021-500001": "lapsed",
        "US 17/100001": "pending",
    }
    assert "granted" in html  # the status the office records, beside the standing
    assert 'href="/products/P-DRILL"' in html and 'href="/patents/EP/3500001"' in html


def test_an_unknown_family_is_not_found(client, login, portfolio):
    login()
    assert page(client, "/patents/families/NO-SUCH")[0] == 404


# --- patent and product pages -----------------------------------------------------------------


def test_patent_page_explains_standing_deadlines_family_and_products(client, login, portfolio):
    login()
    status, html = page(client, f"/patents/CN/{DRILL_CN}")
    assert status == 200
    standing = html[html.index('data-testid="standing"') :]
    assert 'data-status="protected"' in standing[:300]
    expiry = html[
        html.index('data-testid="expiry"') : html.index("</dd>", html.index('data-testid="expiry"'))
    ]
    assert "2039-12-31" in expiry and "20 years from filing" in expiry
    assert "Annuity of CN " + DRILL_CN in html and "2027-01-01" in html
    assert 'href="/patents/families/FAM-DRILL?as_of=2026-03-01"' in html
    assert 'href="/patents/layout?product=P-DRILL&amp;as_of=2026-03-01"' in html


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/patents/TH/1901000001", "no rule for office TH, kind invention"),
        ("/patents/WO/CN2025/000001", "a PCT application has no term of its own"),
        ("/patents/CN/ZL202130000001.8", "Late annuity of CN ZL202130000001.8"),
    ],
    ids=["no-term-rule-is-said-not-guessed", "pct-application", "annuity-late"],
)
def test_patent_page_cases(client, login, portfolio, path, shown):
    login()
    status, html = page(client, path)
    assert status == 200 and shown in html


def test_executive_reads_a_patent_page_without_edit_buttons(client, login, portfolio):
    login("executive")
    html = page(client, f"/patents/CN/{DRILL_CN}")[1]
    assert "2039-12-31" in html and "/patents/edit/" not in html


def test_patent_form_refuses_a_kind_the_office_does_not_grant(client, login, session):
    from tests.conftest import csrf_token

    login()
    make_product(session, product_id="KD-3", name="Impact driver")
    session.commit()
    form = {
        "office": "US",
        "patent_no": "11000001",
        "kind": "utility_model",
        "status": "granted",
        "filing_date": "2021-01-05",
        "grant_date": "2022-08-10",
        "products": "KD-3",
        "csrf_token": csrf_token(client, "/patents"),
    }
    resp = client.post("/patents/new", data=form)
    assert resp.status_code == 400
    assert "US has no utility_model patents" in resp.get_data(as_text=True)
    assert session.exec(select(Patent)).all() == []


def test_product_page_links_to_trademark_coverage_patent_layout_and_families(
    client, login, portfolio
):
    login()
    html = client.get("/products/P-DRILL").get_data(as_text=True)
    assert 'href="/coverage?product=P-DRILL"' in html
    assert 'href="/patents/layout?product=P-DRILL"' in html
    assert 'href="/patents/families/FAM-DRILL"' in html


# --- exports ----------------------------------------------------------------------------------


def test_layout_exports_to_excel_with_a_frozen_bold_header(client, login, portfolio):
    login()
    resp = client.get(
        "/patents/layout/export", query_string={"format": "xlsx", "as_of": AS_OF, "brand": "LUXIN"}
    )
    assert resp.status_code == 200
    assert "ipwatch-patent-layout-2026-03-01.xlsx" in resp.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(resp.data))
    cells, deadlines = book.worksheets
    rows = list(cells.iter_rows(values_only=True))
    assert rows[0][:6] == ("Product ID", "Product", "Brand", "Market code", "Market", "Status")
    assert cells["A1"].font.bold and cells.freeze_panes == "A2" and cells.auto_filter.ref
    assert sorted((r[0], r[3], r[5]) for r in rows[1:]) == [
        ("P-LASER", "CN", "expiring"),
        ("P-LASER", "GB", "missing"),
        ("P-LASER", "TH", "protected"),
    ]
    due = list(deadlines.iter_rows(values_only=True))
    assert len(due) == 2 and due[1][0] == "2026-06-01" and due[1][1] == "overdue"


def test_layout_csv_in_chinese_has_a_bom(client, login, portfolio):
    login()
    client.post(
        "/locale", data={"locale": "zh", "next": "/patents/layout", "csrf_token": _token(client)}
    )
    resp = client.get(
        "/patents/layout/export", query_string={"format": "csv", "as_of": AS_OF, "market": "VN"}
    )
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][0] == "产品编号"
    assert rows[1][:6] == ["P-GRINDER", "Angle grinder", "KANGDA", "VN", "越南", "申请中"]


def test_deadlines_export_as_csv_and_excel(client, login, portfolio):
    login()
    text = client.get(
        "/patents/deadlines/export", query_string={"format": "csv", "as_of": AS_OF}
    ).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Due", "Overdue", "What"]
    assert [r[0] for r in rows[1:]] == [
        "2026-05-31",
        "2026-06-01",
        "2026-07-15",
        "2026-08-15",
        "2027-01-01",
        "2027-01-01",
    ]
    resp = client.get(
        "/patents/deadlines/export",
        query_string={"format": "xlsx", "as_of": AS_OF, "deadline": "annuity_late"},
    )
    sheet = load_workbook(io.BytesIO(resp.data)).active
    assert sheet.max_row == 2 and sheet["D2"].value == "annuity, late"


def test_export_format_must_be_xlsx_or_csv(client, login, portfolio):
    login()
    resp = client.get("/patents/layout/export", query_string={"format": "pdf"})
    assert resp.status_code == 400 and "format: pdf is not xlsx or csv" in resp.get_data(
        as_text=True
    )


def _token(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/patents/layout")
