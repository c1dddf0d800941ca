"""The standing of one trademark on a date, explained: expiry and how it was derived, what each
Madrid designation is worth, a central attack, and the mark's deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from coverage.dates import Expiry
from coverage.grid import CellStatus
from coverage.messages import msg
from coverage.models import Trademark
from coverage.trademarks.deadlines import Deadline, list_deadlines
from coverage.trademarks.rules import TermRule
from coverage.trademarks.standing import (
    MarkInfo,
    Right,
    Standing,
    assess_rights,
    central_attack,
    standing_of,
)


@dataclass(frozen=True, slots=True)
class MarkReport:
    """What one mark is worth on `as_of` (status as in the coverage matrix)."""

    as_of: dt.date
    standing: Standing
    rule: TermRule | None
    rights: tuple[Right, ...]
    central_attack: str | None
    deadlines: tuple[Deadline, ...]

    @property
    def status(self) -> CellStatus:
        """The mark's own worth in the matrix."""
        return self.standing.status

    @property
    def expiry(self) -> Expiry:
        """The expiry as the data gives it, else as the office's rule derives it."""
        return self.standing.expiry


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


def judge_mark(
    mark: MarkInfo,
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    expiring_days: int = 180,
    basic: MarkInfo | None = None,
) -> Standing:
    """The standing every page shows for `mark` on `as_of`: its own (see `standing_of`), or
    "fallen" for a Madrid registration that fell with its basic mark `basic` (central attack)."""
    standing = standing_of(mark, rules.get(mark.office), as_of=as_of, expiring_days=expiring_days)
    if mark.office != "WO" or standing.status is CellStatus.LAPSED:
        return standing
    if central_attack(mark, basic, rules, as_of=as_of, expiring_days=expiring_days) is None:
        return standing
    assert basic is not None  # a central attack needs the basic mark
    reason = msg(
        "%(mark)s fell with its basic mark %(basic)s (central attack)",
        mark=mark.label,
        basic=basic.label,
    )
    return replace(standing, state="fallen", status=CellStatus.LAPSED, reason=reason)


def explain_mark(
    mark: MarkInfo,
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    expiring_days: int = 180,
    basic: MarkInfo | None = None,
) -> MarkReport:
    """Explain `mark` on `as_of`; `basic` is the basic mark of a Madrid registration, if stored."""
    rights = assess_rights(mark, rules, as_of=as_of, expiring_days=expiring_days, basic=basic)
    fallen = None
    if mark.office == "WO":
        fallen = central_attack(mark, basic, rules, as_of=as_of, expiring_days=expiring_days)
    marks = [mark] + ([basic] if basic is not None else [])
    deadlines = [d for d in list_deadlines(marks, rules, as_of=as_of) if d.right == mark.label]
    return MarkReport(
        as_of=as_of,
        standing=judge_mark(mark, rules, as_of=as_of, expiring_days=expiring_days, basic=basic),
        rule=rules.get(mark.office),
        rights=tuple(rights) if mark.office == "WO" else (),
        central_attack=fallen,
        deadlines=tuple(deadlines),
    )
