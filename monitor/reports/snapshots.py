"""Freezing a month's figures once it has ended, so its report never changes afterwards.

The scheduled job freezes the month just ended on the 1st. A past month can be frozen later
(`ipwatch report snapshot --month`): the enforcement figures come from the history and are exact;
the coverage is exact only when the portfolio has not changed since the month ended, and the
snapshot says so when it has. A frozen month stays as it is unless rebuilt on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from coverage.models import as_utc
from coverage.trademarks.history import record_snapshot
from monitor.reports.figures import FigureSettings, changed_since, compute
from monitor.reports.models import MonthlySnapshot
from monitor.reports.months import Month


class NotEnded(ValueError):
    """The month has not ended yet on the given day: there is nothing to freeze."""


def frozen(session: Session, month: Month) -> MonthlySnapshot | None:
    """The snapshot of `month`, if it was frozen."""
    return session.get(MonthlySnapshot, str(month))


def as_figures(snapshot: MonthlySnapshot) -> dict[str, Any]:
    """The frozen figures, marked as coming from the snapshot, with when and how exact."""
    figures = dict(snapshot.figures)
    figures["source"] = "snapshot"
    frozen_at = snapshot.frozen_at
    frozen_at = as_utc(frozen_at)
    figures["snapshot"] = {
        "frozen_at": frozen_at.isoformat(timespec="seconds"),
        "frozen_by": snapshot.frozen_by,
        "exact": snapshot.exact,
        "note": snapshot.note,
    }
    return figures


def freeze(
    session: Session,
    month: Month,
    *,
    today: dt.date,
    by: str,
    settings: FigureSettings,
    rebuild: bool = False,
) -> tuple[MonthlySnapshot, bool]:
    """Freeze the figures of `month` (ended before `today`); return the snapshot and whether it
    was written now. An existing snapshot is kept unless `rebuild`."""
    if today <= month.last_day:
        raise NotEnded(
            f"{month} has not ended on {today.isoformat()}: "
            f"it can be frozen from {(month.last_day + dt.timedelta(days=1)).isoformat()}"
        )
    existing = frozen(session, month)
    if existing is not None and not rebuild:
        return existing, False
    computed = compute(session, month, settings=settings)
    changed = changed_since(session, month.last_day, settings)
    note = None
    if changed is not None:
        when = (
            "at a time not recorded"
            if changed.year == dt.MAXYEAR
            else f"on {changed.date().isoformat()}"
        )
        note = (
            f"rebuilt after the month ended: the portfolio changed {when}, so the coverage "
            "figures reflect the portfolio as it stood when rebuilt"
        )
    snapshot = existing or MonthlySnapshot(month=str(month))
    stored = dict(computed.figures)
    stored.pop("source", None)
    stored.pop("snapshot", None)
    snapshot.figures = stored
    snapshot.frozen_at = dt.datetime.now(dt.UTC)
    snapshot.frozen_by = by
    snapshot.exact = changed is None
    snapshot.note = note
    session.add(snapshot)
    if changed is None:  # the month's last day as it was: next month's opened and closed gaps
        record_snapshot(computed.coverage, session=session)
    return snapshot, True
