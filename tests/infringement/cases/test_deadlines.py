"""Case deadlines: each route's rule from its events, rolled past Chinese public holidays and
counted in Chinese working days (make-up working days included), the 2027 Spring Festival from
the shipped table, and the stored rows kept in step as the case moves.

Expected dates were worked out by hand from the State Council's 2026 notice (chinesecalendar)
and data/infringement/cn_workdays.csv for 2027 (Spring Festival 5-10 February 2027)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from infringement.cases.casework import create_case, move_stage
from infringement.cases.deadline_rules import (
    CaseFacts,
    Filing,
    StageEvent,
    add_working_days,
    compute_deadlines,
)
from infringement.cases.deadlines import (
    add_deadline,
    list_deadlines,
    list_open_deadlines,
    set_deadline_done,
)
from infringement.cases.models import Route
from infringement.opposition import load_periods
from infringement.workdays import (
    CN_TABLE,
    calendar_info,
    is_working_day,
    load_cn_workdays,
    roll_forward,
)
from tests.factories import make_trademark

D = dt.date
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PERIODS = load_periods(
    Path(__file__).resolve().parents[3] / "data/infringement/opposition_periods.csv"
)


def facts(route: Route, *events: tuple[str, dt.date], **kw: object) -> CaseFacts:
    knowledge = kw.pop("knowledge", D(2026, 1, 5))
    return CaseFacts(route, tuple(StageEvent(s, on) for s, on in events), knowledge, **kw)  # type: ignore[arg-type]


def due_of(items: list, kind: str) -> dt.date:
    (found,) = [d for d in items if d.kind == kind]
    return found.due


# --- working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2026, 3, 4), 3, D(2026, 3, 9), id="ordinary-week-skips-the-weekend"),
        pytest.param(D(2026, 10, 9), 3, D(2026, 10, 13), id="make-up-saturday-10-oct-2026-counts"),
        pytest.param(D(2026, 9, 30), 3, D(2026, 10, 10), id="golden-week-2026-then-make-up-day"),
        pytest.param(D(2026, 9, 18), 1, D(2026, 9, 20), id="make-up-sunday-20-sep-2026-counts"),
        pytest.param(D(2026, 2, 13), 1, D(2026, 2, 14), id="make-up-saturday-before-spring-2026"),
        pytest.param(D(2027, 2, 4), 3, D(2027, 2, 15), id="spring-festival-2027-5-to-10-feb"),
        pytest.param(D(2027, 9, 30), 3, D(2027, 10, 8), id="national-day-2027-1-to-5-oct"),
    ],
)
def test_add_working_days_counts_chinese_working_days(
    start: dt.date, days: int, expected: dt.date
) -> None:
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2027, 2, 5), False, id="new-years-eve-2027-statutory"),
        pytest.param(D(2027, 2, 8), False, id="third-day-of-spring-festival-2027"),
        pytest.param(D(2027, 2, 10), False, id="day-in-lieu-2027-unverified"),
        pytest.param(D(2027, 2, 11), True, id="first-day-back-2027"),
        pytest.param(D(2027, 2, 13), False, id="ordinary-saturday-2027-no-known-make-up-day"),
        pytest.param(D(2027, 10, 4), False, id="national-day-in-lieu-2027"),
        pytest.param(D(2027, 3, 3), True, id="ordinary-wednesday-2027"),
    ],
)
def test_2027_calendar_from_the_shipped_table(day: dt.date, working: bool) -> None:
    assert is_working_day(day, "CN") is working


def test_2027_calendar_says_it_is_not_confirmed() -> None:
    info = calendar_info("CN", D(2027, 2, 8))
    assert not info.exact
    assert "make-up working days unknown" in info.note
    rows = load_cn_workdays(CN_TABLE).days
    assert {r.status for r in rows.values()} == {"statutory", "unverified"}
    assert rows[D(2027, 2, 9)].status == "unverified"
    assert rows[D(2027, 2, 6)].status == "statutory"


def test_table_make_up_working_day_is_a_working_day(tmp_path: Path) -> None:
    table = tmp_path / "cn.csv"
    table.write_text(
        "# a year as the notice would give it\n"
        "date,kind,name,source,status\n"
        "2030-02-02,holiday,春节,notice,confirmed\n"
        "2030-02-09,workday,春节 make-up day,notice,confirmed\n",
        encoding="utf-8",
    )
    loaded = load_cn_workdays(table)
    assert loaded.is_working_day(D(2030, 2, 9))  # a Saturday worked
    assert not loaded.is_working_day(D(2030, 2, 2))  # a Saturday holiday
    assert not loaded.is_working_day(D(2030, 2, 16))  # an ordinary Saturday
    assert loaded.confirmed(2030)


def test_table_with_a_bad_row_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "cn.csv"
    table.write_text("date,kind,name,source,status\n2030-02-02,off,x,y,confirmed\n")
    with pytest.raises(ValueError, match="row 2"):
        load_cn_workdays(table)


# --- the rules --------------------------------------------------------------------------------


def test_counter_notice_lift_15_days_rolled_past_spring_festival_2027() -> None:
    got = compute_deadlines(
        facts(
            Route.PLATFORM_COMPLAINT,
            ("complaint_filed", D(2027, 1, 10)),
            ("counter_notice", D(2027, 1, 22)),
        )
    )
    # 22 Jan + 15 days = 6 Feb (Spring Festival) -> first working day 11 Feb
    (lift,) = got
    assert (lift.kind, lift.due, lift.done) == ("counter_notice_lift", D(2027, 2, 11), False)
    assert "rolled from 2027-02-06" in lift.note and "E-Commerce Law art. 43" in lift.note


def test_counter_notice_answered_by_suit_is_done() -> None:
    got = compute_deadlines(
        facts(
            Route.PLATFORM_COMPLAINT,
            ("counter_notice", D(2026, 3, 2)),
            ("suit_filed", D(2026, 3, 10)),
        )
    )
    assert [(d.due, d.done) for d in got] == [(D(2026, 3, 17), True)]


def test_detention_notice_3_working_days_over_golden_week_2026() -> None:
    got = compute_deadlines(
        facts(Route.CUSTOMS, ("recorded", D(2020, 5, 6)), ("detention_notice", D(2026, 9, 30)))
    )
    assert due_of(got, "detention_action") == D(2026, 10, 10)  # a make-up Saturday


def test_customs_recordal_renewal_10_years_window_6_months() -> None:
    got = compute_deadlines(facts(Route.CUSTOMS, ("recorded", D(2017, 2, 6))))
    (renewal,) = got
    assert renewal.due == D(2027, 2, 11)  # 6 Feb 2027 is the Spring Festival
    assert "renewal window opens 2026-08-06" in renewal.note


def test_civil_limitation_3_years_from_knowledge() -> None:
    got = compute_deadlines(facts(Route.CIVIL_SUIT, knowledge=D(2024, 2, 8)))
    assert due_of(got, "limitation") == D(2027, 2, 11)  # 8 Feb 2027: Spring Festival
    filed = compute_deadlines(
        facts(Route.CIVIL_SUIT, ("filed", D(2026, 5, 6)), knowledge=D(2024, 2, 8))
    )
    assert [d.done for d in filed if d.kind == "limitation"] == [True]


def test_civil_pre_suit_preservation_and_appeal() -> None:
    got = compute_deadlines(
        facts(
            Route.CIVIL_SUIT,
            ("preservation", D(2026, 4, 1)),
            ("filed", D(2026, 4, 20)),
            ("hearing", D(2026, 6, 1)),
            ("judgment", D(2026, 9, 17)),
        )
    )
    kinds = {d.kind: d for d in got}
    assert kinds["file_after_preservation"].due == D(2026, 5, 6)  # 1 May + 30 = 1 May: holiday
    assert kinds["file_after_preservation"].done
    assert kinds["appeal"].due == D(2026, 10, 8)  # 2 Oct: golden week
    assert not kinds["appeal"].done


def test_opposition_end_from_publication_per_office() -> None:
    filings = (
        Filing("CN", "80000001", D(2026, 11, 6)),  # +3 months = 6 Feb 2027: Spring Festival
        Filing("US", "97000001", D(2026, 3, 3)),  # +30 days = 2 Apr 2026
        Filing("ZZ", "1", D(2026, 3, 3), D(2026, 6, 3), "stored when imported"),
    )
    got = compute_deadlines(facts(Route.OPPOSITION, filings=filings), periods=PERIODS)
    assert [(d.due, d.note.split(":")[0]) for d in got] == [
        (D(2026, 4, 2), "US 97000001"),
        (D(2026, 6, 3), "ZZ 1"),
        (D(2027, 2, 11), "CN 80000001"),
    ]
    filed = compute_deadlines(
        facts(Route.OPPOSITION, ("filed", D(2026, 12, 1)), filings=filings[:1]), periods=PERIODS
    )
    assert [d.done for d in filed] == [True]


@pytest.mark.parametrize(
    "route",
    [Route.CEASE_AND_DESIST, Route.INVALIDATION, Route.ADMIN_COMPLAINT, Route.CRIMINAL_REFERRAL],
)
def test_routes_without_computed_deadlines(route: Route) -> None:
    assert compute_deadlines(facts(route, ("filed", D(2026, 3, 2)))) == []


def test_roll_forward_keeps_a_working_day() -> None:
    assert roll_forward(D(2027, 2, 11), "CN") == D(2027, 2, 11)


# --- stored rows --------------------------------------------------------------------------------


def test_stored_deadlines_follow_the_case(session: Session) -> None:
    mark = make_trademark(session, tm_no="10000001")
    case = create_case(
        session,
        title="Fake drills on Taobao",
        route=Route.PLATFORM_COMPLAINT,
        user="legal@example.com",
        now=NOW,
        registrations=[mark.id],
    )
    assert case.id is not None
    assert list_deadlines(session, case.id) == []
    move_stage(session, case, "complaint_filed", user="legal@example.com", now=NOW)
    manual = add_deadline(
        session,
        case,
        kind="other",
        due=D(2026, 12, 20),
        note="call the agent",
        user="legal@example.com",
        now=NOW,
    )
    move_stage(
        session, case, "counter_notice", user="legal@example.com", now=NOW, on=D(2027, 1, 22)
    )
    rows = list_deadlines(session, case.id)
    assert [(r.kind, r.due, r.computed, r.done) for r in rows] == [
        ("other", D(2026, 12, 20), False, False),
        ("counter_notice_lift", D(2027, 2, 11), True, False),
    ]
    opened = list_open_deadlines(session, as_of=D(2027, 2, 1))
    assert [(o.deadline.kind, o.days_left) for o in opened] == [
        ("other", -43),
        ("counter_notice_lift", 10),
    ]
    move_stage(session, case, "suit_filed", user="legal@example.com", now=NOW, on=D(2027, 2, 3))
    lift = [r for r in list_deadlines(session, case.id) if r.computed]
    assert [(r.due, r.done) for r in lift] == [(D(2027, 2, 11), True)]  # answered by the suit
    set_deadline_done(session, case, manual.id or 0, user="legal@example.com", now=NOW)
    assert list_open_deadlines(session, as_of=D(2027, 2, 1)) == []
