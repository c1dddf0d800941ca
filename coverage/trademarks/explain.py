"""The standing of one trademark on a date, explained: expiry and how it was derived, what each
Madrid designation is worth, a central attack, and the mark's deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coverage.dates import Expiry
from coverage.grid import CellStatus
from coverage.models import Trademark
from coverage.trademarks.deadlines import Deadline, list_deadlines
from coverage.trademarks.rules import TermRule
from coverage.trademarks.standing import (
    MarkInfo,
    Right,
    assess_rights,
    central_attack,
    mark_standing,
)


@dataclass(frozen=True, slots=True)
class MarkReport:
    """What one mark is worth on `as_of` (status as in the coverage matrix)."""

    as_of: dt.date
    status: CellStatus
    note: str | None
    expiry: Expiry
    rule: TermRule | None
    rights: tuple[Right, ...]
    central_attack: str | None
    deadlines: tuple[Deadline, ...]


def mark_info(tm: Trademark, designations: Iterable[tuple[str, str]] = ()) -> MarkInfo:
    """Return the engine's record of a stored trademark with its (party, status) designations."""
    return MarkInfo(
        tm.office,
        tm.tm_no,
        tm.brand,
        tuple(tm.nice_classes or ()),
        str(tm.status),
        tm.filing_date,
        tm.registration_date,
        tm.expiry_date,
        tm.basic_mark,
        tuple((party, str(status)) for party, status in designations),
    )


def expiry_of(mark: MarkInfo, rules: Mapping[str, TermRule]) -> Expiry:
    """The mark's expiry as the data gives it, else as its office's rule derives it."""
    return mark.expiry(rules.get(mark.office))


def explain_mark(
    mark: MarkInfo,
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    expiring_days: int = 180,
    basic: MarkInfo | None = None,
) -> MarkReport:
    """Explain `mark` on `as_of`; `basic` is the basic mark of a Madrid registration, if stored."""
    status, _, note = mark_standing(
        mark, rules.get(mark.office), as_of=as_of, expiring_days=expiring_days
    )
    rights = assess_rights(mark, rules, as_of=as_of, expiring_days=expiring_days, basic=basic)
    fallen = None
    if mark.office == "WO":
        fallen = central_attack(mark, basic, rules, as_of=as_of, expiring_days=expiring_days)
    marks = [mark] + ([basic] if basic is not None else [])
    deadlines = [d for d in list_deadlines(marks, rules, as_of=as_of) if d.right == mark.label]
    return MarkReport(
        as_of=as_of,
        status=status,
        note=note,
        expiry=expiry_of(mark, rules),
        rule=rules.get(mark.office),
        rights=tuple(rights) if mark.office == "WO" else (),
        central_attack=fallen,
        deadlines=tuple(deadlines),
    )
