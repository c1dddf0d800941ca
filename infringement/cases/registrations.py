"""The registrations a case relies on: our trademarks, live on the day they are added, found by
number, with their classes and validity as the portfolio pages judge them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from coverage.messages import msg
from coverage.models import Trademark
from coverage.trademarks.queries import list_standings
from coverage.trademarks.standing import Standing
from infringement.cases.errors import RegistrationRefused
from infringement.cases.models import CaseRegistration
from infringement.models import Alert

LIVE_STATES = frozenset({"registered", "expiring"})
"""Standings of a mark that may be relied on: registered, expiring or not (not in grace)."""


@dataclass(frozen=True)
class Relied:
    """A registration relied on, as the case page shows it."""

    trademark: Trademark
    standing: Standing

    @property
    def label(self) -> str:
        """The registration as people cite it: `CN 10000001`."""
        return f"{self.trademark.office} {self.trademark.tm_no}"

    @property
    def live(self) -> bool:
        """Whether the mark is still a live registration (it may have lapsed since)."""
        return self.standing.state in LIVE_STATES


def registration_ids(session: Session, case_id: int) -> set[int]:
    """Return the ids of the trademarks `case_id` relies on."""
    query = select(CaseRegistration.trademark_id).where(CaseRegistration.case_id == case_id)
    return set(session.exec(query).all())


def registration_labels(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Return `OFFICE NUMBER` of each trademark id."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.exec(select(Trademark).where(col(Trademark.id).in_(wanted))).all()
    return {t.id: f"{t.office} {t.tm_no}" for t in rows if t.id is not None}


def check_live(session: Session, ids: Sequence[int], *, on: dt.date) -> list[Trademark]:
    """Return the trademarks of `ids`; raise RegistrationRefused naming any unknown or not live
    (pending, refused, expired, lapsed) on `on`."""
    if not ids:
        return []
    marks = list(session.exec(select(Trademark).where(col(Trademark.id).in_(list(ids)))).all())
    missing = sorted(set(ids) - {m.id for m in marks})
    if missing:
        raise RegistrationRefused(
            msg("no trademark %(ids)s in the portfolio", ids=", ".join(map(str, missing)))
        )
    standings = list_standings(session, marks, as_of=on)
    dead = [m for m in marks if m.id is not None and standings[m.id].state not in LIVE_STATES]
    if dead:
        names = ", ".join(f"{m.office} {m.tm_no} ({standings[m.id or 0].state})" for m in dead)
        raise RegistrationRefused(
            msg("only live registrations can be relied on; not live: %(marks)s", marks=names)
        )
    return sorted(marks, key=lambda m: (m.office, m.tm_no))


def find_registrations(session: Session, refs: Iterable[str]) -> list[Trademark]:
    """Return the trademarks named by `refs` (`CN 10000001`, `CN:10000001` or a number alone
    when only one office has it); raise RegistrationRefused naming unknown or ambiguous ones."""
    found: list[Trademark] = []
    for ref in refs:
        text = ref.strip().replace(":", " ")
        office, _, number = text.rpartition(" ")
        query = select(Trademark).where(Trademark.tm_no == number.strip())
        if office.strip():
            query = query.where(Trademark.office == office.strip().upper())
        rows = list(session.exec(query).all())
        if not rows:
            raise RegistrationRefused(msg("no trademark %(ids)s in the portfolio", ids=ref))
        if len(rows) > 1:
            offices = ", ".join(sorted(f"{r.office} {r.tm_no}" for r in rows))
            raise RegistrationRefused(
                msg("%(ref)s is ambiguous: write one of %(marks)s", ref=ref, marks=offices)
            )
        found.append(rows[0])
    return found


def list_relied(session: Session, case_id: int, *, as_of: dt.date) -> list[Relied]:
    """Return the registrations `case_id` relies on with their standing on `as_of`."""
    ids = registration_ids(session, case_id)
    if not ids:
        return []
    marks = list(session.exec(select(Trademark).where(col(Trademark.id).in_(list(ids)))).all())
    standings = list_standings(session, marks, as_of=as_of)
    rows = [Relied(m, standings[m.id]) for m in marks if m.id is not None]
    return sorted(rows, key=lambda r: (r.trademark.office, r.trademark.tm_no))


def list_live_marks(session: Session, *, as_of: dt.date, brand: str | None = None) -> list[Relied]:
    """Return our trademarks that may be relied on on `as_of` (of `brand` first when given)."""
    query = select(Trademark).where(Trademark.status == "registered")
    marks = list(session.exec(query).all())
    standings = list_standings(session, marks, as_of=as_of)
    rows = [Relied(m, standings[m.id]) for m in marks if m.id is not None]
    rows = [r for r in rows if r.live]
    wanted = (brand or "").strip().casefold()

    def order(row: Relied) -> tuple[bool, str, str, str]:
        tm = row.trademark
        return (tm.brand.casefold() != wanted, tm.brand, tm.office, tm.tm_no)

    return sorted(rows, key=order)


def relied_on(session: Session, alerts: Iterable[Alert], *, on: dt.date) -> list[int]:
    """The ids of our trademarks the alerts name as the registration to rely on, that are live
    on `on` (a lapsed one cannot be relied on: the case page lets people pick others)."""
    wanted = {(a.watched_office, a.watched_tm_no) for a in alerts}
    offices = {office for office, _ in wanted}
    numbers = {number for _, number in wanted}
    rows = session.exec(
        select(Trademark.id, Trademark.office, Trademark.tm_no).where(
            col(Trademark.office).in_(offices), col(Trademark.tm_no).in_(numbers)
        )
    ).all()
    ids = sorted(tm_id for tm_id, office, number in rows if (office, number) in wanted and tm_id)
    live = []
    for tm_id in ids:
        try:
            check_live(session, [tm_id], on=on)
        except RegistrationRefused:
            continue
        live.append(tm_id)
    return live
