"""Patent deadlines: annuities (with the late window), PCT national phases, EP validations, expiries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coverage.dates import add_months, add_years
from coverage.grid import CellStatus, collector_paused
from coverage.offices import Geography
from coverage.patents.rules import PatentRules, national_phase_deadline
from coverage.patents.standing import PatentInfo, PatentStanding, pct_base, pct_entry_office

# An EP patent must be validated in each state within 3 months of the mention of grant (EPC
# art. 65); the grant date stands in for the mention.
EP_VALIDATION_MONTHS = 3


@dataclass(frozen=True, slots=True)
class PatentDeadline:
    """Something to do about one patent by `due`; `overdue` once the normal date has passed.

    kind: "annuity", "annuity_late" (inside the late window, with `surcharge`), "national_phase",
    "national_phase_late" (a later date with a fee, e.g. CN 32 months), "ep_validation", "expiry".
    """

    due: dt.date
    kind: str
    patent: str
    office: str
    opens: dt.date | None = None
    overdue: bool = False
    surcharge: str | None = None
    products: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    market: str | None = None

    @property
    def text(self) -> str:
        """An English sentence saying what to do by when."""
        sentences = {
            "annuity": "Pay the annuity of {patent} by {due}",
            "annuity_late": "Annuity of {patent} is late: pay with surcharge by {due}",
            "national_phase": "Enter the national phase of {patent} in {market} by {due}",
            "national_phase_late": "National phase of {patent} in {market} is late: enter with "
            "a fee by {due}",
            "ep_validation": "Validate {patent} in its states by {due}",
            "expiry": "{patent} expires on {due}",
        }
        return sentences[self.kind].format(patent=self.patent, due=self.due, market=self.market)


@collector_paused()
def list_patent_deadlines(
    patents: Iterable[PatentInfo],
    standings: Mapping[str, PatentStanding],
    markets: Mapping[str, list[str]],
    brands: Mapping[str, str],
    rules: PatentRules,
    geography: Geography,
    *,
    as_of: dt.date,
    horizon_days: int = 365,
) -> list[PatentDeadline]:
    """Return deadlines due within `horizon_days`, and overdue ones still curable, by date.

    `markets` maps product_id to its countries, `brands` product_id to its brand.
    """
    horizon = as_of + dt.timedelta(days=horizon_days)
    entries = _EntryOffices(markets, geography, as_of)
    found: list[PatentDeadline] = []
    for patent in patents:
        standing = standings.get(patent.label)
        if standing is None or standing.status is CellStatus.LAPSED:
            continue
        owners = tuple(sorted({brands[p] for p in patent.product_ids if p in brands}))
        items = (
            _national_phases(patent, entries, rules, as_of, horizon)
            if patent.office == "WO"
            else _granted(patent, standing, rules, as_of, horizon)
        )
        found.extend(
            PatentDeadline(
                d.due,
                d.kind,
                d.patent,
                d.office,
                d.opens,
                d.overdue,
                d.surcharge,
                patent.product_ids,
                owners,
                d.market,
            )
            for d in items
        )
    return sorted(found, key=lambda d: (d.due, d.patent, d.kind, d.market or ""))


def _granted(
    patent: PatentInfo,
    standing: PatentStanding,
    rules: PatentRules,
    as_of: dt.date,
    horizon: dt.date,
) -> list[PatentDeadline]:
    if patent.status != "granted":
        return []
    out: list[PatentDeadline] = []
    expiry = standing.expiry.date
    if expiry is not None and as_of <= expiry <= horizon:
        out.append(PatentDeadline(expiry, "expiry", patent.label, patent.office))
    out.extend(_annuity(patent, expiry, rules, as_of, horizon))
    if patent.office == "EP" and patent.grant_date is not None:
        due = add_months(patent.grant_date, EP_VALIDATION_MONTHS)
        if as_of <= due <= horizon:
            out.append(
                PatentDeadline(due, "ep_validation", patent.label, "EP", opens=patent.grant_date)
            )
    return out


def _annuity(
    patent: PatentInfo,
    expiry: dt.date | None,
    rules: PatentRules,
    as_of: dt.date,
    horizon: dt.date,
) -> list[PatentDeadline]:
    term = rules.term(patent.office, patent.kind, patent.filing_date)
    if term is None or term.annuity_grace_months is None:
        return []
    due = patent.annuity_paid_until or _next_anniversary(patent.filing_date, as_of)
    if expiry is not None and due >= expiry:
        return []
    if due < as_of:
        late = add_months(due, term.annuity_grace_months)
        return [
            PatentDeadline(
                late,
                "annuity_late",
                patent.label,
                patent.office,
                opens=due,
                overdue=True,
                surcharge=term.annuity_surcharge,
            )
        ]
    if due <= horizon:
        return [PatentDeadline(due, "annuity", patent.label, patent.office)]
    return []


def _next_anniversary(filed: dt.date, as_of: dt.date) -> dt.date:
    """The first anniversary of the filing date on or after `as_of` (annuities fall due then)."""
    years = max(1, as_of.year - filed.year)
    due = add_years(filed, years)
    return due if due >= as_of else add_years(filed, years + 1)


class _EntryOffices:
    """Where a PCT application enters for each product's markets (EP for EU states), remembered."""

    def __init__(
        self, markets: Mapping[str, list[str]], geography: Geography, as_of: dt.date
    ) -> None:
        self._markets, self._geography, self._as_of = markets, geography, as_of
        self._by_product: dict[str, frozenset[str]] = {}

    def of(self, product_ids: Iterable[str]) -> list[str]:
        offices: set[str] = set()
        for pid in product_ids:
            if pid not in self._by_product:
                self._by_product[pid] = frozenset(
                    pct_entry_office(m, self._geography, self._as_of)
                    for m in self._markets.get(pid, ())
                )
            offices |= self._by_product[pid]
        return sorted(offices)


def _national_phases(
    patent: PatentInfo,
    entries: _EntryOffices,
    rules: PatentRules,
    as_of: dt.date,
    horizon: dt.date,
) -> list[PatentDeadline]:
    if patent.status != "pending":
        return []
    offices = entries.of(patent.product_ids)
    out = []
    for office in offices:
        deadline, late = national_phase_deadline(pct_base(patent), rules.pct_period(office))
        if as_of <= deadline <= horizon:
            out.append(
                PatentDeadline(deadline, "national_phase", patent.label, "WO", market=office)
            )
        elif deadline < as_of and late is not None and as_of <= late:
            out.append(
                PatentDeadline(
                    late,
                    "national_phase_late",
                    patent.label,
                    "WO",
                    opens=deadline,
                    overdue=True,
                    market=office,
                )
            )
    return out
