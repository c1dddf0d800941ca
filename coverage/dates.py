"""Calendar arithmetic shared by trademark and patent terms, and the derived-expiry record."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` moved by `months` calendar months, clamped to the last day of the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = 29 if month == 1 and calendar.isleap(year) else _MONTH_DAYS[month]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """Return `day` moved by `years` years (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


@dataclass(frozen=True, slots=True)
class Expiry:
    """A derived expiry date, with a note when it was estimated or could not be derived."""

    date: dt.date | None
    note: str | None = None
