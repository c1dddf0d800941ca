"""Upcoming and overdue trademark deadlines: renewals, grace periods, US §8, Madrid dependency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from coverage.dates import add_months, add_years
from coverage.grid import CellStatus
from coverage.trademarks.rules import TermRule, grace_end, renewal_opens
from coverage.trademarks.standing import DEPENDENCY_YEARS, MarkInfo, mark_standing

# US §8 declaration of use: between the 5th and 6th anniversary of registration, 6 months grace.
US_SECTION8 = (5, 6, 6)


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something to do about one right by `due`; `overdue` once `due` has passed (grace running).

    kind: "renewal" (window opens on `opens`), "grace" (late renewal, surcharge), "use_declaration"
    (US §8), "dependency" (a Madrid registration stops depending on its basic mark), "expiry".
    """

    due: dt.date
    kind: str
    right: str
    brand: str
    opens: dt.date | None = None
    overdue: bool = False

    @property
    def text(self) -> str:
        """An English sentence saying what to do by when."""
        templates = {
            "renewal": "Renew {right} by {due} (window open from {opens})",
            "grace": "Renewal of {right} is late: file with surcharge by {due}",
            "use_declaration": "File the US §8 declaration of use for {right} by {due}",
            "use_declaration_grace": "US §8 declaration for {right} is late: file by {due}",
            "dependency": "Keep the basic mark of {right} alive until {due} (Madrid dependency)",
            "expiry": "{right} expires on {due}",
        }
        return templates[self.kind].format(right=self.right, due=self.due, opens=self.opens)


def list_deadlines(
    marks: Iterable[MarkInfo],
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    horizon_days: int = 365,
) -> list[Deadline]:
    """Return deadlines due within `horizon_days` after `as_of`, and overdue ones still curable."""
    horizon = as_of + dt.timedelta(days=horizon_days)
    marks = list(marks)
    basics = {m.tm_no: m for m in marks if m.office != "WO"}
    found: list[Deadline] = []
    for mark in marks:
        if mark.status != "registered":
            continue
        found.extend(_mark_deadlines(mark, rules.get(mark.office), as_of=as_of, horizon=horizon))
        if mark.office == "WO" and mark.basic_mark:
            basic = basics.get(mark.basic_mark)
            if basic is None or _alive(basic, rules, as_of):
                found.extend(_dependency(mark, as_of=as_of, horizon=horizon))
    return sorted(found, key=lambda d: (d.due, d.right, d.kind))


class Reaching(Protocol):
    """What `deadlines_of` reads of a matrix cell: the labels of the rights reaching it."""

    @property
    def rights(self) -> tuple[str, ...]: ...


def deadlines_of(deadlines: Iterable[Deadline], cells: Iterable[Reaching]) -> list[Deadline]:
    """Return the `deadlines` of the rights that reach any of `cells`, in the given order."""
    rights = {right for cell in cells for right in cell.rights}
    return [d for d in deadlines if d.right in rights]


def _mark_deadlines(
    mark: MarkInfo, rule: TermRule | None, *, as_of: dt.date, horizon: dt.date
) -> list[Deadline]:
    out: list[Deadline] = []
    expiry = mark.expiry(rule).date
    if expiry is not None:
        late = grace_end(expiry, rule)
        if as_of <= expiry <= horizon:
            kind = "renewal" if rule is not None else "expiry"
            out.append(Deadline(expiry, kind, mark.label, mark.brand, renewal_opens(expiry, rule)))
        elif expiry < as_of <= late:
            out.append(Deadline(late, "grace", mark.label, mark.brand, expiry, overdue=True))
    if mark.office == "US" and mark.registration_date is not None:
        out.extend(_section8(mark, mark.registration_date, as_of=as_of, horizon=horizon))
    return out


def _alive(mark: MarkInfo, rules: Mapping[str, TermRule], as_of: dt.date) -> bool:
    status, _, _ = mark_standing(mark, rules.get(mark.office), as_of=as_of, expiring_days=0)
    return status is not CellStatus.LAPSED


def _dependency(mark: MarkInfo, *, as_of: dt.date, horizon: dt.date) -> list[Deadline]:
    """The day a Madrid registration stops depending on its (still live) basic mark."""
    ends = add_years(mark.registration_date or mark.filing_date, DEPENDENCY_YEARS)
    if as_of <= ends <= horizon:
        return [Deadline(ends, "dependency", mark.label, mark.brand)]
    return []


def _section8(
    mark: MarkInfo, registered: dt.date, *, as_of: dt.date, horizon: dt.date
) -> list[Deadline]:
    opens_year, due_year, grace_months = US_SECTION8
    opens, due = add_years(registered, opens_year), add_years(registered, due_year)
    late = add_months(due, grace_months)
    if as_of <= due <= horizon:
        return [Deadline(due, "use_declaration", mark.label, mark.brand, opens)]
    if due < as_of <= late:
        return [Deadline(late, "use_declaration_grace", mark.label, mark.brand, due, overdue=True)]
    return []
