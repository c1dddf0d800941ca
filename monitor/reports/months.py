"""Calendar months as the reports use them: parse `YYYY-MM`, first and last day, the one before."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_PATTERN = re.compile(r"(\d{4})-(\d{2})")


class BadMonth(ValueError):
    """A month that is not `YYYY-MM` (or out of range)."""


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """`2026-11` -> Month(2026, 11); raise BadMonth saying what was expected."""
        found = _PATTERN.fullmatch(str(text).strip())
        if not found or not 1 <= int(found[2]) <= 12 or not 1900 <= int(found[1]) <= 9999:
            raise BadMonth(f"month {text!r}: expected YYYY-MM, e.g. 2026-11")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def back(self, months: int) -> Month:
        """The month `months` before this one."""
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)

    def utc_bounds(
        self, timezone: str, *, until: dt.date | None = None
    ) -> tuple[dt.datetime, dt.datetime]:
        """The month (up to the end of day `until`, when earlier) in `timezone`, as UTC datetimes
        [start, end): the form the stored timestamps have."""
        zone = ZoneInfo(timezone)
        last = min(self.last_day, until) if until else self.last_day
        start = dt.datetime.combine(self.first_day, dt.time(), zone)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
