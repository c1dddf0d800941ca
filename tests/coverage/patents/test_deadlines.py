"""Patent deadlines: CN annuities and their late window, PCT national phase, EP validation, expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.grid import CellStatus
from coverage.patents.deadlines import list_patent_deadlines
from coverage.patents.families import build_families
from coverage.patents.queries import load_patent_rules
from coverage.patents.standing import PatentInfo, assess_patent
from coverage.queries import load_geography

D = dt.date
TODAY = D(2026, 11, 24)


def patent(
    office="CN",
    kind="invention",
    status="granted",
    filed=D(2015, 1, 1),
    granted=None,
    priority=None,
    paid=None,
    designations=(),
    family=None,
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
        None,
        paid,
        None,
        family,
        tuple(designations),
        ("P1",),
    )


def deadlines(session, patents, markets=("CN",)):
    geography, rules = load_geography(session), load_patent_rules(session)
    standings = {p.label: assess_patent(p, rules, geography, as_of=TODAY) for p in patents}
    return list_patent_deadlines(
        patents, standings, {"P1": list(markets)}, {"P1": "KANGDA"}, rules, geography, as_of=TODAY
    )


CASES = [
    # id, patents, markets, expected (kind, due, opens, overdue, market)
    (
        "cn-annuity-paid-until-next-year",
        [patent(filed=D(2020, 3, 1), paid=D(2027, 3, 1))],
        ["CN"],
        [("annuity", D(2027, 3, 1), None, False, None)],
    ),
    (
        "cn-annuity-late-window-6-months-with-surcharge",
        [patent(filed=D(2020, 9, 1), paid=D(2026, 9, 1))],
        ["CN"],
        [("annuity_late", D(2027, 3, 1), D(2026, 9, 1), True, None)],
    ),
    (
        "cn-annuity-without-paid-until-falls-on-next-anniversary",
        [patent(filed=D(2020, 12, 10))],
        ["CN"],
        [("annuity", D(2026, 12, 10), None, False, None)],
    ),
    (
        "cn-utility-model-expiring-and-its-last-annuity",
        [patent(kind="utility_model", filed=D(2017, 1, 9), paid=D(2027, 1, 9))],
        ["CN"],
        [("expiry", D(2027, 1, 8), None, False, None)],
    ),
    (
        "pct-national-phase-cn-30-and-ep-31-months",
        [patent("WO", status="pending", filed=D(2025, 10, 1), priority=D(2024, 10, 8))],
        ["CN", "DE", "FR", "US"],
        [
            ("national_phase", D(2027, 4, 8), None, False, "CN"),
            ("national_phase", D(2027, 4, 8), None, False, "US"),
            ("national_phase", D(2027, 5, 8), None, False, "EP"),
        ],
    ),
    (
        "pct-cn-late-entry-at-32-months",
        [patent("WO", status="pending", filed=D(2024, 6, 1), priority=D(2024, 5, 1))],
        ["CN"],
        [("national_phase_late", D(2027, 1, 1), D(2026, 11, 1), True, "CN")],
    ),
    (
        "ep-validation-within-3-months-of-grant",
        [patent("EP", filed=D(2019, 1, 1), granted=D(2026, 10, 15), designations=("DE",))],
        ["DE"],
        [("ep_validation", D(2027, 1, 15), D(2026, 10, 15), False, None)],
    ),
    ("lapsed-patent-has-no-deadline", [patent(status="lapsed")], ["CN"], []),
]


@pytest.mark.parametrize(
    ("patents", "markets", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_deadlines(session, patents, markets, expected):
    found = deadlines(session, patents, markets)
    assert [(d.kind, d.due, d.opens, d.overdue, d.market) for d in found] == expected


def test_late_annuity_names_the_surcharge(session):
    [late] = deadlines(session, [patent(filed=D(2020, 9, 1), paid=D(2026, 9, 1))])
    assert "5%" in late.surcharge
    assert late.text == "Annuity of CN 1 is late: pay with surcharge by 2027-03-01"
    assert late.brands == ("KANGDA",) and late.products == ("P1",)


def test_family_shows_markets_no_member_covers(session):
    geography, rules = load_geography(session), load_patent_rules(session)
    members = [
        patent(filed=D(2018, 3, 15), family="F1", no="1"),
        patent("EP", filed=D(2019, 3, 14), family="F1", designations=("DE", "FR"), no="2"),
        patent(status="lapsed", family="F1", office="US", no="3"),
    ]
    standings = {p.label: assess_patent(p, rules, geography, as_of=TODAY) for p in members}
    [family] = build_families(
        members, standings, {"P1": ["CN", "DE", "IT", "US"]}, rules, geography, as_of=TODAY
    )
    assert [p.label for p in family.members] == ["CN 1", "EP 2", "US 3"]
    assert family.covered == {
        "CN": CellStatus.PROTECTED,
        "DE": CellStatus.PROTECTED,
        "IT": CellStatus.MISSING,
        "US": CellStatus.LAPSED,
    }
    assert family.uncovered == ("IT", "US")
