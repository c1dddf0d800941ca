"""The standing of each trademark in each territory it reaches on a date (the input of the matrix)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from coverage.dates import Expiry, add_years
from coverage.grid import CellStatus
from coverage.messages import Message, Text, msg, text
from coverage.trademarks.rules import TermRule, derive_expiry, grace_end

DEAD_MARK = frozenset({"refused", "expired", "cancelled", "withdrawn"})
LIVE_APPLICATION = frozenset({"pending", "opposed"})
DEAD_DESIGNATION = frozenset({"refused", "withdrawn", "cancelled", "expired"})
# A Madrid registration depends on its basic mark for this many years (Protocol art. 6).
DEPENDENCY_YEARS = 5


@dataclass(frozen=True, slots=True)
class MarkInfo:
    """A trademark as the engine needs it; `designations` are (party, status) pairs for WO marks."""

    office: str
    tm_no: str
    brand: str
    nice_classes: tuple[int, ...]
    status: str
    filing_date: dt.date
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None
    basic_mark: str | None = None
    designations: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return f"{self.office} {self.tm_no}"

    def expiry(self, rule: TermRule | None) -> Expiry:
        """The expiry the data gives, else the one the office's `rule` derives."""
        return derive_expiry(
            office=self.office,
            filing_date=self.filing_date,
            registration_date=self.registration_date,
            expiry_date=self.expiry_date,
            rule=rule,
        )


class Right(NamedTuple):
    """One mark's standing in one territory key (an office or designated party) on the as-of date."""

    label: str
    territory: str
    status: CellStatus
    expiry: dt.date | None
    note: str | None
    classes: frozenset[int]


@dataclass(frozen=True, slots=True)
class Standing:
    """What a mark itself is worth on a date (not its designations), as every page shows it.

    `state` is "registered", "expiring" (expiry within the threshold), "grace" (expired, late
    renewal still possible until `grace_end`), "lapsed" (expired and the grace period over), or
    for a mark that is not a live registration its recorded status ("pending", "opposed",
    "refused", "expired", "cancelled", "withdrawn"); `status` is its worth in the matrix.
    """

    state: str
    status: CellStatus
    expiry: Expiry
    grace_end: dt.date | None = None
    reason: Message | None = None


def standing_of(
    mark: MarkInfo, rule: TermRule | None, *, as_of: dt.date, expiring_days: int
) -> Standing:
    """Derive a mark's standing on `as_of`; expiring within `expiring_days` days counts as at risk."""
    if mark.status in DEAD_MARK:
        # a recorded expiry is the office's; an expired mark without one ended with its term
        expiry = mark.expiry(rule) if mark.status == "expired" else Expiry(mark.expiry_date)
        reason = text("%(mark)s %(status)s", mark=mark.label, status=msg(mark.status))
        return Standing(mark.status, CellStatus.LAPSED, expiry, None, reason)
    if mark.status in LIVE_APPLICATION:
        reason = text("%(mark)s %(status)s", mark=mark.label, status=msg(mark.status))
        return Standing(mark.status, CellStatus.PENDING, Expiry(None), None, reason)
    expiry = mark.expiry(rule)
    # the estimate's note (rules.derive_expiry) is itself a translatable Text
    estimated = text("%(reason)s", reason=expiry.note) if expiry.note else None
    if expiry.date is None:
        return Standing("registered", CellStatus.PROTECTED, expiry, None, estimated)
    days = (expiry.date - as_of).days
    if days > expiring_days:
        return Standing("registered", CellStatus.PROTECTED, expiry, None, estimated)
    if days >= 0:
        reason = text("%(mark)s expires on %(date)s", mark=mark.label, date=expiry.date.isoformat())
        return Standing("expiring", CellStatus.EXPIRING, expiry, None, reason)
    late = grace_end(expiry.date, rule)
    if as_of <= late:
        reason = text(
            "%(mark)s expired on %(date)s; late renewal possible until %(late)s",
            mark=mark.label,
            date=expiry.date.isoformat(),
            late=late.isoformat(),
        )
        return Standing("grace", CellStatus.EXPIRING, expiry, late, reason)
    reason = text(
        "%(mark)s expired on %(date)s (grace ended %(late)s)",
        mark=mark.label,
        date=expiry.date.isoformat(),
        late=late.isoformat(),
    )
    return Standing("lapsed", CellStatus.LAPSED, expiry, late, reason)


def mark_standing(
    mark: MarkInfo, rule: TermRule | None, *, as_of: dt.date, expiring_days: int
) -> tuple[CellStatus, dt.date | None, str | None]:
    """Return the status, expiry and reason (an English Text) of a mark itself (`standing_of`)."""
    standing = standing_of(mark, rule, as_of=as_of, expiring_days=expiring_days)
    reason = standing.reason
    if reason is not None and not isinstance(reason, Text):
        reason = Text(reason.template, reason.params)
    return standing.status, standing.expiry.date, reason


def assess_rights(
    mark: MarkInfo,
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    expiring_days: int,
    basic: MarkInfo | None = None,
) -> list[Right]:
    """Return the rights a mark gives: one for a national or regional mark, one per WO designation."""
    status, expiry, note = mark_standing(
        mark, rules.get(mark.office), as_of=as_of, expiring_days=expiring_days
    )
    classes = frozenset(mark.nice_classes)
    if mark.office != "WO":
        return [Right(mark.label, mark.office, status, expiry, note, classes)]
    fallen = central_attack(mark, basic, rules, as_of=as_of, expiring_days=expiring_days)
    rights = []
    for party, designation in mark.designations:
        d_status, d_note = _designation(mark, party, designation, status, note, fallen)
        rights.append(Right(mark.label, party, d_status, expiry, d_note, classes))
    return rights


def _designation(
    mark: MarkInfo,
    party: str,
    designation: str,
    ir_status: CellStatus,
    ir_note: str | None,
    fallen: str | None,
) -> tuple[CellStatus, str | None]:
    if ir_status is CellStatus.LAPSED:
        return CellStatus.LAPSED, ir_note
    if fallen:
        return CellStatus.LAPSED, fallen
    if designation in DEAD_DESIGNATION:
        return CellStatus.LAPSED, text(
            "%(mark)s: designation of %(party)s %(status)s",
            mark=mark.label,
            party=party,
            status=msg(designation),
        )
    if designation in LIVE_APPLICATION or ir_status is CellStatus.PENDING:
        return CellStatus.PENDING, text(
            "%(mark)s: designation of %(party)s pending", mark=mark.label, party=party
        )
    return ir_status, ir_note


def central_attack(
    mark: MarkInfo,
    basic: MarkInfo | None,
    rules: Mapping[str, TermRule],
    *,
    as_of: dt.date,
    expiring_days: int,
) -> str | None:
    """Why a WO registration under five years old fell with its basic mark, or None."""
    if basic is None:
        return None
    start = mark.registration_date or mark.filing_date
    if as_of >= add_years(start, DEPENDENCY_YEARS):
        return None
    status, _, _ = mark_standing(
        basic, rules.get(basic.office), as_of=as_of, expiring_days=expiring_days
    )
    if status is not CellStatus.LAPSED:
        return None
    word = basic.status if basic.status in DEAD_MARK else "expired"
    return text(
        "central attack: basic mark %(basic)s %(status)s within five years of %(mark)s "
        "(%(start)s); its designations fall with it",
        basic=basic.label,
        status=msg(word),
        mark=mark.label,
        start=start.isoformat(),
    )
