"""The coverage matrix page, the gap list and its Excel/CSV export, as a brand manager sees them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from coverage.portfolio import bump_revision
from tests.factories import make_kangda_marks, make_patent, make_product, make_trademark

AS_OF = "2026-03-01"


@pytest.fixture
def portfolio(session):
    """KANGDA's cordless drill (patented) in CN, US, DE, JP for classes 7 and 9, and an unpatented saw.

    CN 7 protected (CN 10000001), CN 9 expiring (CN 10000002 ends 2026-05-31), US 7 pending,
    JP 7 and 9 lapsed (designation of JP in WO 1234567 refused), the rest missing.
    """
    drill = make_product(
        session,
        product_id="P-DRILL",
        name="Cordless drill",
        name_zh="无绳电钻",
        nice_classes=[7, 9],
        markets=["CN", "US", "DE", "JP"],
    )
    make_patent(session, products=[drill])
    make_product(session, product_id="P-SAW", name="Mitre saw", nice_classes=[7], markets=["CN"])
    make_kangda_marks(session)
    bump_revision(session)
    session.commit()


class _Cells(HTMLParser):
    """Collect matrix cells (product, class, market) -> (status, title) and gap rows."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, int, str], tuple[str, str]] = {}
        self.gaps: list[tuple[str, str, int, str]] = []
        self.markets: list[str] = []
        self.market_totals: dict[str, dict[str, int]] = {}
        self._row: dict[str, str] = {}
        self._totals: str | None = None
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "tr" and "data-class" in a:
            self._row = a
            if "gap" in a.get("class", ""):
                self.gaps.append(
                    (a["data-product"], a["data-market"], int(a["data-class"]), a["data-status"])
                )
        elif tag == "th" and "market" in a.get("class", "").split():
            self.markets.append(a["data-market"])
        elif tag == "td" and "data-status" in a and "cell" in a.get("class", "").split():
            key = (self._row["data-product"], int(self._row["data-class"]), a["data-market"])
            self.cells[key] = (a["data-status"], a.get("title", ""))
        elif tag == "td" and "totals" in a.get("class", "") and "data-market" in a:
            self._totals = a["data-market"]
            self.market_totals[self._totals] = {}
        elif tag == "span" and self._totals and "data-status" in a:
            self._count = a["data-status"]

    def handle_data(self, data: str) -> None:
        if self._totals and self._count:
            self.market_totals[self._totals][self._count] = int(data)
            self._count = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._totals = None


def parse(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def page(client, path: str, **params) -> tuple[int, str]:
    params.setdefault("as_of", AS_OF)
    resp = client.get(path, query_string=params)
    return resp.status_code, resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/coverage", "/coverage/gaps", "/coverage/gaps/export"],
    ids=["matrix", "gaps", "export"],
)
def test_pages_send_a_visitor_to_the_login(client, path):
    resp = client.get(path)
    assert resp.status_code == 302
    assert "/login" in resp.headers["Location"]


@pytest.mark.parametrize("role", ["admin", "brand_manager", "legal", "executive"])
def test_every_role_may_read_the_matrix(client, login, portfolio, role):
    login(role)
    status, html = page(client, "/coverage")
    assert status == 200
    assert parse(html).cells[("P-DRILL", 7, "CN")][0] == "protected"


@pytest.mark.parametrize(
    ("nice_class", "market", "status"),
    [
        (7, "CN", "protected"),
        (9, "CN", "expiring"),
        (7, "US", "pending"),
        (9, "US", "missing"),
        (7, "JP", "lapsed"),
        (7, "DE", "missing"),
    ],
    ids=[
        "CN-mark-registered-2020",
        "CN-mark-ends-2026-05-31-within-180-days",
        "US-application-pending",
        "US-mark-lacks-class-9",
        "JP-designation-refused",
        "no-mark-reaches-DE",
    ],
)
def test_matrix_colours_each_cell_by_its_status(
    client, login, portfolio, nice_class, market, status
):
    login()
    cells = parse(page(client, "/coverage")[1]).cells
    assert cells[("P-DRILL", nice_class, market)][0] == status


def test_matrix_layout_rows_columns_tooltip_and_totals(client, login, portfolio):
    login()
    html = page(client, "/coverage")[1]
    found = parse(html)
    assert found.markets == ["CN", "DE", "JP", "US"]
    assert "Germany" in html and "P-SAW" not in html  # the unpatented saw is left out
    status, title = found.cells[("P-DRILL", 7, "JP")]
    assert "WO 1234567" in title and "refused" in title
    assert "2029-12-31" in found.cells[("P-DRILL", 7, "CN")][1]  # expiry in the tooltip
    assert 'data-testid="summary"' in html
    summary = html.split('data-testid="summary"')[1].split("</dl>")[0]
    for name, count in {
        "protected": 1,
        "expiring": 1,
        "pending": 1,
        "lapsed": 2,
        "missing": 3,
    }.items():
        assert f'<dd data-status="{name}">{count}</dd>' in summary
    assert found.market_totals == {
        "CN": {"protected": 1, "expiring": 1},
        "DE": {"missing": 2},
        "JP": {"lapsed": 2},
        "US": {"pending": 1, "missing": 1},
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"market": "DE"}, {(7, "DE"), (9, "DE")}),
        ({"market": "de"}, {(7, "DE"), (9, "DE")}),
        ({"region": "EU"}, {(7, "DE"), (9, "DE")}),
        ({"class": "9", "status": "gap"}, {(9, "US"), (9, "DE"), (9, "JP")}),
        ({"status": "at_risk"}, {(9, "CN"), (7, "US")}),
        ({"status": "lapsed"}, {(7, "JP"), (9, "JP")}),
        ({"brand": "kangda", "market": "CN"}, {(7, "CN"), (9, "CN")}),
        ({"product": "P-DRILL", "class": "7", "market": "US"}, {(7, "US")}),
        ({"market": "CN", "status": "missing"}, set()),
    ],
    ids=[
        "one-market",
        "market-code-in-lower-case",
        "region-EU-is-DE-here",
        "class-9-gaps",
        "at-risk-is-expiring-or-pending",
        "lapsed-only",
        "brand-matched-case-insensitively",
        "one-product-class-market",
        "filters-matching-nothing-empty",  # an unknown brand is a 400: test_correctness_codes
    ],
)
def test_matrix_filters(client, login, portfolio, params, expected):
    login()
    status, html = page(client, "/coverage", **params)
    assert status == 200
    assert {(c, m) for _p, c, m in parse(html).cells} == expected
    if not expected:
        assert "No cells match these filters." in html


def test_all_products_adds_products_without_patents(client, login, portfolio):
    login()
    cells = parse(page(client, "/coverage", all_products="1")[1]).cells
    assert cells[("P-SAW", 7, "CN")][0] == "protected"


def test_as_of_changes_the_statuses(client, login, portfolio):
    login()
    cells = parse(page(client, "/coverage", as_of="2026-07-01")[1]).cells
    assert cells[("P-DRILL", 9, "CN")][0] == "expiring"  # expired 2026-05-31, in its grace period
    cells = parse(page(client, "/coverage", as_of="2027-01-01")[1]).cells
    assert cells[("P-DRILL", 9, "CN")][0] == "lapsed"


def test_matrix_pages_by_products_and_totals_cover_every_page(client, login, session):
    for n in range(30):
        product = make_product(session, product_id=f"Q{n:03d}", markets=["CN", "US"])
        make_patent(session, products=[product])
    bump_revision(session)
    session.commit()
    login()
    first = page(client, "/coverage")[1]
    second = page(client, "/coverage", page="2")[1]
    assert len({p for p, _c, _m in parse(first).cells}) == 25
    assert {p for p, _c, _m in parse(second).cells} == {f"Q{n:03d}" for n in range(25, 30)}
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    summary = first.split('data-testid="summary"')[1].split("</dl>")[0]
    assert '<dd data-status="missing">60</dd>' in summary


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/coverage", {"as_of": "2024-13-45"}, "as_of: 2024-13-45 is not a date"),
        ("/coverage", {"class": "abc"}, "class: abc is not a Nice class"),
        ("/coverage", {"class": "46"}, "class: 46 is not a Nice class"),
        ("/coverage", {"page": "-1"}, "page: -1 must be a whole number"),
        ("/coverage", {"page": "3"}, "page: 3 is past the last page (1)"),
        ("/coverage", {"as_of": "9999-12-31"}, "as_of: 9999-12-31 is out of range"),
        ("/coverage", {"status": "bogus"}, "status: bogus is not one of"),
        ("/coverage", {"market": "Germany"}, "market: Germany is not a two-letter country code"),
        ("/coverage", {"region": "XX"}, "region: XX is not a known region"),
        ("/coverage/gaps", {"as_of": "yesterday"}, "as_of: yesterday is not a date"),
        ("/coverage/gaps/export", {"format": "pdf"}, "format: pdf is not xlsx or csv"),
    ],
    ids=[
        "impossible-date",
        "class-not-a-number",
        "class-above-45",
        "negative-page",
        "page-past-the-end",
        "date-too-far-for-term-arithmetic",
        "unknown-status",
        "market-name-not-code",
        "unknown-region",
        "gaps-bad-date",
        "export-unknown-format",
    ],
)
def test_bad_parameters_get_400_with_the_reason(client, login, portfolio, path, params, message):
    login()
    status, html = page(client, path, **params)
    assert status == 400
    assert message in html


def test_matrix_in_chinese_names_markets_and_products_in_chinese(client, login, portfolio):
    login()
    with client.session_transaction() as s:
        s["locale"] = "zh"
    html = page(client, "/coverage")[1]
    assert "德国" in html and "无绳电钻" in html


def test_matrix_rebuilds_after_a_portfolio_change_only(
    client, login, session, portfolio, monkeypatch
):
    import monitor.cache as cache

    calls = []
    real = cache.build_coverage
    monkeypatch.setattr(cache, "build_coverage", lambda *a, **k: calls.append(1) or real(*a, **k))
    login()
    page(client, "/coverage")
    page(client, "/coverage", market="DE")
    assert len(calls) == 1  # the second view reuses the built matrix
    make_trademark(
        session,
        office="EM",
        tm_no="018000001",
        nice_classes=[7],
        filing_date=dt.date(2022, 1, 1),
        registration_date=dt.date(2022, 6, 1),
    )
    bump_revision(session)
    session.commit()
    cells = parse(page(client, "/coverage", market="DE")[1]).cells
    assert cells[("P-DRILL", 7, "DE")][0] == "protected"
    assert len(calls) == 2


def test_gap_list_says_what_to_file_and_what_is_urgent(client, login, portfolio):
    login()
    status, html = page(client, "/coverage/gaps")
    assert status == 200
    gaps = parse(html).gaps
    assert {(m, c, s) for _p, m, c, s in gaps} == {
        ("US", 9, "missing"),
        ("DE", 7, "missing"),
        ("DE", 9, "missing"),
        ("JP", 7, "lapsed"),
        ("JP", 9, "lapsed"),
    }
    assert "5 gaps" in html
    assert (
        "Subsequent designation of European Union (EUIPO) in the international "
        "registration WO 1234567"
    ) in html
    assert "The designation of Japan in WO 1234567 was refused: file directly there" in html
    urgent = html.split('data-testid="urgent"')[1].split("</section>")[0]
    assert "2026-05-31" in urgent and "Renewal of CN 10000002" in urgent
    assert "export-xlsx" in html and "format=xlsx" in html


def test_gap_list_filters_and_export_links_keep_them(client, login, portfolio):
    login()
    html = page(client, "/coverage/gaps", market="JP")[1]
    assert {m for _p, m, _c, _s in parse(html).gaps} == {"JP"}
    assert "/coverage/gaps/export?format=xlsx&amp;as_of=2026-03-01&amp;market=JP" in html


def test_export_excel_has_the_gap_rows_with_a_frozen_bold_header(client, login, portfolio):
    login()
    resp = client.get(
        "/coverage/gaps/export", query_string={"format": "xlsx", "as_of": AS_OF, "market": "DE"}
    )
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == (
        "attachment; filename=ipwatch-gaps-2026-03-01.xlsx"
    )
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(resp.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Product ID",
        "Product",
        "Brand",
        "Market code",
        "Market",
        "Class",
        "Status",
    )
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("P-DRILL", "DE", 7, "missing"),
        ("P-DRILL", "DE", 9, "missing"),
    ]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M3"


def test_export_csv_opens_in_chinese_excel(client, login, portfolio):
    login()
    with client.session_transaction() as s:
        s["locale"] = "zh"
    resp = client.get(
        "/coverage/gaps/export", query_string={"format": "csv", "as_of": AS_OF, "market": "JP"}
    )
    assert resp.headers["Content-Disposition"].endswith("ipwatch-gaps-2026-03-01.csv")
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = resp.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) == 3
    assert {(r[0], r[3], r[4], r[5]) for r in rows[1:]} == {
        ("P-DRILL", "JP", "日本", "7"),
        ("P-DRILL", "JP", "日本", "9"),
    }
    assert all(r[1] == "无绳电钻" for r in rows[1:])


def test_export_keeps_a_formula_like_name_as_text(client, login, session):
    product = make_product(
        session, product_id="P-EVIL", name='=HYPERLINK("http://x","y")', markets=["US"]
    )
    make_patent(session, products=[product])
    bump_revision(session)
    session.commit()
    login()
    xlsx = client.get("/coverage/gaps/export", query_string={"format": "xlsx"}).data
    cell = load_workbook(io.BytesIO(xlsx)).active["B2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    text = client.get("/coverage/gaps/export", query_string={"format": "csv"}).data.decode()
    assert "'=HYPERLINK" in text


def test_product_names_are_escaped(client, login, session):
    product = make_product(
        session, product_id="P-XSS", name="<script>alert(1)</script>", markets=["US"]
    )
    make_patent(session, products=[product])
    bump_revision(session)
    session.commit()
    login()
    for path in ("/coverage", "/coverage/gaps"):
        html = page(client, path)[1]
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
