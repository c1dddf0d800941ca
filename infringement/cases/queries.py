"""Cases as people read them: the filtered list with counts per stage and route, one case with
its alerts, registrations, deadlines, outcomes, files and history, in the JSON shape the CLI
(`ipwatch cases list|show --format json`) and the API share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, func, or_, select

from coverage.models import Trademark, as_utc
from infringement.audit import history
from infringement.cases.models import (
    Case,
    CaseDeadline,
    CaseFile,
    CaseOutcome,
    CaseRegistration,
)
from infringement.cases.routes import CLOSED, allowed_next
from infringement.models import Alert, AuditEntry, Observation


def utc_iso(moment: dt.datetime | None) -> str | None:
    """A stored moment as ISO 8601 in UTC (SQLite hands them back without an offset)."""
    if moment is None:
        return None
    return as_utc(moment).isoformat()


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to; None means any. `state`: open or closed."""

    route: str | None = None
    stage: str | None = None
    owner: str | None = None
    brand: str | None = None
    text: str | None = None
    state: str | None = None


def _where(query: Any, wanted: CaseFilter, *, skip: str = "") -> Any:
    if wanted.route and skip != "route":
        query = query.where(Case.route == wanted.route)
    if wanted.stage and skip != "stage":
        query = query.where(Case.stage == wanted.stage)
    if wanted.owner:
        query = query.where(Case.owner == wanted.owner.strip().lower())
    if wanted.brand:
        query = query.where(func.lower(Case.brand) == wanted.brand.strip().lower())
    if wanted.text:
        like = f"%{wanted.text.strip().lower()}%"
        query = query.where(
            or_(func.lower(Case.title).like(like), func.lower(Case.notes).like(like))
        )
    if wanted.state == "open":
        query = query.where(Case.stage != CLOSED)
    elif wanted.state == "closed":
        query = query.where(Case.stage == CLOSED)
    return query


@dataclass
class CaseRecord:
    """A case with what hangs off it (history only when asked for)."""

    case: Case
    alert_ids: list[int] = field(default_factory=list)
    registrations: list[str] = field(default_factory=list)
    deadlines: list[CaseDeadline] = field(default_factory=list)
    outcomes: list[CaseOutcome] = field(default_factory=list)
    files: list[CaseFile] = field(default_factory=list)
    history: list[AuditEntry] | None = None

    def to_json(self, *, as_of: dt.date) -> dict[str, Any]:
        """The fields of `ipwatch cases list|show --format json` and /api/v1/cases."""
        c = self.case
        data: dict[str, Any] = {
            "id": c.id,
            "title": c.title,
            "brand": c.brand,
            "route": str(c.route),
            "stage": c.stage,
            "allowed_next": list(allowed_next(c.route, c.stage)),
            "owner": c.owner,
            "platform": c.platform,
            "notes": c.notes,
            "version": c.version,
            "created_at": utc_iso(c.created_at),
            "created_by": c.created_by,
            "updated_at": utc_iso(c.updated_at),
            "closed_at": utc_iso(c.closed_at),
            "alert_ids": self.alert_ids,
            "registrations": self.registrations,
            "deadlines": [_deadline(d, as_of) for d in self.deadlines],
            "outcomes": [_outcome(o) for o in self.outcomes],
            "files": [_file(f) for f in self.files],
        }
        if self.history is not None:
            data["history"] = [history_json(e) for e in self.history]
        return data


def _deadline(d: CaseDeadline, as_of: dt.date) -> dict[str, Any]:
    return {
        "id": d.id,
        "kind": d.kind,
        "due": d.due.isoformat(),
        "done": d.done,
        "days_left": (d.due - as_of).days,
        "computed": d.computed,
        "note": d.note,
    }


def _outcome(o: CaseOutcome) -> dict[str, Any]:
    return {
        "kind": o.kind,
        "on": o.on.isoformat(),
        "quantity": o.quantity,
        "amount": o.amount,
        "currency": o.currency,
        "note": o.note,
    }


def _file(f: CaseFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "filename": f.filename,
        "sha256": f.sha256,
        "bytes": f.bytes,
        "content_type": f.content_type,
        "uploaded_by": f.uploaded_by,
        "captured_at": utc_iso(f.captured_at),
    }


def history_json(entry: AuditEntry) -> dict[str, Any]:
    """One history entry as the JSON shows it."""
    return {
        "at": utc_iso(entry.at),
        "user": entry.user,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
        "hash": entry.hash,
    }


def _by_case(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.case_id].append(row)
    return out


def _records(session: Session, cases: list[Case]) -> list[CaseRecord]:
    ids = [c.id for c in cases]
    alerts: dict[int, list[int]] = defaultdict(list)
    query = select(Alert.id, Alert.case_id).where(col(Alert.case_id).in_(ids))
    for alert_id, case_id in session.exec(query.order_by(col(Alert.id))).all():
        if alert_id is not None and case_id is not None:
            alerts[case_id].append(alert_id)
    marks: dict[int, list[str]] = defaultdict(list)
    query2 = (
        select(CaseRegistration.case_id, Trademark.office, Trademark.tm_no)
        .join(Trademark, col(Trademark.id) == col(CaseRegistration.trademark_id))
        .where(col(CaseRegistration.case_id).in_(ids))
        .order_by(col(Trademark.office), col(Trademark.tm_no))
    )
    for case_id, office, number in session.exec(query2).all():
        marks[case_id].append(f"{office} {number}")
    deadlines = _by_case(
        session.exec(
            select(CaseDeadline)
            .where(col(CaseDeadline.case_id).in_(ids))
            .order_by(col(CaseDeadline.due), col(CaseDeadline.id))
        )
    )
    outcomes = _by_case(
        session.exec(
            select(CaseOutcome)
            .where(col(CaseOutcome.case_id).in_(ids))
            .order_by(col(CaseOutcome.on), col(CaseOutcome.id))
        )
    )
    files = _by_case(
        session.exec(
            select(CaseFile).where(col(CaseFile.case_id).in_(ids)).order_by(col(CaseFile.id))
        )
    )
    return [
        CaseRecord(
            c,
            alerts[c.id or 0],
            marks[c.id or 0],
            deadlines[c.id or 0],
            outcomes[c.id or 0],
            files[c.id or 0],
        )
        for c in cases
    ]


def list_cases(
    session: Session, wanted: CaseFilter, *, limit: int | None = None, offset: int = 0
) -> list[CaseRecord]:
    """Return the cases passing `wanted`, most recently changed first."""
    query = _where(select(Case), wanted).order_by(desc_updated(), col(Case.id).desc())
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return _records(session, list(session.exec(query).all()))


def desc_updated() -> Any:
    """Order: most recently changed first."""
    return col(Case.updated_at).desc()


def count_cases(session: Session, wanted: CaseFilter) -> int:
    """Return how many cases pass `wanted`."""
    return int(session.exec(_where(select(func.count()).select_from(Case), wanted)).one())


def count_by(session: Session, wanted: CaseFilter, column: str) -> dict[str, int]:
    """Count the cases passing `wanted` (except its own `column` filter) by route or stage."""
    attribute = col(Case.route) if column == "route" else col(Case.stage)
    query = _where(select(attribute, func.count()).select_from(Case), wanted, skip=column)
    return {str(k): int(n) for k, n in session.exec(query.group_by(attribute)).all()}


def get_case(session: Session, case_id: int, *, with_history: bool = False) -> CaseRecord | None:
    """Return one case with everything on it (and its history when asked), or None."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    record = _records(session, [case])[0]
    if with_history:
        record.history = history(session, "case", case_id)
    return record


def list_owners(session: Session) -> list[str]:
    """Return the owners named on cases, sorted."""
    query = select(Case.owner).where(col(Case.owner).is_not(None)).distinct()
    return sorted(o for o in session.exec(query).all() if o)


def list_case_alerts(session: Session, case_id: int) -> list[tuple[Alert, Observation]]:
    """Return the alerts in `case_id` with what each observed, oldest alert first."""
    query = (
        select(Alert, Observation)
        .join(Observation, col(Observation.id) == col(Alert.observation_id))
        .where(Alert.case_id == case_id)
        .order_by(col(Alert.id))
    )
    return [(a, o) for a, o in session.exec(query).all()]
