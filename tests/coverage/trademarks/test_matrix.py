"""The coverage matrix: each status and each office rule of DESIGN.md "Coverage semantics"."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.grid import CellStatus, ProductInfo, totals
from coverage.queries import load_geography
from coverage.trademarks.matrix import build_matrix
from coverage.trademarks.queries import load_rules
from coverage.trademarks.standing import MarkInfo

D = dt.date
TODAY = D(2026, 11, 24)
S = CellStatus


def mark(
    office="CN",
    status="registered",
    classes=(7,),
    filed=D(2019, 1, 1),
    registered=None,
    expiry=None,
    brand="KANGDA",
    designations=(),
    basic=None,
    no="1",
) -> MarkInfo:
    if registered is None and status == "registered":
        registered = filed
    return MarkInfo(
        office,
        no,
        brand,
        tuple(classes),
        status,
        filed,
        registered,
        expiry,
        basic,
        tuple(designations),
    )


@pytest.fixture
def reference(session):
    return load_geography(session), load_rules(session)


def cell_status(reference, marks, market, *, classes=(7,), as_of=TODAY, brand="KANGDA"):
    geography, rules = reference
    product = ProductInfo("P1", "Angle grinder", brand, tuple(classes), (market,))
    cells = build_matrix([product], marks, rules, geography, as_of=as_of)
    found = {c.market: c for c in cells}
    return found[market]


CASES = [
    # (id, marks, market, as_of, expected status)
    (
        "cn-registered-long-before-expiry",
        [mark(registered=D(2020, 1, 1))],
        "CN",
        TODAY,
        S.PROTECTED,
    ),
    ("cn-expires-within-180-days", [mark(registered=D(2017, 1, 10))], "CN", TODAY, S.EXPIRING),
    (
        "cn-expiry-exactly-180-days-ahead-is-expiring",
        [mark(expiry=TODAY + dt.timedelta(days=180))],
        "CN",
        TODAY,
        S.EXPIRING,
    ),
    (
        "cn-expiry-181-days-ahead-is-protected",
        [mark(expiry=TODAY + dt.timedelta(days=181))],
        "CN",
        TODAY,
        S.PROTECTED,
    ),
    ("cn-expired-inside-6-month-grace", [mark(registered=D(2016, 8, 1))], "CN", TODAY, S.EXPIRING),
    ("cn-expired-grace-over-is-lapsed", [mark(registered=D(2016, 1, 1))], "CN", TODAY, S.LAPSED),
    (
        "cn-term-ends-day-before-anniversary-so-lapsed-on-anniversary-after-grace",
        [mark(registered=D(2014, 6, 7))],
        "CN",
        D(2024, 12, 7),
        S.LAPSED,
    ),
    (
        "cn-last-day-of-grace-still-expiring",
        [mark(registered=D(2014, 6, 7))],
        "CN",
        D(2024, 12, 6),
        S.EXPIRING,
    ),
    ("pending-application", [mark(status="pending")], "CN", TODAY, S.PENDING),
    ("opposed-counts-as-pending", [mark(status="opposed")], "CN", TODAY, S.PENDING),
    ("refused-only-is-lapsed", [mark(status="refused")], "CN", TODAY, S.LAPSED),
    ("cancelled-only-is-lapsed", [mark(status="cancelled")], "CN", TODAY, S.LAPSED),
    ("no-mark-is-missing", [], "CN", TODAY, S.MISSING),
    ("other-class-is-missing", [mark(classes=(9,))], "CN", TODAY, S.MISSING),
    ("other-brand-is-missing", [mark(brand="LIDA")], "CN", TODAY, S.MISSING),
    ("brand-key-ignores-case-and-spaces", [mark(brand=" kangda ")], "CN", TODAY, S.PROTECTED),
    ("cn-mark-does-not-reach-hk", [mark()], "HK", TODAY, S.MISSING),
    (
        "best-of-registered-and-refused",
        [mark(), mark(status="refused", no="2")],
        "CN",
        TODAY,
        S.PROTECTED,
    ),
    ("em-reaches-germany", [mark("EM", filed=D(2020, 5, 1))], "DE", TODAY, S.PROTECTED),
    (
        "em-term-runs-from-filing",
        [mark("EM", filed=D(2016, 12, 1), registered=D(2017, 4, 1))],
        "FR",
        TODAY,
        S.EXPIRING,
    ),
    (
        "em-reached-gb-before-brexit",
        [mark("EM", filed=D(2018, 5, 1))],
        "GB",
        D(2020, 12, 31),
        S.PROTECTED,
    ),
    (
        "em-no-longer-reaches-gb-from-2021",
        [mark("EM", filed=D(2018, 5, 1))],
        "GB",
        D(2021, 1, 1),
        S.MISSING,
    ),
    ("em-does-not-reach-norway", [mark("EM", filed=D(2020, 5, 1))], "NO", TODAY, S.MISSING),
    ("bx-reaches-netherlands", [mark("BX", filed=D(2020, 5, 1))], "NL", TODAY, S.PROTECTED),
    ("bx-does-not-reach-germany", [mark("BX", filed=D(2020, 5, 1))], "DE", TODAY, S.MISSING),
    ("oa-reaches-senegal", [mark("OA", filed=D(2020, 5, 1))], "SN", TODAY, S.PROTECTED),
    ("oa-reaches-cameroon", [mark("OA", filed=D(2020, 5, 1))], "CM", TODAY, S.PROTECTED),
    ("oa-does-not-reach-nigeria", [mark("OA", filed=D(2020, 5, 1))], "NG", TODAY, S.MISSING),
    (
        "us-renewal-from-registration-anniversary",
        [mark("US", filed=D(2015, 3, 1), registered=D(2016, 12, 20))],
        "US",
        TODAY,
        S.EXPIRING,
    ),
]

IR = {"office": "WO", "filed": D(2023, 3, 1), "registered": D(2023, 3, 1), "no": "1600001"}

WO_CASES = [
    (
        "wo-designation-protected",
        [mark(**IR, designations=[("US", "protected")])],
        "US",
        S.PROTECTED,
    ),
    (
        "wo-designation-refused-is-lapsed",
        [mark(**IR, designations=[("JP", "refused")])],
        "JP",
        S.LAPSED,
    ),
    (
        "wo-bare-designation-pending",
        [mark(**IR, designations=[("VN", "pending")])],
        "VN",
        S.PENDING,
    ),
    (
        "wo-designation-em-reaches-italy",
        [mark(**IR, designations=[("EM", "protected")])],
        "IT",
        S.PROTECTED,
    ),
    (
        "wo-designation-oa-reaches-mali",
        [mark(**IR, designations=[("OA", "protected")])],
        "ML",
        S.PROTECTED,
    ),
    (
        "wo-designation-bx-reaches-luxembourg",
        [mark(**IR, designations=[("BX", "pending")])],
        "LU",
        S.PENDING,
    ),
    (
        "wo-does-not-reach-undesignated-party",
        [mark(**IR, designations=[("US", "protected")])],
        "KR",
        S.MISSING,
    ),
    (
        "wo-designation-status-counts-not-ir-status",
        [mark(**IR, designations=[("US", "protected"), ("JP", "refused")])],
        "JP",
        S.LAPSED,
    ),
    (
        "central-attack-basic-cancelled-within-5-years",
        [
            mark(**{**IR, "basic": "900"}, designations=[("US", "protected")]),
            mark(status="cancelled", no="900"),
        ],
        "US",
        S.LAPSED,
    ),
    (
        "no-central-attack-after-5-years",
        [
            mark(
                **{**IR, "filed": D(2020, 3, 1), "registered": D(2020, 3, 1), "basic": "900"},
                designations=[("US", "protected")],
            ),
            mark(status="cancelled", no="900"),
        ],
        "US",
        S.PROTECTED,
    ),
    (
        "central-attack-basic-expired-by-date",
        [
            mark(**{**IR, "basic": "900"}, designations=[("US", "protected")]),
            mark(registered=D(2014, 1, 1), no="900"),
        ],
        "US",
        S.LAPSED,
    ),
    (
        "live-basic-keeps-designations",
        [mark(**{**IR, "basic": "900"}, designations=[("US", "protected")]), mark(no="900")],
        "US",
        S.PROTECTED,
    ),
    (
        "wo-ir-expired-after-grace",
        [
            mark(
                **{**IR, "filed": D(2015, 6, 1), "registered": D(2015, 6, 1)},
                designations=[("US", "protected")],
            )
        ],
        "US",
        S.LAPSED,
    ),
    (
        "best-of-em-pending-and-wo-em-designation-protected",
        [mark("EM", status="pending", no="2"), mark(**IR, designations=[("EM", "protected")])],
        "ES",
        S.PROTECTED,
    ),
]


@pytest.mark.parametrize(
    ("marks", "market", "as_of", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_cell_status(reference, marks, market, as_of, expected):
    assert cell_status(reference, marks, market, as_of=as_of).status is expected


@pytest.mark.parametrize(
    ("marks", "market", "expected"), [c[1:] for c in WO_CASES], ids=[c[0] for c in WO_CASES]
)
def test_madrid_designations(reference, marks, market, expected):
    assert cell_status(reference, marks, market).status is expected


def test_central_attack_says_why(reference):
    marks = [
        mark(**{**IR, "basic": "900"}, designations=[("US", "protected")]),
        mark(status="cancelled", no="900"),
    ]
    cell = cell_status(reference, marks, "US")
    assert "central attack" in cell.note and "CN 900 cancelled" in cell.note


def test_refused_designation_says_which(reference):
    cell = cell_status(reference, [mark(**IR, designations=[("JP", "refused")])], "JP")
    assert cell.note == "WO 1600001: designation of JP refused"
    assert cell.rights == ("WO 1600001",)


def test_grace_period_note_gives_last_day(reference):
    cell = cell_status(reference, [mark(registered=D(2016, 8, 1), no="77")], "CN")
    assert cell.note == "CN 77 expired on 2026-07-31; late renewal possible until 2027-01-31"


def test_explicit_expiry_wins_over_rule(reference):
    cell = cell_status(reference, [mark(registered=D(2016, 1, 1), expiry=D(2036, 1, 1))], "CN")
    assert (cell.status, cell.expiry) == (S.PROTECTED, D(2036, 1, 1))


@pytest.mark.parametrize(
    ("as_of", "count", "has_gb"),
    [
        (D(2026, 11, 24), 27, False),
        (D(2020, 6, 1), 28, True),
        (D(2012, 1, 1), 27, True),  # before Croatia joined on 2013-07-01
    ],
    ids=["eu27-after-brexit", "eu28-before-brexit", "before-croatia"],
)
def test_eu_market_expands_to_members_on_the_date(reference, as_of, count, has_gb):
    geography, rules = reference
    product = ProductInfo("P1", "Drill", "KANGDA", (7,), ("EU",))
    cells = build_matrix([product], [], rules, geography, as_of=as_of)
    markets = {c.market for c in cells}
    assert len(markets) == count
    assert ("GB" in markets) is has_gb


def test_cells_per_class_and_market(reference):
    geography, rules = reference
    product = ProductInfo("P1", "Drill", "KANGDA", (7, 9), ("CN", "US"))
    cells = build_matrix([product], [mark(classes=(7,))], rules, geography, as_of=TODAY)
    got = {(c.market, c.nice_class): c.status for c in cells}
    assert got == {
        ("CN", 7): S.PROTECTED,
        ("CN", 9): S.MISSING,
        ("US", 7): S.MISSING,
        ("US", 9): S.MISSING,
    }
    assert totals(cells, by="market") == {
        "CN": {"protected": 1, "missing": 1},
        "US": {"missing": 2},
    }


def test_unpatented_products_only_with_all_products(reference):
    geography, rules = reference
    products = [
        ProductInfo("P1", "Drill", "KANGDA", (7,), ("CN",), patented=True),
        ProductInfo("P2", "Saw", "KANGDA", (7,), ("CN",), patented=False),
    ]
    default = build_matrix(products, [], rules, geography, as_of=TODAY)
    everything = build_matrix(products, [], rules, geography, as_of=TODAY, all_products=True)
    assert {c.product_id for c in default} == {"P1"}
    assert {c.product_id for c in everything} == {"P1", "P2"}
