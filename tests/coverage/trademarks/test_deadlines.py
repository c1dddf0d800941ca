"""Trademark deadlines: renewal windows, grace periods, US §8, Madrid dependency ending."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.trademarks.deadlines import list_deadlines
from coverage.trademarks.queries import load_rules
from coverage.trademarks.standing import MarkInfo

D = dt.date
TODAY = D(2026, 11, 24)


def mark(office="CN", registered=D(2017, 3, 1), filed=None, status="registered", basic=None):
    return MarkInfo(
        office, "100", "KANGDA", (7,), status, filed or registered, registered, None, basic, ()
    )


CASES = [
    # id, mark, expected (kind, due, opens, overdue) tuples
    (
        "cn-renewal-window-opens-12-months-before-expiry",
        mark(registered=D(2017, 3, 1)),
        [("renewal", D(2027, 2, 28), D(2026, 2, 28), False)],
    ),
    (
        "cn-in-grace-is-overdue-with-last-day",
        mark(registered=D(2016, 8, 1)),
        [("grace", D(2027, 1, 31), D(2026, 7, 31), True)],
    ),
    ("cn-far-from-expiry-has-nothing", mark(registered=D(2022, 1, 1)), []),
    ("cn-pending-has-nothing", mark(status="pending"), []),
    (
        "em-renewal-window-6-months",
        mark("EM", filed=D(2017, 6, 1), registered=D(2017, 9, 1)),
        [("renewal", D(2027, 6, 1), D(2026, 12, 1), False)],
    ),
    (
        "us-section-8-between-years-5-and-6",
        mark("US", filed=D(2019, 1, 1), registered=D(2021, 3, 1)),
        [("use_declaration", D(2027, 3, 1), D(2026, 3, 1), False)],
    ),
    (
        "us-section-8-late-inside-6-month-grace",
        mark("US", filed=D(2018, 1, 1), registered=D(2020, 9, 1)),
        [("use_declaration_grace", D(2027, 3, 1), D(2026, 9, 1), True)],
    ),
    (
        "madrid-dependency-ends-within-a-year",
        mark("WO", registered=D(2022, 5, 10), basic="900"),
        [("dependency", D(2027, 5, 10), None, False)],
    ),
    ("madrid-without-basic-mark-has-no-dependency", mark("WO", registered=D(2022, 5, 10)), []),
]


@pytest.mark.parametrize(("tm", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_deadlines(session, tm, expected):
    found = [
        d for d in list_deadlines([tm], load_rules(session), as_of=TODAY) if d.right == tm.label
    ]
    assert [(d.kind, d.due, d.opens, d.overdue) for d in found] == expected


def test_deadlines_sorted_by_date_and_readable(session):
    marks = [
        mark(registered=D(2017, 3, 1)),
        mark("US", filed=D(2019, 1, 1), registered=D(2021, 3, 1)),
    ]
    found = list_deadlines(marks, load_rules(session), as_of=TODAY)
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert found[0].text == "Renew CN 100 by 2027-02-28 (window open from 2026-02-28)"


def test_no_dependency_deadline_once_the_basic_mark_fell(session):
    ir = mark("WO", registered=D(2022, 5, 10), basic="900")
    basic = MarkInfo("CN", "900", "KANGDA", (7,), "cancelled", D(2021, 1, 1), None, None, None, ())
    found = list_deadlines([ir, basic], load_rules(session), as_of=TODAY)
    assert [d.kind for d in found if d.right == "WO 100"] == []
