"""Working days per office: China's official holidays and make-up working days, other countries'
public holidays, weekends for unknown offices, and rolling a date to the next working day.

Expected dates were read from chinesecalendar 1.11 and holidays 0.109, not guessed."""

from __future__ import annotations

from datetime import date

import pytest

from infringement.workdays import calendar_info, is_working_day, roll_forward


@pytest.mark.parametrize(
    ("day", "office", "working"),
    [
        pytest.param(date(2025, 10, 1), "CN", False, id="cn-national-day-weekday-closed"),
        pytest.param(date(2025, 10, 8), "CN", False, id="cn-golden-week-last-holiday"),
        pytest.param(date(2025, 10, 9), "CN", True, id="cn-first-day-back-after-golden-week"),
        pytest.param(date(2025, 9, 28), "CN", True, id="cn-make-up-sunday-before-national-day"),
        pytest.param(date(2025, 10, 11), "CN", True, id="cn-make-up-saturday-after-national-day"),
        pytest.param(
            date(2026, 2, 14), "CN", True, id="cn-make-up-saturday-before-spring-festival"
        ),
        pytest.param(date(2026, 2, 16), "CN", False, id="cn-spring-festival-2026"),
        pytest.param(date(2026, 2, 28), "CN", True, id="cn-make-up-saturday-after-spring-festival"),
        pytest.param(date(2026, 3, 7), "CN", False, id="cn-ordinary-saturday"),
        pytest.param(date(2026, 7, 3), "US", False, id="us-independence-day-observed-friday"),
        pytest.param(date(2026, 7, 4), "US", False, id="us-independence-day-on-saturday"),
        pytest.param(date(2026, 7, 3), "CN", True, id="us-holiday-is-a-working-day-in-china"),
        pytest.param(date(2026, 12, 28), "GB", False, id="gb-boxing-day-observed-monday"),
        pytest.param(date(2026, 12, 30), "JP", False, id="jp-office-closed-year-end"),
        pytest.param(date(2026, 1, 6), "EM", False, id="em-epiphany-spanish-holiday"),
        pytest.param(date(2026, 10, 9), "EM", False, id="em-valencian-community-day"),
        pytest.param(date(2026, 7, 4), "ZZ", False, id="unknown-office-saturday-closed"),
        pytest.param(date(2026, 12, 25), "ZZ", True, id="unknown-office-knows-no-holidays"),
    ],
)
def test_is_working_day(day: date, office: str, working: bool) -> None:
    assert is_working_day(day, office) is working


@pytest.mark.parametrize(
    ("day", "office", "expected"),
    [
        pytest.param(date(2025, 10, 3), "CN", date(2025, 10, 9), id="cn-rolls-over-golden-week"),
        pytest.param(date(2025, 10, 11), "CN", date(2025, 10, 11), id="cn-make-up-saturday-stays"),
        pytest.param(
            date(2026, 2, 16), "CN", date(2026, 2, 24), id="cn-rolls-over-spring-festival"
        ),
        pytest.param(date(2026, 7, 4), "US", date(2026, 7, 6), id="us-saturday-holiday-to-monday"),
        pytest.param(
            date(2026, 12, 30), "JP", date(2027, 1, 4), id="jp-rolls-over-new-year-closing"
        ),
        pytest.param(date(2026, 3, 3), "US", date(2026, 3, 3), id="working-day-unchanged"),
        pytest.param(date(2026, 3, 7), "ZZ", date(2026, 3, 9), id="unknown-office-weekend-only"),
        pytest.param(date(2026, 3, 7), " cn ", date(2026, 3, 9), id="office-code-case-and-space"),
    ],
)
def test_roll_forward(day: date, office: str, expected: date) -> None:
    assert roll_forward(day, office) == expected


@pytest.mark.parametrize(
    ("office", "day", "exact"),
    [
        pytest.param("CN", date(2026, 5, 1), True, id="cn-year-chinesecalendar-knows"),
        pytest.param("CN", date(2099, 5, 1), False, id="cn-year-beyond-chinesecalendar"),
        pytest.param("EM", date(2026, 5, 1), False, id="em-spain-is-an-approximation"),
        pytest.param("US", date(2026, 5, 1), True, id="us-federal-holidays"),
        pytest.param("ZZ", date(2026, 5, 1), False, id="unknown-office"),
    ],
)
def test_calendar_info_says_how_exact(office: str, day: date, exact: bool) -> None:
    info = calendar_info(office, day)
    assert info.exact is exact
    assert bool(info.note) is not exact


def test_cn_beyond_chinesecalendar_falls_back_to_holidays_and_weekends() -> None:
    # 2099-01-01 is a Thursday and New Year's Day in the holidays package's CN calendar.
    assert not is_working_day(date(2099, 1, 1), "CN")
    assert roll_forward(date(2099, 1, 1), "CN") == date(2099, 1, 2)
