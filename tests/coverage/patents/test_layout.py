"""The patent layout: terms per office and kind, status of each cell, PCT national phase, EP."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.grid import CellStatus, ProductInfo
from coverage.patents.layout import build_layout
from coverage.patents.queries import load_patent_rules
from coverage.patents.standing import PatentInfo, assess_patent
from coverage.queries import load_geography

D = dt.date
TODAY = D(2026, 11, 24)
S = CellStatus


def patent(
    office="CN",
    kind="invention",
    status="granted",
    filed=D(2015, 1, 1),
    granted=None,
    priority=None,
    expiry=None,
    paid=None,
    designations=(),
    products=("P1",),
    no="1",
):
    if granted is None and status == "granted":
        granted = filed + dt.timedelta(days=700)
    return PatentInfo(
        office,
        no,
        kind,
        status,
        filed,
        granted,
        priority,
        expiry,
        paid,
        None,
        None,
        tuple(designations),
        tuple(products),
    )


@pytest.fixture
def reference(session):
    return load_geography(session), load_patent_rules(session)


EXPIRY_CASES = [
    # id, patent, expected expiry (the day before the anniversary), rule missing
    ("cn-invention-20-years-from-filing", patent(filed=D(2010, 3, 15)), D(2030, 3, 14), False),
    (
        "cn-utility-model-10-years",
        patent(kind="utility_model", filed=D(2017, 1, 9)),
        D(2027, 1, 8),
        False,
    ),
    (
        "cn-design-filed-2021-05-31-gets-10-years",
        patent(kind="design", filed=D(2021, 5, 31)),
        D(2031, 5, 30),
        False,
    ),
    (
        "cn-design-filed-2021-06-01-gets-15-years",
        patent(kind="design", filed=D(2021, 6, 1)),
        D(2036, 5, 31),
        False,
    ),
    (
        "us-design-15-years-from-grant",
        patent("US", "design", filed=D(2016, 1, 1), granted=D(2017, 5, 2)),
        D(2032, 5, 1),
        False,
    ),
    ("us-invention-20-years-from-filing", patent("US", filed=D(2012, 8, 1)), D(2032, 7, 31), False),
    (
        "ep-invention-20-years",
        patent("EP", filed=D(2018, 3, 15), designations=("DE",)),
        D(2038, 3, 14),
        False,
    ),
    (
        "jp-design-25-years-from-filing",
        patent("JP", "design", filed=D(2021, 4, 1)),
        D(2046, 3, 31),
        False,
    ),
    (
        "kr-design-20-years-from-filing",
        patent("KR", "design", filed=D(2015, 2, 2)),
        D(2035, 2, 1),
        False,
    ),
    (
        "explicit-expiry-wins",
        patent(filed=D(2010, 3, 15), expiry=D(2031, 1, 1)),
        D(2031, 1, 1),
        False,
    ),
    (
        "us-utility-model-has-no-rule",
        patent("US", "utility_model", filed=D(2020, 1, 1)),
        None,
        True,
    ),
]


@pytest.mark.parametrize(
    ("info", "expiry", "missing"), [c[1:] for c in EXPIRY_CASES], ids=[c[0] for c in EXPIRY_CASES]
)
def test_expiry_per_office_and_kind(reference, info, expiry, missing):
    geography, rules = reference
    standing = assess_patent(info, rules, geography, as_of=TODAY)
    assert standing.expiry.date == expiry
    assert standing.rule_missing is missing
    if missing:
        assert standing.expiry.note == "no rule for office US, kind utility_model"


def cell(reference, patents, market, *, as_of=TODAY, markets=None):
    geography, rules = reference
    product = ProductInfo("P1", "Drill", "KANGDA", (7,), tuple(markets or (market,)))
    cells, _ = build_layout([product], patents, {"kangda"}, rules, geography, as_of=as_of)
    return {c.market: c for c in cells}[market]


STATUS_CASES = [
    ("granted-far-from-expiry", [patent(filed=D(2020, 1, 1))], "CN", TODAY, S.PROTECTED),
    ("expires-within-365-days", [patent(filed=D(2007, 6, 1))], "CN", TODAY, S.EXPIRING),
    (
        "expiry-366-days-ahead-is-protected",
        [patent(expiry=TODAY + dt.timedelta(days=366))],
        "CN",
        TODAY,
        S.PROTECTED,
    ),
    (
        "expiry-365-days-ahead-is-expiring",
        [patent(expiry=TODAY + dt.timedelta(days=365))],
        "CN",
        TODAY,
        S.EXPIRING,
    ),
    ("term-over-is-lapsed", [patent(filed=D(2005, 1, 1))], "CN", TODAY, S.LAPSED),
    (
        "last-day-of-term-still-in-force",
        [patent(kind="utility_model", filed=D(2016, 11, 25))],
        "CN",
        TODAY,
        S.EXPIRING,
    ),
    (
        "day-after-term-is-lapsed",
        [patent(kind="utility_model", filed=D(2016, 11, 24))],
        "CN",
        TODAY,
        S.LAPSED,
    ),
    ("pending-application", [patent(status="pending", granted=None)], "CN", TODAY, S.PENDING),
    ("lapsed-status", [patent(status="lapsed")], "CN", TODAY, S.LAPSED),
    ("withdrawn-status", [patent(status="withdrawn")], "CN", TODAY, S.LAPSED),
    ("no-patent-is-missing", [], "CN", TODAY, S.MISSING),
    ("cn-patent-does-not-reach-us", [patent()], "US", TODAY, S.MISSING),
    (
        "ep-reaches-validated-state",
        [patent("EP", filed=D(2018, 1, 1), designations=("DE", "FR"))],
        "FR",
        TODAY,
        S.PROTECTED,
    ),
    (
        "ep-does-not-reach-unvalidated-state",
        [patent("EP", filed=D(2018, 1, 1), designations=("DE", "FR"))],
        "IT",
        TODAY,
        S.MISSING,
    ),
    (
        "pct-open-reaches-every-market-as-pending",
        [
            patent(
                "WO", status="pending", granted=None, filed=D(2025, 10, 1), priority=D(2024, 10, 8)
            )
        ],
        "VN",
        TODAY,
        S.PENDING,
    ),
    (
        "pct-cn-closed-the-day-after-30-months",
        [
            patent(
                "WO", status="pending", granted=None, filed=D(2024, 5, 1), priority=D(2024, 5, 24)
            )
        ],
        "CN",
        D(2026, 11, 25),
        S.MISSING,
    ),
    (
        "pct-ep-31-months-still-open-for-germany",
        [
            patent(
                "WO", status="pending", granted=None, filed=D(2024, 5, 1), priority=D(2024, 5, 24)
            )
        ],
        "DE",
        D(2026, 11, 25),
        S.PENDING,
    ),
    (
        "pct-without-priority-counts-from-filing",
        [patent("WO", status="pending", granted=None, filed=D(2024, 6, 1))],
        "US",
        TODAY,
        S.PENDING,
    ),
    (
        "annuity-unpaid-in-late-window-is-at-risk",
        [patent(filed=D(2020, 1, 1), paid=D(2026, 9, 1))],
        "CN",
        TODAY,
        S.EXPIRING,
    ),
    (
        "annuity-unpaid-after-late-window-is-lapsed",
        [patent(filed=D(2020, 1, 1), paid=D(2026, 1, 1))],
        "CN",
        TODAY,
        S.LAPSED,
    ),
    (
        "best-of-lapsed-and-granted",
        [patent(status="lapsed"), patent(filed=D(2020, 1, 1), no="2")],
        "CN",
        TODAY,
        S.PROTECTED,
    ),
]


@pytest.mark.parametrize(
    ("patents", "market", "as_of", "expected"),
    [c[1:] for c in STATUS_CASES],
    ids=[c[0] for c in STATUS_CASES],
)
def test_cell_status(reference, patents, market, as_of, expected):
    assert cell(reference, patents, market, as_of=as_of).status is expected


def test_pct_boundary_day(reference):
    """CN: 30 months from priority 2024-05-24 is 2026-11-24: open that day, closed the next."""
    pct = [
        patent("WO", status="pending", granted=None, filed=D(2024, 5, 1), priority=D(2024, 5, 24))
    ]
    assert cell(reference, pct, "CN", as_of=D(2026, 11, 23)).status is S.PENDING
    assert cell(reference, pct, "CN", as_of=D(2026, 11, 24)).status is S.PENDING
    assert cell(reference, pct, "CN", as_of=D(2026, 11, 25)).status is S.MISSING


def test_only_branded_products_are_rows(reference):
    geography, rules = reference
    products = [
        ProductInfo("P1", "Drill", "KANGDA", (7,), ("CN",)),
        ProductInfo("P2", "Saw", "NOMARK", (7,), ("CN",)),
    ]
    cells, _ = build_layout(products, [patent()], {"kangda"}, rules, geography, as_of=TODAY)
    assert [c.product_id for c in cells] == ["P1"]


def test_cell_lists_patents_best_first_with_kinds(reference):
    patents = [
        patent(status="lapsed", no="9"),
        patent(kind="utility_model", filed=D(2022, 1, 1), no="2"),
    ]
    found = cell(reference, patents, "CN")
    assert found.patents == ("CN 2", "CN 9")
    assert found.kinds == ("utility_model", "invention")
