"""Scheduled jobs; each takes the app and runs inside its own app context and transaction."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlmodel import Session

from coverage.trademarks.history import record_snapshot
from coverage.trademarks.queries import build_coverage
from monitor.db import get_engine


def snapshot_coverage(app: Flask) -> None:
    """Record today's coverage counts and gaps of patented products (the matrix the monthly
    figures count: next month's gaps opened and closed are measured against it)."""
    with app.app_context(), Session(get_engine()) as session:
        today = dt.date.today()
        coverage = build_coverage(
            session,
            as_of=today,
            expiring_days=int(app.config["TM_EXPIRING_DAYS"]),
        )
        record_snapshot(coverage, session=session)
        session.commit()
