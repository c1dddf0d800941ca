"""Patent terms and PCT national-phase periods per office, from the reference tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from coverage.dates import Expiry, add_months, add_years
from coverage.messages import Message, msg, text

# A patent kind in a note: its code in English (as the CLI and the API have always said it),
# its name in the UI language where the note is translated.
KIND_CODES: dict[str, Message] = {
    "invention": msg("invention"),
    "utility_model": msg("utility_model"),
    "design": msg("design"),
}
# Months to enter the national phase where the reference table has no row (PCT art. 22).
DEFAULT_PCT_MONTHS = 30


@dataclass(frozen=True, slots=True)
class PatentTerm:
    """The term of one office's patents of one kind, for filings from `filed_from` to `filed_until`.

    The term runs `term_years` from "filing" or "grant" and ends the day before the anniversary.
    """

    office: str
    kind: str
    term_years: int
    term_from: str
    filed_from: dt.date | None = None
    filed_until: dt.date | None = None
    annuity_grace_months: int | None = None
    annuity_surcharge: str | None = None
    verified: bool = True

    def governs(self, filing_date: dt.date) -> bool:
        """True when a patent filed on `filing_date` falls under this row."""
        return (self.filed_from is None or self.filed_from <= filing_date) and (
            self.filed_until is None or filing_date <= self.filed_until
        )


@dataclass(frozen=True, slots=True)
class PctPeriod:
    """Months from priority (or filing) to enter the national phase at `office`; late with a fee."""

    office: str
    months: int
    late_months: int | None = None


class PatentRules:
    """Patent terms by (office, kind) and PCT periods by office."""

    def __init__(self, terms: Iterable[PatentTerm], pct: Iterable[PctPeriod]) -> None:
        self._terms: dict[tuple[str, str], list[PatentTerm]] = {}
        for term in terms:
            self._terms.setdefault((term.office, term.kind), []).append(term)
        self.pct = {p.office: p for p in pct}

    def kinds(self) -> dict[str, frozenset[str]]:
        """The kinds of patent each office with rules grants."""
        out: dict[str, set[str]] = {}
        for office, kind in self._terms:
            out.setdefault(office, set()).add(kind)
        return {office: frozenset(kinds) for office, kinds in out.items()}

    def term(self, office: str, kind: str, filing_date: dt.date) -> PatentTerm | None:
        """The row governing a patent of `kind` filed at `office` on `filing_date`, or None."""
        rows = self._terms.get((office, kind), ())
        return next((t for t in rows if t.governs(filing_date)), None)

    def pct_period(self, office: str) -> PctPeriod:
        """The national-phase period at `office` (30 months where the table has no row)."""
        return self.pct.get(office) or PctPeriod(office, DEFAULT_PCT_MONTHS)


def patent_expiry(
    *,
    office: str,
    kind: str,
    filing_date: dt.date,
    grant_date: dt.date | None,
    expiry_date: dt.date | None,
    rules: PatentRules,
) -> tuple[Expiry, PatentTerm | None]:
    """Return the expiry (the data's, else the rule's) and the rule row used, if any."""
    term = rules.term(office, kind, filing_date)
    if expiry_date is not None:
        return Expiry(expiry_date), term
    if term is None:
        named = KIND_CODES.get(kind, kind)
        note = text("no rule for office %(office)s, kind %(kind)s", office=office, kind=named)
        return Expiry(None, note), None
    start = filing_date if term.term_from == "filing" else grant_date
    if start is None:
        note = text(
            "the %(office)s %(kind)s term runs from grant: not granted yet",
            office=office,
            kind=KIND_CODES.get(kind, kind),
        )
        return Expiry(None, note), term
    return Expiry(add_years(start, term.term_years) - dt.timedelta(days=1)), term


def national_phase_deadline(base: dt.date, period: PctPeriod) -> tuple[dt.date, dt.date | None]:
    """The national-phase deadline counted from `base` (priority, else filing), and the late one."""
    late = add_months(base, period.late_months) if period.late_months else None
    return add_months(base, period.months), late
