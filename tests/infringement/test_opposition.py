"""Opposition deadlines: the period from the shipped table, counted in calendar months (clamped
to month end) or days, then rolled past the office's closed days; unknown offices get a reason.

Expected dates were read from chinesecalendar 1.11 and holidays 0.109, not guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infringement.opposition import (
    NoDeadline,
    OppositionDeadline,
    OppositionPeriod,
    add_months,
    days_left,
    load_periods,
    opposition_deadline,
)

TABLE = Path(__file__).parents[2] / "data" / "infringement" / "opposition_periods.csv"


@pytest.fixture(scope="module")
def periods() -> dict[str, OppositionPeriod]:
    return load_periods(TABLE)


def deadline(
    office: str, published: date, periods: dict[str, OppositionPeriod]
) -> OppositionDeadline:
    result = opposition_deadline(office, published, periods=periods)
    assert isinstance(result, OppositionDeadline), result
    return result


@pytest.mark.parametrize(
    ("office", "published", "raw_end", "last_day"),
    [
        pytest.param(
            "CN",
            date(2025, 7, 3),
            date(2025, 10, 3),
            date(2025, 10, 9),
            id="cn-ends-in-golden-week-rolls-to-first-working-day-after",
        ),
        pytest.param(
            "CN",
            date(2025, 7, 11),
            date(2025, 10, 11),
            date(2025, 10, 11),
            id="cn-ends-on-make-up-saturday-no-roll",
        ),
        pytest.param(
            "CN",
            date(2025, 11, 16),
            date(2026, 2, 16),
            date(2026, 2, 24),
            id="cn-ends-in-spring-festival-2026",
        ),
        pytest.param(
            "CN",
            date(2025, 11, 14),
            date(2026, 2, 14),
            date(2026, 2, 14),
            id="cn-ends-on-make-up-saturday-before-spring-festival",
        ),
        pytest.param(
            "CN",
            date(2025, 1, 31),
            date(2025, 4, 30),
            date(2025, 4, 30),
            id="cn-31-jan-clamps-to-30-april",
        ),
        pytest.param(
            "CN",
            date(2025, 11, 30),
            date(2026, 2, 28),
            date(2026, 2, 28),
            id="cn-30-nov-clamps-to-28-feb-a-make-up-saturday",
        ),
        pytest.param(
            "EM",
            date(2024, 11, 30),
            date(2025, 2, 28),
            date(2025, 2, 28),
            id="em-3-months-clamps-to-28-feb",
        ),
        pytest.param(
            "US",
            date(2026, 6, 4),
            date(2026, 7, 4),
            date(2026, 7, 6),
            id="us-30-days-ends-on-july-4th-saturday-next-business-day",
        ),
        pytest.param(
            "US",
            date(2026, 6, 3),
            date(2026, 7, 3),
            date(2026, 7, 6),
            id="us-30-days-ends-on-observed-independence-day",
        ),
        pytest.param(
            "GB",
            date(2025, 12, 31),
            date(2026, 2, 28),
            date(2026, 3, 2),
            id="gb-2-months-clamps-to-saturday-rolls-to-monday",
        ),
        pytest.param(
            "JP",
            date(2025, 10, 30),
            date(2025, 12, 30),
            date(2026, 1, 5),
            id="jp-2-months-ends-in-year-end-closing",
        ),
        pytest.param(
            "KR",
            date(2025, 7, 6),
            date(2025, 9, 6),
            date(2025, 9, 8),
            id="kr-2-months-ends-on-saturday",
        ),
    ],
)
def test_opposition_deadline(
    office: str,
    published: date,
    raw_end: date,
    last_day: date,
    periods: dict[str, OppositionPeriod],
) -> None:
    result = deadline(office, published, periods)
    assert (result.office, result.published) == (office, published)
    assert (result.raw_end, result.last_day) == (raw_end, last_day)
    assert result.rolled is (raw_end != last_day)


@pytest.mark.parametrize(
    ("office", "verified", "in_note"),
    [
        pytest.param("CN", True, "调休", id="cn-confirmed-period-exact-calendar"),
        pytest.param("US", True, "180 days", id="us-notes-extensions"),
        pytest.param("EM", False, "EUIPO", id="em-calendar-approximation-unverified"),
    ],
)
def test_note_and_verified(
    office: str, verified: bool, in_note: str, periods: dict[str, OppositionPeriod]
) -> None:
    result = deadline(office, date(2026, 3, 2), periods)
    assert result.verified is verified
    assert in_note in result.note


@pytest.mark.parametrize(
    ("office", "in_reason"),
    [
        pytest.param("ZZ", "no opposition period known", id="unknown-office"),
        pytest.param("WO", "per designated office", id="madrid-follows-designated-office"),
    ],
)
def test_no_deadline_has_a_reason(
    office: str, in_reason: str, periods: dict[str, OppositionPeriod]
) -> None:
    result = opposition_deadline(office, date(2026, 3, 2), periods=periods)
    assert isinstance(result, NoDeadline)
    assert in_reason in result.reason


@pytest.mark.parametrize(
    ("today", "left"),
    [
        pytest.param(date(2025, 10, 1), 8, id="before-the-last-day"),
        pytest.param(date(2025, 10, 9), 0, id="on-the-last-day"),
        pytest.param(date(2025, 10, 12), -3, id="negative-once-passed"),
    ],
)
def test_days_left(today: date, left: int, periods: dict[str, OppositionPeriod]) -> None:
    assert days_left(deadline("CN", date(2025, 7, 3), periods), today) == left


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2024, 11, 30), 3, date(2025, 2, 28), id="clamp-to-february"),
        pytest.param(date(2023, 11, 30), 3, date(2024, 2, 29), id="clamp-to-leap-february"),
        pytest.param(date(2025, 10, 15), 3, date(2026, 1, 15), id="across-year-end"),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_shipped_table_rows(periods: dict[str, OppositionPeriod]) -> None:
    assert {"CN", "EM", "US", "GB", "JP", "KR", "WO"} <= set(periods)
    assert all(row.source.strip() for row in periods.values())
    assert (periods["US"].amount, periods["US"].unit) == (30, "days")
    assert (periods["CN"].amount, periods["CN"].unit) == (3, "months")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param("CN,3 weeks,x,,src,confirmed", "not like", id="bad-period-unit"),
        pytest.param("CN,3 months,x,,src,maybe", "status", id="bad-status"),
        pytest.param(",3 months,x,,src,confirmed", "office is empty", id="missing-office"),
    ],
)
def test_load_periods_refuses_bad_rows(row: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "periods.csv"
    path.write_text("office,period,counted_from,extensions,source,status\n" + row + "\n")
    with pytest.raises(ValueError, match=message):
        load_periods(path)
