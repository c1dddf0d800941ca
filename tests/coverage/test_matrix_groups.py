"""Market groupings of the grids (coverage.groupings): which markets a picked grouping gathers,
where its column stands, the worst member's status and the gathered gap rows. No Flask."""

from __future__ import annotations

import pytest

from coverage.grid import CellStatus
from coverage.groupings import (
    Column,
    MarketGroup,
    add_counts,
    arrange_columns,
    distinct_values,
    group_markets,
    group_rows,
    summarise,
    worst_status,
)

EU = {"AT", "BE", "DE", "FR", "LU", "NL"}
BENELUX = {"BE", "NL", "LU"}
GCC = {"AE", "SA", "QA"}


@pytest.mark.parametrize(
    ("statuses", "worst"),
    [
        (["protected", "expiring"], "expiring"),
        (["protected", "pending", "expiring"], "pending"),
        (["pending", "lapsed"], "lapsed"),
        (["lapsed", "missing", "protected"], "missing"),
        (["protected"], "protected"),
        ([], None),
    ],
    ids=[
        "expiring-is-worse-than-protected",
        "pending-is-worse-than-expiring",
        "lapsed-is-worse-than-pending",
        "missing-is-the-worst",
        "one-member",
        "no-member-sold-there",
    ],
)
def test_worst_status_is_the_least_protected_member(statuses, worst):
    assert worst_status(statuses) == (CellStatus(worst) if worst else None)


def test_summary_counts_members_best_first():
    summary = summarise(["missing", "protected", "missing", "pending"])
    assert summary.worst is CellStatus.MISSING
    assert list(summary.counts.items()) == [("protected", 1), ("pending", 1), ("missing", 2)]
    assert summary.total == 4


def test_a_market_joins_the_first_picked_grouping_that_holds_it():
    markets = ["AE", "BE", "CN", "DE", "FR", "LU", "NL", "QA", "SA"]
    groups = group_markets(markets, [("BX", BENELUX), ("EU", EU), ("GCC", GCC)])
    assert groups == [
        MarketGroup("BX", ("BE", "LU", "NL")),
        MarketGroup("EU", ("DE", "FR")),  # Benelux took its three first
        MarketGroup("GCC", ("AE", "QA", "SA")),
    ]
    assert [g.label for g in groups] == ["Benelux-3", "EU-2", "GCC-3"]


def test_a_grouping_of_fewer_than_two_markets_is_no_grouping():
    assert group_markets(["CN", "DE"], [("EU", EU)]) == []


def test_the_group_column_stands_where_its_first_member_would_followed_by_its_members():
    markets = ["AE", "AT", "CN", "DE", "VN"]
    columns = arrange_columns(markets, [MarketGroup("EU", ("AT", "DE"))])
    assert columns == [
        Column("AE"),
        Column("EU", "EU", is_group=True),
        Column("AT", "EU"),
        Column("DE", "EU"),
        Column("CN"),
        Column("VN"),
    ]


def test_group_totals_add_up_the_members():
    by_market = {"AT": {"missing": 2}, "DE": {"protected": 1, "missing": 1}, "CN": {"pending": 5}}
    assert add_counts(by_market, ["AT", "DE"]) == {"protected": 1, "missing": 3}


def test_rows_of_one_key_gather_at_the_first_and_a_lonely_key_stays_a_row():
    rows = [
        {"m": "CN", "c": 7},
        {"m": "AT", "c": 7},
        {"m": "AT", "c": 9},
        {"m": "DE", "c": 7},
        {"m": "FR", "c": 9},
        {"m": "LU", "c": 11},  # the only EU row of class 11
    ]
    eu = {"AT", "DE", "FR", "LU"}
    items = group_rows(rows, lambda r: ("EU", r["c"]) if r["m"] in eu else None)
    assert items[0] == rows[0]
    assert items[1].code == "EU" and [r["m"] for r in items[1].rows] == ["AT", "DE"]
    assert [r["m"] for r in items[2].rows] == ["AT", "FR"]
    assert items[3] == rows[5]
    assert len(items) == 4


def test_what_the_members_share_is_said_once():
    rows = [
        {"advice": "EUTM", "note": ""},
        {"advice": "EUTM", "note": "x"},
        {"advice": "DE", "note": "x"},
    ]
    assert distinct_values(rows, ("advice", "note")) == {"advice": ["EUTM", "DE"], "note": ["x"]}
