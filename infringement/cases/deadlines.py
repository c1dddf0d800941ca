"""A case's deadlines as stored rows: the computed ones kept in step with its events, the ones
entered by hand kept as they are, marking them done, and the open deadlines across cases.

The rules live in `deadline_rules`; the events are the case's stage moves in its history.
Computed rows are matched by kind and due date when recomputed: a match keeps its row (and a
person's "done"), a computed deadline no longer given is removed unless it was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from coverage.messages import msg
from infringement.audit import history
from infringement.cases.changes import claim, log
from infringement.cases.deadline_rules import (
    KINDS,
    CaseFacts,
    DueDate,
    Filing,
    StageEvent,
    compute_deadlines,
)
from infringement.cases.errors import CaseRefused
from infringement.cases.models import Case, CaseDeadline, Route
from infringement.cases.routes import CLOSED
from infringement.models import Alert, Observation
from infringement.opposition import OppositionPeriod

MAX_NOTE = 1000


def _date(value: object, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return fallback


def load_facts(session: Session, case: Case) -> CaseFacts:
    """Read what the deadline rules need: stage moves from the history, the case's filings and
    the day we learned of the infringement (its first alert, else the day the case opened)."""
    assert case.id is not None
    events = [
        StageEvent(str(e.after.get("stage")), _date(e.after.get("on"), e.at.date()))
        for e in history(session, "case", case.id)
        if e.action == "stage moved"
    ]
    rows = session.exec(
        select(Alert, Observation)
        .join(Observation, col(Observation.id) == col(Alert.observation_id))
        .where(Alert.case_id == case.id)
        .order_by(col(Alert.id))
    ).all()
    seen = [a.first_seen.date() for a, _ in rows]
    filings = tuple(
        Filing(
            o.office, o.application_no, o.publication_date, a.opposition_deadline, a.opposition_note
        )
        for a, o in rows
        if str(o.kind) == "filing"
    )
    knowledge = min([*seen, case.created_at.date()])
    return CaseFacts(Route(case.route), tuple(events), knowledge, filings)


def list_deadlines(session: Session, case_id: int) -> list[CaseDeadline]:
    """Return the deadlines of `case_id`, soonest first."""
    query = select(CaseDeadline).where(CaseDeadline.case_id == case_id)
    return list(session.exec(query.order_by(col(CaseDeadline.due), col(CaseDeadline.id))).all())


def _summary(rows: list[CaseDeadline]) -> list[str]:
    return sorted(f"{r.kind} {r.due.isoformat()}{' done' if r.done else ''}" for r in rows)


def sync_deadlines(
    session: Session,
    case: Case,
    *,
    user: str,
    now: dt.datetime,
    periods: Mapping[str, OppositionPeriod] | None = None,
) -> list[DueDate]:
    """Recompute `case`'s computed deadlines from its events (in the caller's change; the
    history gets an entry when they changed). Return what the rules gave."""
    assert case.id is not None
    session.flush()
    wanted = compute_deadlines(load_facts(session, case), periods=periods)
    rows = [r for r in list_deadlines(session, case.id) if r.computed]
    before = _summary(rows)
    by_key = {(r.kind, r.due): r for r in rows}
    for due in wanted:
        row = by_key.pop((due.kind, due.due), None)
        if row is None:
            row = CaseDeadline(case_id=case.id, kind=due.kind, due=due.due, computed=True)
        row.note = due.note[:MAX_NOTE]
        if due.done and not row.done:
            row.done, row.done_at = True, now
        session.add(row)
    for stale in by_key.values():
        if not stale.done:
            session.delete(stale)
    session.flush()
    after = _summary([r for r in list_deadlines(session, case.id) if r.computed])
    if after != before:
        log(
            session,
            case,
            user=user,
            action="deadlines computed",
            now=now,
            before={"deadlines": before},
            after={"deadlines": after},
        )
    return wanted


def add_deadline(
    session: Session,
    case: Case,
    *,
    kind: str,
    due: dt.date,
    user: str,
    now: dt.datetime,
    note: str | None = None,
    expected_version: int | None = None,
) -> CaseDeadline:
    """Enter a deadline by hand (e.g. the response date a cease-and-desist letter gives)."""
    if kind not in KINDS:
        raise CaseRefused(msg("unknown kind of deadline %(kind)s", kind=kind))
    text = (note or "").strip() or None
    if text is not None and len(text) > MAX_NOTE:
        raise CaseRefused(msg("note: at most %(num)s characters", num=MAX_NOTE))
    claim(session, case, now=now, expected=expected_version)
    assert case.id is not None
    row = CaseDeadline(case_id=case.id, kind=kind, due=due, note=text, computed=False)
    session.add(row)
    session.flush()
    after = {"id": row.id, "kind": kind, "due": due.isoformat(), "note": text}
    log(session, case, user=user, action="deadline added", now=now, after=after)
    return row


def set_deadline_done(
    session: Session,
    case: Case,
    deadline_id: int,
    *,
    user: str,
    now: dt.datetime,
    done: bool = True,
    expected_version: int | None = None,
) -> CaseDeadline:
    """Mark one of `case`'s deadlines done (or open again)."""
    row = session.get(CaseDeadline, deadline_id)
    if row is None or row.case_id != case.id:
        raise CaseRefused(msg("case %(case)s has no deadline %(id)s", case=case.id, id=deadline_id))
    if row.done == done:
        return row
    claim(session, case, now=now, expected=expected_version)
    row.done, row.done_at = done, (now if done else None)
    session.add(row)
    session.flush()
    what = {"id": row.id, "kind": row.kind, "due": row.due.isoformat()}
    log(
        session,
        case,
        user=user,
        action="deadline done" if done else "deadline reopened",
        now=now,
        before={**what, "done": not done},
        after={**what, "done": done},
    )
    return row


@dataclass(frozen=True)
class OpenDeadline:
    """An open deadline of an open case, and the days left on a day (negative: overdue)."""

    deadline: CaseDeadline
    case: Case
    days_left: int


def list_open_deadlines(
    session: Session, *, as_of: dt.date, owner: str | None = None, within: int | None = None
) -> list[OpenDeadline]:
    """Return every open deadline of every open case (of `owner`), soonest first; `within`:
    only those due within that many days of `as_of` (overdue ones included)."""
    query = (
        select(CaseDeadline, Case)
        .join(Case, col(Case.id) == col(CaseDeadline.case_id))
        .where(col(CaseDeadline.done).is_(False), Case.stage != CLOSED)
        .order_by(col(CaseDeadline.due), col(Case.id), col(CaseDeadline.id))
    )
    if owner:
        query = query.where(Case.owner == owner.strip().lower())
    if within is not None:
        query = query.where(col(CaseDeadline.due) <= as_of + dt.timedelta(days=within))
    rows = session.exec(query).all()
    return [OpenDeadline(d, c, (d.due - as_of).days) for d, c in rows]
