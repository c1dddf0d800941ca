"""One mark explained: derived expiry, designations' worth, central attack, deadlines."""

from __future__ import annotations

import datetime as dt

from coverage.grid import CellStatus
from coverage.trademarks.explain import explain_mark
from coverage.trademarks.queries import load_rules
from coverage.trademarks.standing import MarkInfo

D = dt.date
TODAY = D(2026, 11, 24)


def test_expiry_estimated_from_filing_when_registration_date_is_missing(session):
    mark = MarkInfo("CN", "1", "K", (7,), "registered", D(2019, 5, 1))
    report = explain_mark(mark, load_rules(session), as_of=TODAY)
    assert report.expiry.date == D(2029, 4, 30)
    assert report.expiry.note == "expiry estimated from the filing date (no registration date)"
    assert report.status is CellStatus.PROTECTED


def test_madrid_registration_fallen_with_its_basic_mark(session):
    ir = MarkInfo(
        "WO",
        "2",
        "K",
        (7,),
        "registered",
        D(2023, 1, 5),
        D(2023, 1, 5),
        None,
        "1",
        (("US", "protected"), ("JP", "pending")),
    )
    basic = MarkInfo("CN", "1", "K", (7,), "cancelled", D(2022, 1, 1))
    report = explain_mark(ir, load_rules(session), as_of=TODAY, basic=basic)
    assert "central attack: basic mark CN 1 cancelled" in report.central_attack
    assert {r.territory: r.status for r in report.rights} == {
        "US": CellStatus.LAPSED,
        "JP": CellStatus.LAPSED,
    }
    assert report.deadlines == ()  # no "keep the basic mark alive" once it fell


def test_deadlines_of_the_mark_only(session):
    mark = MarkInfo("US", "3", "K", (7,), "registered", D(2019, 1, 1), D(2021, 3, 1))
    report = explain_mark(mark, load_rules(session), as_of=TODAY)
    assert [(d.kind, d.due) for d in report.deadlines] == [("use_declaration", D(2027, 3, 1))]
