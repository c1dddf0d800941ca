"""The figures as the web app, the API, the CLI and the jobs ask for them (inside an app context):
a frozen month from its snapshot, any other month computed now, and the months before it."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func
from sqlmodel import Session, select

from coverage.queries import portfolio_revision
from infringement.models import Alert, AuditEntry
from monitor.db import get_session
from monitor.reports.figures import FigureSettings, compute, month_figures
from monitor.reports.months import Month
from monitor.reports.snapshots import as_figures, frozen

HISTORY_MONTHS = 12
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_cache_lock = threading.Lock()


def settings() -> FigureSettings:
    """The figure settings of the running app (IPWATCH_TIMEZONE, IPWATCH_TM_EXPIRING_DAYS)."""
    config = current_app.config
    return FigureSettings(
        timezone=str(config["TIMEZONE"]), expiring_days=int(config["TM_EXPIRING_DAYS"])
    )


def local_today() -> dt.date:
    """Today in IPWATCH_TIMEZONE (months begin and end there)."""
    return dt.datetime.now(ZoneInfo(settings().timezone)).date()


def figures_for(month: Month, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The figures of `month`: its snapshot when frozen (and asked as of its end), else computed
    now as of its last day or `as_of` when earlier (month to date)."""
    session = get_session()
    if as_of is None or as_of >= month.last_day:
        snapshot = frozen(session, month)
        if snapshot is not None:
            return as_figures(snapshot)
    return month_figures(session, month, as_of=as_of, settings=settings())


def history(
    month: Month, months: int = HISTORY_MONTHS, *, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """The figures of the `months` months before `month` and of `month` itself, oldest first.

    Frozen months come from their snapshots; the others are rebuilt with the scalar figures
    only (coverage counts, gaps opened and closed, alerts, cases, takedowns) and marked
    `source: rebuilt`. The current month is month to date on `as_of`.
    """
    session = get_session()
    out = [_past(session, month.back(n)) for n in range(months, 0, -1)]
    out.append(figures_for(month, as_of=as_of))
    return out


def _past(session: Session, month: Month) -> dict[str, Any]:
    snapshot = frozen(session, month)
    if snapshot is not None:
        return as_figures(snapshot)
    key = (str(month), *_state(session), settings())
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return dict(_cache[key])
    figures = _light(session, month)
    with _cache_lock:
        _cache[key] = figures
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return dict(figures)


def _state(session: Session) -> tuple[int, int, int]:
    """What a rebuilt past month depends on: the portfolio, the alerts and the history."""
    alerts = session.exec(select(func.max(Alert.id))).one() or 0
    entries = session.exec(select(func.max(AuditEntry.id))).one() or 0
    return portfolio_revision(session), int(alerts), int(entries)


def _light(session: Session, month: Month) -> dict[str, Any]:
    """The scalar figures of a month without a snapshot, rebuilt from the database now."""
    figures = compute(session, month, settings=settings(), light=True).figures
    figures["source"] = "rebuilt"
    return figures
