"""What needs doing soon and what needs a decision: the deadlines of the next 60 days (trademark,
patent and case) and the decisions the report puts before the executives, as data (the report
words them in the reader's language, see decision_wording)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from coverage.patents.layout import PatentLayout
from coverage.trademarks.matrix import Coverage
from coverage.trademarks.plan import plan_filings
from infringement.cases.deadlines import OpenDeadline
from infringement.cases.models import Case, Route
from infringement.cases.routes import CLOSED, TRANSITIONS
from infringement.models import Alert, AlertStatus, Observation, ObservationKind

HORIZON_DAYS = 60
MAX_DECISIONS = 10
LATE_WITHIN_DAYS = 14
# stages where a case waits for the company to choose its next step
AWAITING: dict[Route, frozenset[str]] = {
    Route.PLATFORM_COMPLAINT: frozenset({"counter_notice", "rejected"}),
    Route.CEASE_AND_DESIST: frozenset({"response_received", "no_response"}),
    Route.OPPOSITION: frozenset({"rejected"}),
    Route.INVALIDATION: frozenset({"maintained"}),
    Route.NON_USE_CANCELLATION: frozenset({"maintained"}),
    Route.ADMIN_COMPLAINT: frozenset({"rejected"}),
    Route.CIVIL_SUIT: frozenset({"judgment"}),
    Route.CRIMINAL_REFERRAL: frozenset({"declined"}),
    Route.CUSTOMS: frozenset({"detention_notice"}),
}
RENEWALS = frozenset({"renewal", "grace", "use_declaration", "use_declaration_grace"})
PATENT_ACTS = frozenset(
    {"annuity", "annuity_late", "national_phase", "national_phase_late", "ep_validation"}
)
ROUTE_OF_ACTION = {
    "designate": "madrid",
    "madrid": "madrid",
    "eutm": "regional",
    "regional": "regional",
    "national": "direct",
}


def deadline_rows(
    coverage: Coverage, layout: PatentLayout, case_deadlines: Iterable[OpenDeadline]
) -> list[dict[str, Any]]:
    """Trademark, patent and open-case deadlines due within 60 days of the coverage's date
    (overdue ones still curable included), soonest first."""
    horizon = coverage.as_of + dt.timedelta(days=HORIZON_DAYS)
    rows: list[dict[str, Any]] = []
    for d in coverage.deadlines:
        if d.due <= horizon or d.overdue:
            rows.append(_row("trademark", d.kind, d.due, d.overdue, d.right, d.brand))
    for p in layout.deadlines:
        if p.due <= horizon or p.overdue:
            brands = ", ".join(p.brands)
            rows.append(_row("patent", p.kind, p.due, p.overdue, p.patent, brands or None))
    for o in case_deadlines:
        if o.deadline.due <= horizon:
            row = _row("case", o.deadline.kind, o.deadline.due, o.days_left < 0, o.case.title)
            row.update(brand=o.case.brand, case_id=o.case.id)
            rows.append(row)
    rows.sort(key=lambda r: (r["due"], r["area"], r["subject"]))
    return rows


def _row(
    area: str, kind: str, due: dt.date, overdue: bool, subject: str, brand: str | None = None
) -> dict[str, Any]:
    return {
        "area": area,
        "kind": kind,
        "due": due.isoformat(),
        "overdue": bool(overdue),
        "subject": subject,
        "brand": brand,
        "case_id": None,
    }


def decisions(
    session: Session,
    coverage: Coverage,
    deadlines: list[dict[str, Any]],
    *,
    as_of: dt.date,
    before: dt.datetime,
) -> list[dict[str, Any]]:
    """The decisions to put to the executives on `as_of` (cases and alerts from `before` on
    are left out): the most urgent of each kind first (so the top three are not all
    renewals), then the others, soonest first."""
    found = (
        _filings(coverage)
        + [_renewal(r) for r in deadlines if r["area"] == "trademark" and r["kind"] in RENEWALS]
        + [_patent(r) for r in deadlines if r["area"] == "patent" and r["kind"] in PATENT_ACTS]
        + _cases(session, deadlines, before)
        + _oppositions(session, as_of, before)
    )
    later = (as_of + dt.timedelta(days=HORIZON_DAYS + 1)).isoformat()
    soon = (as_of + dt.timedelta(days=LATE_WITHIN_DAYS)).isoformat()

    def urgency(d: dict[str, Any]) -> tuple[str, int]:
        due = d.get("due") or later
        # already late (a renewal in its grace period, a late annuity): the surcharge grows and
        # the right hangs on it, so it counts as due within two weeks whatever its last day
        return (min(due, soon) if d.get("overdue") else due), -int(d.get("cells") or 0)

    found.sort(key=urgency)
    firsts: dict[str, dict[str, Any]] = {}
    for d in found:
        firsts.setdefault(d["kind"], d)
    lead = sorted(firsts.values(), key=urgency)
    rest = [d for d in found if all(d is not first for first in lead)]
    return (lead + rest)[:MAX_DECISIONS]


def _filings(coverage: Coverage) -> list[dict[str, Any]]:
    """The three filings that would close the most gaps."""
    return [
        {
            "kind": "file",
            "brand": f.brand,
            "market": f.markets[0] if f.markets else None,
            "nice_class": f.classes[0] if f.classes else None,
            "markets": list(f.markets),
            "classes": list(f.classes),
            "products": len(f.products),
            "cells": f.gaps,
            "action": f.action,
            "route": ROUTE_OF_ACTION.get(f.action),
            "office": f.offices[0] if f.offices else None,
            "offices": list(f.offices),
            "via": f.via,
            "due": None,
        }
        for f in plan_filings(coverage.gaps())[:3]
    ]


def _renewal(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "renew",
        "right": row["subject"],
        "brand": row["brand"],
        "due": row["due"],
        "grace": row["kind"].endswith("grace"),
        "overdue": row["overdue"],
        "deadline": row["kind"],
    }


def _patent(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "patent",
        "patent": row["subject"],
        "deadline": row["kind"],
        "due": row["due"],
        "overdue": row["overdue"],
        "brand": row["brand"],
    }


def _cases(
    session: Session, deadlines: list[dict[str, Any]], before: dt.datetime
) -> list[dict[str, Any]]:
    """Open cases at a stage where the company must choose, with their soonest deadline."""
    due: dict[int, str] = {}
    for r in deadlines:
        if r["area"] == "case" and r["case_id"] is not None:
            due.setdefault(r["case_id"], r["due"])
    waiting = [
        case
        for case in session.exec(
            select(Case).where(Case.stage != CLOSED, col(Case.created_at) < before)
        ).all()
        if case.stage in AWAITING.get(Route(case.route), frozenset())
    ]
    return [
        {
            "kind": "case",
            "case_id": case.id,
            "title": case.title,
            "brand": case.brand,
            "route": str(case.route),
            "stage": case.stage,
            "platform": case.platform,
            "due": due.get(case.id or 0),
            "next": [s for s in TRANSITIONS[Route(case.route)][case.stage] if s != CLOSED],
        }
        for case in waiting
    ]


def _oppositions(session: Session, as_of: dt.date, before: dt.datetime) -> list[dict[str, Any]]:
    """Newly published marks like ours, not yet triaged, whose opposition window is open: one
    per filing (the closest of our marks it resembles)."""
    horizon = as_of + dt.timedelta(days=HORIZON_DAYS)
    rows = session.exec(
        select(Alert, Observation)
        .join(Observation, col(Observation.id) == col(Alert.observation_id))
        .where(
            Observation.kind == ObservationKind.FILING,
            Alert.status == AlertStatus.NEW,
            col(Alert.opposition_deadline) >= as_of,
            col(Alert.opposition_deadline) <= horizon,
            col(Alert.first_seen) < before,
        )
        .order_by(col(Alert.opposition_deadline), col(Alert.score).desc(), col(Alert.id))
    ).all()
    filings: dict[int | None, tuple[Alert, Observation]] = {}
    for alert, observation in rows:
        filings.setdefault(observation.id, (alert, observation))
    return [
        {
            "kind": "oppose",
            "alert_id": alert.id,
            "mark": observation.text,
            "office": observation.office,
            "application_no": observation.application_no,
            "brand": alert.brand,
            "watched_mark": alert.watched_mark,
            "score": round(alert.score, 1),
            "due": alert.opposition_deadline.isoformat() if alert.opposition_deadline else None,
        }
        for alert, observation in list(filings.values())[:MAX_DECISIONS]
    ]
