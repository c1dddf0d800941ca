"""Opposition deadlines for published trademark filings, from a table of periods per office.

The periods live in `data/infringement/opposition_periods.csv` (one row per office, with its
source and status) so that a qualified person can correct them without touching code. A period
counts from the publication date, whose own day is not counted (CN Implementing Regulations
art. 12): a period in months ends on the same day of the last month, or on that month's last day
when it has no such day; a period in days ends that many days after publication. The end then
rolls forward past the office's closed days (`infringement.workdays`). Not legal advice.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from infringement.workdays import calendar_info, roll_forward

_PERIOD = re.compile(r"^\s*(\d+)\s+(day|days|month|months)\s*$", re.IGNORECASE)
_STATUSES = frozenset({"confirmed", "unverified"})


@dataclass(frozen=True)
class OppositionPeriod:
    """One office's opposition period: a length in days or in calendar months, and its source."""

    office: str
    amount: int | None
    unit: str | None  # "days" or "months"; None when the office has no single period
    counted_from: str
    extensions: str
    source: str
    status: str

    @property
    def verified(self) -> bool:
        """Tell whether the row's status is "confirmed"."""
        return self.status == "confirmed"


@dataclass(frozen=True)
class OppositionDeadline:
    """The last day to oppose a filing (rolled past closed days) and the end before rolling."""

    office: str
    published: date
    last_day: date
    raw_end: date
    rolled: bool
    note: str
    verified: bool


@dataclass(frozen=True)
class NoDeadline:
    """Why no opposition deadline can be given for an office (unknown, or no single period)."""

    office: str
    reason: str


def _parse_period(text: str) -> tuple[int | None, str | None]:
    """Parse "3 months" or "30 days" into (3, "months"); blank means no single period."""
    if not text.strip():
        return None, None
    match = _PERIOD.match(text)
    if match is None:
        raise ValueError(f"period {text!r} is not like '3 months' or '30 days'")
    unit = match.group(2).lower()
    return int(match.group(1)), unit if unit.endswith("s") else unit + "s"


def load_periods(path: Path) -> dict[str, OppositionPeriod]:
    """Read the opposition-period table (CSV) into a mapping from office code to its period."""
    periods: dict[str, OppositionPeriod] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            office = (row.get("office") or "").strip().upper()
            status = (row.get("status") or "").strip().lower()
            if not office:
                raise ValueError(f"{path}:{line}: office is empty")
            if office in periods:
                raise ValueError(f"{path}:{line}: office {office} appears twice")
            if status not in _STATUSES:
                raise ValueError(f"{path}:{line}: status {status!r} is not confirmed|unverified")
            try:
                amount, unit = _parse_period(row.get("period") or "")
            except ValueError as error:
                raise ValueError(f"{path}:{line}: {error}") from None
            periods[office] = OppositionPeriod(
                office=office,
                amount=amount,
                unit=unit,
                counted_from=(row.get("counted_from") or "").strip(),
                extensions=(row.get("extensions") or "").strip(),
                source=(row.get("source") or "").strip(),
                status=status,
            )
    return periods


def add_months(day: date, months: int) -> date:
    """Return the same day `months` calendar months later, clamped to that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_end(period: OppositionPeriod, published: date) -> date:
    """Return the last day of the period before rolling (publication day itself not counted)."""
    if period.amount is None:
        raise ValueError(f"office {period.office} has no single opposition period")
    if period.unit == "months":
        return add_months(published, period.amount)
    return published + timedelta(days=period.amount)


def opposition_deadline(
    office: str, publication_date: date, *, periods: Mapping[str, OppositionPeriod]
) -> OppositionDeadline | NoDeadline:
    """Compute the last day to oppose a filing published on `publication_date` at `office`."""
    code = office.strip().upper()
    period = periods.get(code)
    if period is None:
        return NoDeadline(code, f"no opposition period known for office {code!r}")
    if period.amount is None:
        return NoDeadline(code, f"opposition period for {code}: {period.extensions or 'none'}")
    raw_end = _period_end(period, publication_date)
    last_day = roll_forward(raw_end, code)
    info = calendar_info(code, raw_end)
    notes = [f"{period.amount} {period.unit} from {period.counted_from or 'publication'}"]
    if period.extensions:
        notes.append(f"extensions: {period.extensions}")
    if last_day != raw_end:
        notes.append(f"rolled from {raw_end.isoformat()} (office closed)")
    notes.append(f"working days: {info.source}" + (f" ({info.note})" if info.note else ""))
    return OppositionDeadline(
        office=code,
        published=publication_date,
        last_day=last_day,
        raw_end=raw_end,
        rolled=last_day != raw_end,
        note="; ".join(notes),
        verified=period.verified and info.exact,
    )


def days_left(deadline: OppositionDeadline, today: date) -> int:
    """Return calendar days from `today` to the last day (0 on the day; negative once passed)."""
    return (deadline.last_day - today).days
