"""Alerts as people read them: one row per alert with its observation, for pages, API and CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, and_, col, desc, func, or_, select

from coverage.models import as_utc
from infringement.models import (
    Alert,
    AlertStatus,
    Evidence,
    EvidenceKind,
    Observation,
    ObservationChange,
)


def utc_iso(moment: dt.datetime | None) -> str | None:
    """A stored moment as ISO 8601 with its UTC offset (SQLite hands them back without one)."""
    if moment is None:
        return None
    return as_utc(moment).isoformat()


@dataclass(frozen=True)
class AlertFilter:
    """What the alert list is narrowed to; None means any."""

    status: AlertStatus | None = None
    kind: str | None = None
    source: str | None = None
    brand: str | None = None
    min_score: float | None = None
    text: str | None = None
    # the triage queue's filters
    watched_mark: str | None = None
    assignee: str | None = None
    seen_from: dt.date | None = None  # the alert first seen on or after this day (UTC)
    seen_to: dt.date | None = None  # ... and on or before this one
    # with it, status "new" takes in the snoozed alerts whose day has come by then, and status
    # "snoozed" leaves them out: a snooze ends by itself, nothing has to wake the alert up
    awake_on: dt.date | None = None


@dataclass(frozen=True)
class AlertRow:
    """An alert with what was observed, and for filings the opposition deadline as of a day."""

    alert: Alert
    observation: Observation
    picture: str | None  # SHA-256 of the listing's first stored picture
    as_of: dt.date

    @property
    def days_left(self) -> int | None:
        due = self.alert.opposition_deadline
        return (due - self.as_of).days if due is not None else None

    @property
    def opposition_passed(self) -> bool:
        left = self.days_left
        return left is not None and left < 0

    def to_json(self) -> dict[str, Any]:
        """The fields of `ipwatch alerts list --format json` and /api/v1/alerts."""
        a, o = self.alert, self.observation
        data: dict[str, Any] = {
            "id": a.id,
            "kind": str(o.kind),
            "source": o.source,
            "observed_text": o.text,
            "url": o.url,
            "watched_tm_no": a.watched_tm_no,
            "watched_office": a.watched_office,
            "watched_mark": a.watched_mark,
            "brand": a.brand,
            "score": a.score,
            "reasons": list(a.reasons),
            "status": str(a.status),
            "case_id": a.case_id,
            "assignee": a.assignee,
            "snoozed_until": a.snoozed_until.isoformat() if a.snoozed_until else None,
            "dismiss_reason": a.dismiss_reason,
            "reopened_note": a.reopened_note,
            "version": a.version,
            "first_seen": utc_iso(a.first_seen),
            "last_seen": utc_iso(a.last_seen),
            "gone_at": utc_iso(o.gone_at),
            "seller": o.seller,
            "price": o.price,
            "classes": list(o.classes),
            "picture_sha256": self.picture,
        }
        if str(o.kind) == "filing":
            data.update(
                office=o.office,
                application_no=o.application_no,
                applicant=o.applicant,
                filing_status=o.filing_status,
                publication_date=o.publication_date.isoformat() if o.publication_date else None,
                opposition_deadline=(
                    a.opposition_deadline.isoformat() if a.opposition_deadline else None
                ),
                days_left=self.days_left,
                opposition_passed=self.opposition_passed,
                opposition_note=a.opposition_note,
            )
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _status(wanted: AlertFilter) -> Any:
    awake = wanted.awake_on
    if awake is not None and wanted.status == AlertStatus.NEW:
        due = and_(Alert.status == AlertStatus.SNOOZED, col(Alert.snoozed_until) <= awake)
        return or_(Alert.status == AlertStatus.NEW, due)
    if awake is not None and wanted.status == AlertStatus.SNOOZED:
        return and_(Alert.status == AlertStatus.SNOOZED, col(Alert.snoozed_until) > awake)
    return Alert.status == wanted.status


def _where(query: Any, wanted: AlertFilter) -> Any:
    if wanted.status is not None:
        query = query.where(_status(wanted))
    if wanted.watched_mark:
        query = query.where(Alert.watched_mark == wanted.watched_mark)
    if wanted.assignee:
        query = query.where(Alert.assignee == wanted.assignee)
    if wanted.seen_from is not None:
        query = query.where(col(Alert.first_seen) >= _day_start(wanted.seen_from))
    if wanted.seen_to is not None:
        end = _day_start(wanted.seen_to + dt.timedelta(days=1))
        query = query.where(col(Alert.first_seen) < end)
    if wanted.kind:
        query = query.where(Observation.kind == wanted.kind)
    if wanted.source:
        query = query.where(Observation.source == wanted.source)
    if wanted.brand:
        query = query.where(Alert.brand == wanted.brand)
    if wanted.min_score is not None:
        query = query.where(col(Alert.score) >= wanted.min_score)
    if wanted.text:
        like = f"%{wanted.text}%"
        query = query.where(
            or_(
                col(Observation.text).ilike(like),
                col(Observation.seller).ilike(like),
                col(Alert.watched_mark).ilike(like),
            )
        )
    return query


def count_alerts(session: Session, wanted: AlertFilter) -> int:
    query = select(func.count()).select_from(Alert).join(Observation)
    return int(session.exec(_where(query, wanted)).one())


def list_alerts(
    session: Session,
    wanted: AlertFilter,
    *,
    as_of: dt.date,
    limit: int | None = None,
    offset: int = 0,
) -> list[AlertRow]:
    """Alerts best first (score, then newest), with their observation and first picture."""
    query = _where(select(Alert, Observation).join(Observation), wanted).order_by(
        desc(Alert.score), desc(Alert.id)
    )
    if limit is not None:
        query = query.limit(limit).offset(offset)
    pairs = session.exec(query).all()
    pictures = _first_pictures(session, [o.id for _a, o in pairs if o.id is not None])
    return [AlertRow(a, o, pictures.get(o.id or 0), as_of) for a, o in pairs]


def get_alert(session: Session, alert_id: int, *, as_of: dt.date) -> AlertRow | None:
    alert = session.get(Alert, alert_id)
    if alert is None:
        return None
    observation = session.get(Observation, alert.observation_id)
    if observation is None:
        return None
    picture = _first_pictures(session, [alert.observation_id]).get(alert.observation_id)
    return AlertRow(alert, observation, picture, as_of)


def _first_pictures(session: Session, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = session.exec(
            select(Evidence.observation_id, Evidence.sha256)
            .where(
                col(Evidence.observation_id).in_(ids[start : start + 500]),
                Evidence.kind == EvidenceKind.PICTURE,
            )
            .order_by(col(Evidence.id))
        ).all()
        for observation_id, sha in rows:
            if observation_id is not None:
                found.setdefault(observation_id, sha)
    return found


def evidence_of(session: Session, observation_id: int) -> list[Evidence]:
    return list(
        session.exec(
            select(Evidence)
            .where(Evidence.observation_id == observation_id)
            .order_by(col(Evidence.id))
        ).all()
    )


def changes_of(session: Session, observation_id: int) -> list[ObservationChange]:
    """An observation's versions after the first: what changed, from what to what, and when."""
    query = (
        select(ObservationChange)
        .where(ObservationChange.observation_id == observation_id)
        .order_by(col(ObservationChange.version))
    )
    return list(session.exec(query).all())
