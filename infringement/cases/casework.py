"""Opening and working a case: create it, add alerts, move its stage, set the registrations it
relies on, its owner and notes. Each change bumps the case's version (a stale edit raises
`Conflict`, nothing written), goes into the hash-chained history, and recomputes the deadlines.
Nothing is committed here: the caller commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from coverage.messages import msg
from infringement.audit import record
from infringement.cases import deadlines
from infringement.cases.changes import claim, log
from infringement.cases.errors import (
    CaseRefused,
    NeedsRegistrations,
    StageRefused,
    UnknownAlerts,
)
from infringement.cases.models import Case, CaseRegistration, Route
from infringement.cases.registrations import check_live, registration_ids, registration_labels
from infringement.cases.routes import CLOSED, DRAFT, NEEDS_REGISTRATIONS, allowed_next
from infringement.models import Alert, AlertStatus

# re-exported: callers find every refusal where the functions raising them live
__all__ = [
    "CaseRefused",
    "NeedsRegistrations",
    "StageRefused",
    "UnknownAlerts",
    "add_alerts",
    "create_case",
    "move_stage",
    "set_notes",
    "set_owner",
    "set_registrations",
]

MAX_TITLE = 300
MAX_NOTE = 2000


def _text(value: str | None, limit: int, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise CaseRefused(msg("%(what)s: at most %(num)s characters", what=what, num=limit))
    return text or None


def _owner(value: str | None) -> str | None:
    owner = _text(value, 254, "owner")
    if owner is not None and "@" not in owner:
        raise CaseRefused(msg("not an email address: %(email)r", email=owner))
    return owner.lower() if owner else None


def create_case(
    session: Session,
    *,
    title: str,
    route: Route | str,
    user: str,
    now: dt.datetime,
    brand: str | None = None,
    owner: str | None = None,
    platform: str | None = None,
    registrations: Iterable[int] = (),
) -> Case:
    """Open a case at stage `draft` relying on `registrations` (trademark ids, live ones only)."""
    name = _text(title, MAX_TITLE, "title")
    if name is None:
        raise CaseRefused(msg("give the case a title"))
    if str(route) not in {r.value for r in Route}:
        raise CaseRefused(msg("unknown route %(route)s", route=str(route)))
    marks = check_live(session, list(registrations), on=now.date())
    case = Case(
        title=name,
        route=Route(route),
        stage=DRAFT,
        brand=_text(brand, 120, "brand"),
        owner=_owner(owner),
        platform=_text(platform, 100, "platform"),
        created_at=now,
        created_by=user,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    for mark in marks:
        session.add(CaseRegistration(case_id=case.id, trademark_id=mark.id or 0))
    session.flush()
    after = {
        "title": case.title,
        "route": str(case.route),
        "stage": case.stage,
        "brand": case.brand,
        "owner": case.owner,
        "platform": case.platform,
        "registrations": [f"{m.office} {m.tm_no}" for m in marks],
    }
    log(session, case, user=user, action="case created", now=now, after=after)
    deadlines.sync_deadlines(session, case, user=user, now=now)
    return case


def add_alerts(
    session: Session,
    case: Case,
    alert_ids: Iterable[int],
    *,
    user: str,
    now: dt.datetime,
    expected_version: int | None = None,
) -> list[Alert]:
    """Put alerts in `case`: each becomes escalated into it (history on the alert and the case)."""
    wanted = sorted(set(alert_ids))
    alerts = list(session.exec(select(Alert).where(col(Alert.id).in_(wanted))).all())
    missing = sorted(set(wanted) - {a.id for a in alerts})
    if missing:
        raise UnknownAlerts(msg("no alert %(ids)s", ids=", ".join(map(str, missing))))
    fresh = [a for a in alerts if a.case_id != case.id]
    if not fresh:
        return []
    claim(session, case, now=now, expected=expected_version)
    for alert in fresh:
        before = {"status": str(alert.status), "case_id": alert.case_id}
        alert.case_id, alert.status = case.id, AlertStatus.ESCALATED
        alert.triaged_at, alert.triaged_by = now, user
        alert.version += 1
        session.add(alert)
        assert alert.id is not None
        record(
            session,
            user=user,
            entity="alert",
            entity_id=alert.id,
            action="escalated",
            before=before,
            after={"status": str(alert.status), "case_id": case.id},
            now=now,
        )
    ids = [a.id for a in fresh]
    log(session, case, user=user, action="alerts added", now=now, after={"alert_ids": ids})
    session.flush()
    deadlines.sync_deadlines(session, case, user=user, now=now)
    return fresh


def _check_move(session: Session, case: Case, stage: str) -> None:
    allowed = allowed_next(case.route, case.stage)
    if stage not in allowed:
        if allowed:
            reason = msg(
                "a %(route)s case at %(stage)s cannot move to %(target)s; allowed next: "
                "%(allowed)s",
                route=str(case.route),
                stage=case.stage,
                target=stage,
                allowed=", ".join(allowed),
            )
        else:
            reason = msg("the case is closed: it moves no further")
        raise StageRefused(reason, allowed)
    leaving_draft = case.stage == DRAFT and stage != CLOSED
    if leaving_draft and Route(case.route) in NEEDS_REGISTRATIONS:
        assert case.id is not None
        if not registration_ids(session, case.id):
            raise NeedsRegistrations(
                msg(
                    "a %(route)s case needs at least one registration relied on before it "
                    "leaves draft: add our trademarks to the case first",
                    route=str(case.route),
                )
            )


def move_stage(
    session: Session,
    case: Case,
    stage: str,
    *,
    user: str,
    now: dt.datetime,
    on: dt.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Case:
    """Move `case` to `stage` on date `on` (default: today), as the route allows; raise
    StageRefused naming the allowed next stages, NeedsRegistrations, or Conflict."""
    _check_move(session, case, stage)
    text = _text(note, MAX_NOTE, "note")
    claim(session, case, now=now, expected=expected_version)
    before = {"stage": case.stage}
    case.stage = stage
    case.closed_at = now if stage == CLOSED else None
    session.add(case)
    after = {"stage": stage, "on": (on or now.date()).isoformat(), "note": text}
    log(session, case, user=user, action="stage moved", now=now, before=before, after=after)
    deadlines.sync_deadlines(session, case, user=user, now=now)
    return case


def set_registrations(
    session: Session,
    case: Case,
    trademark_ids: Sequence[int],
    *,
    user: str,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Make `case` rely on exactly these registrations (live trademarks of ours)."""
    assert case.id is not None
    old = registration_ids(session, case.id)
    marks = check_live(session, [t for t in trademark_ids if t not in old], on=now.date())
    new = set(trademark_ids)
    if new == old:
        return case
    if not new and case.stage != DRAFT and Route(case.route) in NEEDS_REGISTRATIONS:
        raise NeedsRegistrations(
            msg("a %(route)s case past draft must keep a registration", route=str(case.route))
        )
    claim(session, case, now=now, expected=expected_version)
    labels = registration_labels(session, old | new)
    for row in session.exec(select(CaseRegistration).where(CaseRegistration.case_id == case.id)):
        if row.trademark_id not in new:
            session.delete(row)
    for mark in marks:
        session.add(CaseRegistration(case_id=case.id, trademark_id=mark.id or 0))
    session.flush()
    before = {"registrations": sorted(labels[i] for i in old)}
    after = {"registrations": sorted(labels[i] for i in new)}
    log(session, case, user=user, action="registrations set", now=now, before=before, after=after)
    return case


def set_owner(
    session: Session,
    case: Case,
    owner: str | None,
    *,
    user: str,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Give `case` an owner (an email; None: nobody)."""
    value = _owner(owner)
    if value == case.owner:
        return case
    claim(session, case, now=now, expected=expected_version)
    before = {"owner": case.owner}
    case.owner = value
    session.add(case)
    log(
        session, case, user=user, action="owner set", now=now, before=before, after={"owner": value}
    )
    return case


def set_notes(
    session: Session,
    case: Case,
    notes: str | None,
    *,
    user: str,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Replace the notes of `case` (the old text stays in the history)."""
    value = _text(notes, 20_000, "notes")
    if value == case.notes:
        return case
    claim(session, case, now=now, expected=expected_version)
    before = {"notes": case.notes}
    case.notes = value
    session.add(case)
    log(
        session, case, user=user, action="notes set", now=now, before=before, after={"notes": value}
    )
    return case
