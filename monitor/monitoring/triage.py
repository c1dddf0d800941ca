"""Triage as the page, the API and the command line ask for it: read the request, check the
user and the assignee, run the domain action (`infringement.triage`) and say what happened.

Every refusal comes out as `TriageRefused` (a translatable message) and every lost race as a
`Conflict`; `conflict_message` says who triaged the alert first and when. Nothing is committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from coverage.messages import Message, msg
from coverage.models import as_utc
from infringement import triage
from infringement.cases.errors import CaseRefused
from infringement.cases.models import Case, Route
from infringement.cases.routes import CLOSED
from infringement.conflicts import Conflict
from infringement.models import Alert, Observation
from infringement.triage import TriageConflict, TriageRefused
from monitor.auth import EDITORS
from monitor.models import User
from monitor.queries.users import get_user_by_email

ACTIONS = ("dismiss", "escalate", "assign", "snooze")
FIELDS = ("action", "reason", "note", "case_id", "route", "title", "assignee", "until")
ROUTES = tuple(r.value for r in Route)
TITLE_TEXT = 80  # characters of the observed text in a default case title


@dataclass(frozen=True)
class TriageRequest:
    """One triage action and what it needs: a reason, a case or route and title, a person, a day."""

    action: str
    reason: str | None = None
    note: str | None = None
    case_id: int | None = None
    route: str | None = None
    title: str | None = None
    assignee: str | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class Triaged:
    """What an action did: the alerts it changed and, for an escalation, the case."""

    alert_ids: list[int]
    case: Case | None = None


def _text(values: Mapping[str, Any], name: str) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TriageRefused(msg("%(name)s must be text", name=name))
    return value.strip() or None


def _case_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise TriageRefused(msg("case_id: %(value)s is not a case number", value=value))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise TriageRefused(
            msg("until: %(value)s is not a date; write YYYY-MM-DD", value=value)
        ) from None


def parse_request(values: Mapping[str, Any]) -> TriageRequest:
    """The action asked for in `values` (form fields or JSON); TriageRefused says what is wrong."""
    action = _text(values, "action")
    if action not in ACTIONS:
        raise TriageRefused(
            msg("unknown action %(action)r: one of %(known)s", action=action, known=ACTIONS)
        )
    request = TriageRequest(
        action=action,
        reason=_text(values, "reason"),
        note=_text(values, "note"),
        case_id=_case_id(values.get("case_id")),
        route=_text(values, "route"),
        title=_text(values, "title"),
        assignee=_text(values, "assignee"),
        until=_day(values.get("until")),
    )
    if action == "dismiss" and request.reason is None:
        raise TriageRefused(
            msg("choose why the alert is dismissed: one of %(known)s", known=triage.REASONS)
        )
    if action == "snooze" and request.until is None:
        raise TriageRefused(msg("choose the day the snooze ends"))
    return request


def find_editor(session: Session, email: str) -> User:
    """The active user of `email` who may triage (legal or admin); TriageRefused otherwise."""
    user = get_user_by_email(session=session, email=email.strip().lower())
    if user is None or not user.active:
        raise TriageRefused(msg("no active user %(email)s", email=email))
    if user.role not in EDITORS["enforcement"]:
        raise TriageRefused(
            msg("%(email)s may not triage alerts (legal or admin only)", email=email)
        )
    return user


def _check_assignee(session: Session, email: str | None) -> None:
    if email is None:
        return
    user = get_user_by_email(session=session, email=email.lower())
    if user is None or not user.active:
        raise TriageRefused(msg("no active user %(email)s to assign to", email=email))


def default_title(session: Session, alert_ids: Iterable[int]) -> str:
    """A new case's title from the alerts: our mark(s) and the first observed text."""
    rows = session.exec(
        select(Alert.watched_mark, Observation.text)
        .join(Observation)
        .where(col(Alert.id).in_(sorted(set(alert_ids))))
        .order_by(col(Alert.id))
    ).all()
    if not rows:
        return ""
    marks = "/".join(dict.fromkeys(mark for mark, _ in rows))
    text = rows[0][1]
    text = text if len(text) <= TITLE_TEXT else text[: TITLE_TEXT - 1] + "…"
    more = f" (+{len(rows) - 1})" if len(rows) > 1 else ""
    return f"{marks} — {text}{more}"


def perform(
    session: Session,
    request: TriageRequest,
    alert_ids: Iterable[int],
    *,
    user: str,
    now: dt.datetime,
    versions: Mapping[int, int] | None = None,
) -> Triaged:
    """Run `request` on the alerts as `user` (versions: the ones the user saw)."""
    ids = sorted(set(alert_ids))
    common: dict[str, Any] = {"user": user, "now": now, "expected_versions": versions}
    try:
        if request.action == "dismiss":
            reason = request.reason or ""
            done = triage.dismiss(session, ids, reason=reason, note=request.note, **common)
        elif request.action == "assign":
            _check_assignee(session, request.assignee)
            done = triage.assign(session, ids, assignee=request.assignee, **common)
        elif request.action == "snooze":
            until = request.until or now.date()
            done = triage.snooze(session, ids, until=until, **common)
        else:
            title = request.title
            if request.case_id is None and not title:
                title = default_title(session, ids)
            case = triage.escalate(
                session, ids, case_id=request.case_id, route=request.route, title=title, **common
            )
            return Triaged(ids, case)
    except CaseRefused as exc:
        raise TriageRefused(exc.message) from exc
    return Triaged([a.id for a in done if a.id is not None])


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "?"
    aware = as_utc(moment)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def conflict_message(exc: Conflict) -> Message:
    """Say who got there first and when, and that nothing was changed."""
    if isinstance(exc, TriageConflict):
        return msg(
            "alert %(id)s was changed by %(who)s at %(when)s (it is now %(status)s) after you "
            "loaded it: nothing was changed; look at it again and decide",
            id=exc.alert_id,
            who=exc.by or "?",
            when=_when(exc.at),
            status=msg(exc.status),
        )
    return msg(
        "%(what)s was changed by someone else meanwhile: nothing was changed; reload and try again",
        what=exc.what,
    )


@dataclass(frozen=True)
class Choices:
    """What the triage forms offer: people to assign to, open cases to add to, routes."""

    users: list[str]
    cases: list[Case]
    routes: tuple[str, ...] = ROUTES


def triage_choices(session: Session) -> Choices:
    """The active users' emails and the open cases (newest first)."""
    users = session.exec(
        select(User.email).where(col(User.active).is_(True)).order_by(col(User.email))
    ).all()
    cases = session.exec(
        select(Case)
        .where(col(Case.closed_at).is_(None), Case.stage != CLOSED)
        .order_by(col(Case.id).desc())
        .limit(200)
    ).all()
    return Choices(list(users), list(cases))
