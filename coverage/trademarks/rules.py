"""Office rules for trademark terms: expiry, renewal window and grace period, from the reference table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coverage.dates import Expiry, add_months, add_years
from coverage.messages import text


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
        return Expiry(
            None, text("no term rule for office %(office)s: expiry unknown", office=office)
        )
    note = None
    start = filing_date
    if rule.term_from == "registration":
        if registration_date is None:
            note = text("expiry estimated from the filing date (no registration date)")
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
