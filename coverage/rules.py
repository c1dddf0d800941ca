"""Office rules for trademark terms: expiry, renewal window and grace period, from the reference table."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TermRule:
    """How long one office's trademark registrations last and how they are renewed.

    `term_from` is "filing" or "registration"; `term_end` "anniversary" (expires on the anniversary
    date) or "day_before" (CN: a mark registered 2014-06-07 expires 2024-06-06). Months count
    calendar months.
    """

    office: str
    term_years: int
    term_from: str
    term_end: str
    renewal_window_months: int
    grace_months: int
    use_declaration: str | None = None
    verified: bool = True


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


def derive_expiry(
    *,
    office: str,
    filing_date: dt.date,
    registration_date: dt.date | None,
    expiry_date: dt.date | None,
    rule: TermRule | None,
) -> Expiry:
    """Return the expiry the data gives, else the one the office's rule gives."""
    if expiry_date is not None:
        return Expiry(expiry_date)
    if rule is None:
        return Expiry(None, f"no term rule for office {office}: expiry unknown")
    note = None
    start = filing_date
    if rule.term_from == "registration":
        if registration_date is None:
            note = "expiry estimated from the filing date (no registration date)"
        else:
            start = registration_date
    end = add_years(start, rule.term_years)
    if rule.term_end == "day_before":
        end -= dt.timedelta(days=1)
    return Expiry(end, note)


def grace_end(expiry: dt.date, rule: TermRule | None) -> dt.date:
    """Last day a lapsed registration can still be renewed late (the expiry itself without a rule)."""
    return add_months(expiry, rule.grace_months) if rule is not None else expiry


def renewal_opens(expiry: dt.date, rule: TermRule | None) -> dt.date | None:
    """First day a renewal may be filed, or None without a rule."""
    return add_months(expiry, -rule.renewal_window_months) if rule is not None else None
