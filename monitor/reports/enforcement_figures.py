"""The enforcement half of the month's figures: alerts raised and triaged, cases opened and closed
by route and stage, listings taken down and how long that took.

Triage and stage counts come from the hash-chained history (entries are only ever appended), so
a month's counts do not change when an alert or a case is handled again later.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from coverage.models import as_utc
from infringement.cases.models import Case, CaseOutcome
from infringement.cases.routes import DRAFT
from infringement.models import Alert, AlertStatus, AuditEntry, Observation
from monitor.reports.portfolio_figures import rate

NOT_SIMILAR = "not_similar"


def alert_figures(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Alerts first seen in [start, end), and those dismissed or escalated in it."""
    kinds = Counter(
        str(kind)
        for kind in session.exec(
            select(Observation.kind)
            .join(Alert, col(Alert.observation_id) == col(Observation.id))
            .where(col(Alert.first_seen) >= start, col(Alert.first_seen) < end)
        )
    )
    dismissed: set[int] = set()
    not_similar: set[int] = set()
    escalated: set[int] = set()
    for entity_id, action, after in session.exec(
        select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.after).where(
            AuditEntry.entity == "alert",
            col(AuditEntry.action).in_(("dismissed", "escalated")),
            col(AuditEntry.at) >= start,
            col(AuditEntry.at) < end,
        )
    ):
        if action == "escalated":
            escalated.add(entity_id)
            continue
        dismissed.add(entity_id)
        if (after or {}).get("dismiss_reason") == NOT_SIMILAR:
            not_similar.add(entity_id)
    triaged = dismissed | escalated
    waiting = session.exec(
        select(func.count())
        .select_from(Alert)
        .where(Alert.status == AlertStatus.NEW, col(Alert.first_seen) < end)
    ).one()
    return {
        "alerts_new": sum(kinds.values()),
        "alerts_by_kind": {"listing": kinds.get("listing", 0), "filing": kinds.get("filing", 0)},
        "alerts_triaged": len(triaged),
        "alerts_dismissed": len(dismissed),
        "alerts_dismissed_not_similar": len(not_similar),
        "false_alarm_rate": rate(len(not_similar), len(triaged)),
        "alerts_escalated": len(escalated),
        "alerts_open": int(waiting),
    }


def _stages_at(session: Session, end: dt.datetime) -> dict[int, str]:
    """Each case's stage at `end`, replayed from its history (a case never moved is a draft)."""
    stages: dict[int, str] = {}
    for entity_id, after in session.exec(
        select(AuditEntry.entity_id, AuditEntry.after)
        .where(
            AuditEntry.entity == "case",
            AuditEntry.action == "stage moved",
            col(AuditEntry.at) < end,
        )
        .order_by(col(AuditEntry.id))
    ):
        stage = (after or {}).get("stage")
        if stage:
            stages[entity_id] = str(stage)
    return stages


def case_figures(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Cases opened and closed in [start, end), open at `end`, by route and stage."""
    cases = session.exec(select(Case).where(col(Case.created_at) < end)).all()
    stages = _stages_at(session, end)
    by_route: dict[str, dict[str, Any]] = {}
    totals = Counter[str]()

    def route_row(route: str) -> dict[str, Any]:
        return by_route.setdefault(route, {"opened": 0, "closed": 0, "open": 0, "stages": {}})

    for case in cases:
        row = route_row(str(case.route))
        closed_at = as_utc(case.closed_at) if case.closed_at else None
        if as_utc(case.created_at) >= start:
            row["opened"] += 1
            totals["opened"] += 1
        if closed_at is not None and start <= closed_at < end:
            row["closed"] += 1
            totals["closed"] += 1
        if closed_at is None or closed_at >= end:
            row["open"] += 1
            totals["open"] += 1
            stage = stages.get(case.id or 0, DRAFT)
            row["stages"][stage] = row["stages"].get(stage, 0) + 1
    return {
        "cases_opened": totals["opened"],
        "cases_closed": totals["closed"],
        "cases_open": totals["open"],
        "cases_by_route": dict(sorted(by_route.items())),
    }


def outcome_figures(session: Session, first: dt.date, last: dt.date) -> dict[str, Any]:
    """Outcomes recorded for days `first`..`last`: listings taken down (quantity, 1 when none
    given), the median days from a case's first alert to each takedown, and every outcome kind."""
    rows = session.exec(
        select(CaseOutcome).where(col(CaseOutcome.on) >= first, col(CaseOutcome.on) <= last)
    ).all()
    started = _case_starts(session, {r.case_id for r in rows if r.kind == "takedown"})
    days = [
        max(0, (r.on - started[r.case_id]).days)
        for r in rows
        if r.kind == "takedown" and r.case_id in started
    ]
    kinds: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = kinds.setdefault(r.kind, {"count": 0, "quantity": 0, "amounts": {}})
        entry["count"] += 1
        entry["quantity"] += r.quantity if r.quantity is not None else 1
        if r.amount is not None and r.currency:
            entry["amounts"][r.currency] = round(entry["amounts"].get(r.currency, 0) + r.amount, 2)
    return {
        "takedowns": kinds.get("takedown", {}).get("quantity", 0),
        "takedown_days_median": statistics.median(days) if days else None,
        "outcomes": kinds,
    }


def _case_starts(session: Session, case_ids: set[int]) -> dict[int, dt.date]:
    """The day each case's first alert was first seen (the case's creation without alerts)."""
    if not case_ids:
        return {}
    starts: dict[int, dt.datetime] = defaultdict(lambda: dt.datetime.max.replace(tzinfo=dt.UTC))
    for case_id, seen in session.exec(
        select(Alert.case_id, Alert.first_seen).where(col(Alert.case_id).in_(case_ids))
    ):
        if case_id is not None:
            starts[case_id] = min(starts[case_id], as_utc(seen))
    for case_id, created in session.exec(
        select(Case.id, Case.created_at).where(col(Case.id).in_(case_ids))
    ):
        if case_id is not None and case_id not in starts:
            starts[case_id] = as_utc(created)
    return {case_id: seen.date() for case_id, seen in starts.items()}
