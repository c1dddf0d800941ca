"""The standing of each patent on a date and the markets it reaches (the input of the layout)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coverage.dates import Expiry, add_months
from coverage.grid import CellStatus
from coverage.messages import msg, text
from coverage.offices import Geography
from coverage.patents.rules import PatentRules, national_phase_deadline, patent_expiry

DEAD_PATENT = frozenset({"lapsed", "expired", "withdrawn", "refused"})
# A granted patent expiring within this many days makes its cells `expiring` (DESIGN.md).
EXPIRING_DAYS = 365
# Offices whose one title covers several countries through a list of states in `designations`.
VALIDATED = frozenset({"EP", "EA", "AP"})


@dataclass(frozen=True, slots=True)
class PatentInfo:
    """A patent as the layout needs it, with the product_ids that practise it."""

    office: str
    patent_no: str
    kind: str
    status: str
    filing_date: dt.date
    grant_date: dt.date | None = None
    priority_date: dt.date | None = None
    expiry_date: dt.date | None = None
    annuity_paid_until: dt.date | None = None
    title: str | None = None
    family_id: str | None = None
    designations: tuple[str, ...] = ()
    product_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The patent's key: "OFFICE NUMBER" (lookups, the API and data attributes)."""
        return f"{self.office} {self.patent_no}"

    @property
    def name(self) -> str:
        """The patent as people write it (`patent_name`), for notes."""
        return patent_name(self.office, self.patent_no)


def patent_name(office: str, patent_no: str) -> str:
    """A patent as people write it: its number after its office, unless the number carries the
    office already (EP3612345, US11245678B2, CN202110123456.7, WO's PCT/CN2025/123456)."""
    number, code = patent_no.strip(), office.strip().upper()
    head, rest = number[: len(code)].upper(), number[len(code) :]
    if code == "WO" and number.upper().startswith("PCT/"):
        return number
    if code and head == code and rest[:1] and (rest[0].isdigit() or rest[0] in " /-."):
        return number
    return f"{office} {number}"


@dataclass(frozen=True, slots=True)
class PatentStanding:
    """What one patent is worth on a date (never `missing`); `reaches` its countries (not PCT)."""

    status: CellStatus
    expiry: Expiry
    note: str | None = None
    reaches: tuple[str, ...] = ()
    rule_missing: bool = False


def assess_patent(
    patent: PatentInfo, rules: PatentRules, geography: Geography, *, as_of: dt.date
) -> PatentStanding:
    """Return the patent's status, expiry and territory on `as_of`."""
    if patent.office == "WO":
        return PatentStanding(
            CellStatus.PENDING if patent.status == "pending" else CellStatus.LAPSED,
            Expiry(None),
            _pct_note(patent),
        )
    expiry, term = patent_expiry(
        office=patent.office,
        kind=patent.kind,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
        expiry_date=patent.expiry_date,
        rules=rules,
    )
    missing = term is None and patent.expiry_date is None
    reaches = _territory(patent, geography, as_of)
    if patent.status in DEAD_PATENT:
        return PatentStanding(
            CellStatus.LAPSED,
            expiry,
            text("%(patent)s %(status)s", patent=patent.name, status=msg(patent.status)),
            reaches,
            missing,
        )
    if patent.status == "pending":
        return PatentStanding(CellStatus.PENDING, expiry, None, reaches, missing)
    status, note = _granted(patent, expiry, term.annuity_grace_months if term else None, as_of)
    return PatentStanding(
        status, expiry, note or (expiry.note if missing else None), reaches, missing
    )


def _granted(
    patent: PatentInfo, expiry: Expiry, grace_months: int | None, as_of: dt.date
) -> tuple[CellStatus, str | None]:
    if expiry.date is not None and as_of > expiry.date:
        return CellStatus.LAPSED, text(
            "%(patent)s expired on %(date)s", patent=patent.name, date=expiry.date.isoformat()
        )
    paid = patent.annuity_paid_until
    if paid is not None and grace_months is not None and as_of > paid:
        late = add_months(paid, grace_months)
        if as_of > late:
            return CellStatus.LAPSED, text(
                "%(patent)s: annuity due %(paid)s unpaid; the late window ended %(late)s",
                patent=patent.name,
                paid=paid.isoformat(),
                late=late.isoformat(),
            )
        return CellStatus.EXPIRING, text(
            "%(patent)s: annuity due %(paid)s unpaid; pay with surcharge by %(late)s",
            patent=patent.name,
            paid=paid.isoformat(),
            late=late.isoformat(),
        )
    if expiry.date is not None and (expiry.date - as_of).days <= EXPIRING_DAYS:
        return CellStatus.EXPIRING, text(
            "%(patent)s expires on %(date)s", patent=patent.name, date=expiry.date.isoformat()
        )
    return CellStatus.PROTECTED, None


def _territory(patent: PatentInfo, geography: Geography, as_of: dt.date) -> tuple[str, ...]:
    if patent.office in VALIDATED:
        return patent.designations
    return tuple(sorted(geography.territory(patent.office, as_of)))


def pct_base(patent: PatentInfo) -> dt.date:
    """The date PCT periods count from: the priority date, else the filing date."""
    return patent.priority_date or patent.filing_date


def pct_entry_office(market: str, geography: Geography, as_of: dt.date) -> str:
    """Where a PCT application enters for `market`: EP for EU states, else the country."""
    return "EP" if market in geography.members("EM", as_of) else market


def pct_open(
    patent: PatentInfo, market: str, rules: PatentRules, geography: Geography, as_of: dt.date
) -> tuple[bool, dt.date]:
    """Whether a pending PCT application can still enter the national phase for `market`."""
    office = pct_entry_office(market, geography, as_of)
    deadline, _late = national_phase_deadline(pct_base(patent), rules.pct_period(office))
    return as_of <= deadline, deadline


def _pct_note(patent: PatentInfo) -> str:
    return text(
        "%(patent)s: PCT application, national phase counted from %(date)s",
        patent=patent.name,
        date=pct_base(patent).isoformat(),
    )
