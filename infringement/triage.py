"""Triage alerts: dismiss with a reason, escalate into a case, assign, snooze until a day.

Every action takes several alert ids and is all or nothing: the alerts are read (and on
PostgreSQL locked) first, every check runs before anything is written, and a stale version
(someone else triaged one of them since it was read) raises `TriageConflict` with nothing
written. Each change of an alert bumps its version and appends an entry to the history
(`infringement.audit`), naming the user and the fields before and after. Nothing is committed.
A snoozed alert whose day has come counts as new again: the queue asks for it (see
`monitor.monitoring.alert_list`), nothing has to wake it up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from coverage.messages import Message, msg
from infringement import audit
from infringement.cases.casework import add_alerts, create_case
from infringement.cases.models import Case, Route
from infringement.cases.registrations import relied_on
from infringement.cases.routes import CLOSED
from infringement.conflicts import Conflict
from infringement.models import Alert, AlertStatus

REASONS = ("not_similar", "authorised", "handled", "other")
"""Why an alert was dismissed: not similar, an authorised seller, handled elsewhere, other."""

MAX_NOTE = 2000  # characters of a dismissal note
MAX_TITLE = 300  # characters of a case title
MAX_ALERTS = 1000  # alerts one action may take


class TriageRefused(ValueError):
    """The action cannot be done as asked (unknown alert, bad reason, past day…): nothing was
    written. `message` says why, translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class TriageConflict(Conflict):
    """An alert was triaged by someone else since it was read: who, when and what it is now."""

    def __init__(self, alert: Alert) -> None:
        super().__init__(f"alert {alert.id}", alert.version)
        self.alert_id = alert.id
        self.by = alert.triaged_by
        self.at = alert.triaged_at
        self.status = str(alert.status)


def _state(alert: Alert, *names: str) -> dict[str, Any]:
    return {name: getattr(alert, name) for name in names}


def lock_alerts(
    session: Session,
    alert_ids: Iterable[int],
    expected_versions: Mapping[int, int] | None = None,
) -> list[Alert]:
    """The alerts of `alert_ids` (in id order), locked for the transaction on PostgreSQL.

    Raise TriageRefused when there are none or one is missing, TriageConflict when one's
    version is not the one in `expected_versions` (ids left out there are not checked).
    """
    ids = sorted(set(alert_ids))
    if not ids:
        raise TriageRefused(msg("choose at least one alert"))
    if len(ids) > MAX_ALERTS:
        raise TriageRefused(msg("at most %(num)s alerts at a time", num=MAX_ALERTS))
    query = (
        select(Alert)
        .where(col(Alert.id).in_(ids))
        .order_by(col(Alert.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    alerts = list(session.exec(query).all())
    missing = sorted(set(ids) - {a.id for a in alerts})
    if missing:
        raise TriageRefused(msg("no alert %(id)s", id=missing[0]))
    for alert in alerts:
        wanted = (expected_versions or {}).get(alert.id or 0)
        if wanted is not None and wanted != alert.version:
            raise TriageConflict(alert)
    return alerts


def _not_in_a_case(alerts: Sequence[Alert], action: Message) -> None:
    for alert in alerts:
        if alert.status == AlertStatus.ESCALATED:
            raise TriageRefused(
                msg(
                    "alert %(id)s is in case %(case)s: it cannot be %(action)s",
                    id=alert.id,
                    case=alert.case_id,
                    action=action,
                )
            )


def _change(
    session: Session,
    alert: Alert,
    values: Mapping[str, Any],
    *,
    action: str,
    user: str,
    now: dt.datetime,
) -> None:
    """Set `values` on `alert`, bump its version and record the change in the history."""
    before = _state(alert, "status", *values, "version")
    for name, value in values.items():
        setattr(alert, name, value)
    alert.version += 1
    alert.triaged_at, alert.triaged_by = now, user
    session.add(alert)
    after = _state(alert, "status", *values, "version")
    audit.record(
        session,
        user=user,
        entity="alert",
        entity_id=alert.id or 0,
        action=action,
        before=before,
        after=after,
        now=now,
    )


def dismiss(
    session: Session,
    alert_ids: Iterable[int],
    *,
    reason: str,
    note: str | None,
    user: str,
    now: dt.datetime,
    expected_versions: Mapping[int, int] | None = None,
) -> list[Alert]:
    """Dismiss the alerts for `reason` (one of REASONS) with an optional note."""
    if reason not in REASONS:
        raise TriageRefused(
            msg("unknown reason %(reason)r: one of %(known)s", reason=reason, known=REASONS)
        )
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise TriageRefused(msg("the note is longer than %(num)s characters", num=MAX_NOTE))
    alerts = lock_alerts(session, alert_ids, expected_versions)
    _not_in_a_case(alerts, msg("dismissed"))
    values = {
        "status": AlertStatus.DISMISSED,
        "dismiss_reason": reason,
        "dismiss_note": note,
        "snoozed_until": None,
        "reopened_note": None,
    }
    for alert in alerts:
        _change(session, alert, values, action="dismissed", user=user, now=now)
    return alerts


def assign(
    session: Session,
    alert_ids: Iterable[int],
    *,
    assignee: str | None,
    user: str,
    now: dt.datetime,
    expected_versions: Mapping[int, int] | None = None,
) -> list[Alert]:
    """Give the alerts to `assignee` (an email the caller checked is an active user), or to
    nobody when it is None; their status stays as it is."""
    assignee = (assignee or "").strip().lower() or None
    alerts = lock_alerts(session, alert_ids, expected_versions)
    for alert in alerts:
        action = "assigned" if assignee else "unassigned"
        _change(session, alert, {"assignee": assignee}, action=action, user=user, now=now)
    return alerts


def snooze(
    session: Session,
    alert_ids: Iterable[int],
    *,
    until: dt.date,
    user: str,
    now: dt.datetime,
    expected_versions: Mapping[int, int] | None = None,
) -> list[Alert]:
    """Put the alerts aside until `until` (a day after `now`'s), when they count as new again."""
    if until <= now.date():
        raise TriageRefused(
            msg("snooze until a day after today (%(today)s)", today=now.date().isoformat())
        )
    alerts = lock_alerts(session, alert_ids, expected_versions)
    _not_in_a_case(alerts, msg("snoozed"))
    values = {"status": AlertStatus.SNOOZED, "snoozed_until": until}
    for alert in alerts:
        _change(session, alert, values, action="snoozed", user=user, now=now)
    return alerts


def escalate(
    session: Session,
    alert_ids: Iterable[int],
    *,
    user: str,
    now: dt.datetime,
    case_id: int | None = None,
    route: str | None = None,
    title: str | None = None,
    expected_versions: Mapping[int, int] | None = None,
) -> Case:
    """Put the alerts into case `case_id` (an open one), or into a new case of `route` named
    `title` relying on the registrations the alerts name; return the case."""
    alerts = lock_alerts(session, alert_ids, expected_versions)
    for alert in alerts:
        if alert.case_id is not None and alert.case_id != case_id:
            raise TriageRefused(
                msg("alert %(id)s is in case %(case)s already", id=alert.id, case=alert.case_id)
            )
    case = _open_case(session, case_id) if case_id is not None else None
    if case is None:
        case = _new_case(session, alerts, user=user, now=now, route=route, title=title)
    # add_alerts bumps each alert's version and records the escalation in the history
    ids = [a.id for a in alerts if a.id is not None and a.case_id != case.id]
    for alert in add_alerts(session, case, ids, user=user, now=now):
        alert.snoozed_until = alert.reopened_note = None
        alert.dismiss_reason = alert.dismiss_note = None
        session.add(alert)
    session.flush()
    return case


def _open_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise TriageRefused(msg("no case %(id)s", id=case_id))
    if case.closed_at is not None or case.stage == CLOSED:
        raise TriageRefused(msg("case %(id)s is closed", id=case_id))
    return case


def _new_case(
    session: Session,
    alerts: Sequence[Alert],
    *,
    user: str,
    now: dt.datetime,
    route: str | None,
    title: str | None,
) -> Case:
    known = [r.value for r in Route]
    if not route:
        raise TriageRefused(msg("choose a case to add to, or a route for a new case"))
    if route not in known:
        raise TriageRefused(
            msg("unknown route %(route)r: one of %(known)s", route=route, known=known)
        )
    title = (title or "").strip()
    if not title:
        raise TriageRefused(msg("a new case needs a title"))
    if len(title) > MAX_TITLE:
        raise TriageRefused(msg("the title is longer than %(num)s characters", num=MAX_TITLE))
    brands = {a.brand for a in alerts}
    return create_case(
        session,
        title=title,
        route=Route(route),
        user=user,
        now=now,
        brand=brands.pop() if len(brands) == 1 else None,
        registrations=relied_on(session, alerts, on=now.date()),
    )
