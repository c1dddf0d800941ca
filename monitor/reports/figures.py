"""The month's figures (see docs/report-figures.md): built from the database as of the month's
last day (or an earlier as-of day: month to date). No Flask here: settings are parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from coverage.models import CoverageSnapshot, PortfolioState, as_utc
from coverage.patents.queries import branded_brands, build_patent_layout
from coverage.trademarks.matrix import Coverage
from coverage.trademarks.queries import build_coverage
from infringement.cases.deadlines import list_open_deadlines
from monitor.reports.agenda import HORIZON_DAYS, deadline_rows, decisions
from monitor.reports.enforcement_figures import alert_figures, case_figures, outcome_figures
from monitor.reports.months import BadMonth, Month
from monitor.reports.portfolio_figures import (
    coverage_figures,
    gap_keys,
    patent_figures,
    top_gaps,
)

MAX_DEADLINE_ROWS = 100  # rows of `deadlines` kept; `deadlines_next_60_days` counts them all


@dataclass(frozen=True)
class FigureSettings:
    """What the figures depend on besides the database: the timezone months are counted in, and
    how many days before expiry a registration counts as expiring."""

    timezone: str = "Asia/Shanghai"
    expiring_days: int = 180


@dataclass
class Computed:
    """The figures, and the coverage they were made from (the snapshot keeps its gaps)."""

    figures: dict[str, Any]
    coverage: Coverage


def judged_on(month: Month, as_of: dt.date | None) -> dt.date:
    """The day the figures of `month` are judged on: its last day, or `as_of` when earlier."""
    if as_of is None or as_of >= month.last_day:
        return month.last_day
    if as_of < month.first_day:
        raise BadMonth(f"as-of {as_of.isoformat()} is before the month {month} begins")
    return as_of


def changed_since(session: Session, day: dt.date, settings: FigureSettings) -> dt.datetime | None:
    """When the portfolio last changed, if after the end of `day`; None when it has not (or
    never held anything). A portfolio whose changes were never timed counts as changed."""
    state = session.get(PortfolioState, 1)
    if state is None or state.revision == 0:
        return None
    _, end = Month.of(day).utc_bounds(settings.timezone, until=day)
    changed = state.changed_at
    if changed is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    changed = as_utc(changed)
    return changed if changed >= end else None


def _previous_gaps(
    session: Session, day: dt.date, settings: FigureSettings
) -> tuple[set[str], dict[str, Any]]:
    """The gap keys at the end of `day` (the previous month's last day), and where they came
    from: the day's coverage snapshot, or rebuilt from the portfolio as it stands now."""
    kept = session.get(CoverageSnapshot, day)
    if kept is not None:
        return set(kept.gaps), {"previous": day.isoformat(), "exact": True, "note": None}
    before = build_coverage(session, as_of=day, expiring_days=settings.expiring_days)
    changed = changed_since(session, day, settings)
    note = None
    if changed is not None:
        note = "rebuilt from the portfolio as it stands now: it changed after that day"
    basis = {"previous": day.isoformat(), "exact": changed is None, "note": note}
    return gap_keys(before.cells), basis


def compute(
    session: Session,
    month: Month,
    *,
    as_of: dt.date | None = None,
    settings: FigureSettings,
    light: bool = False,
) -> Computed:
    """Every figure of `month` from the database as it stands; `light`: the scalar figures of
    coverage and enforcement only (for the months before, drawn as lines)."""
    day = judged_on(month, as_of)
    start, end = month.utc_bounds(settings.timezone, until=day)
    coverage = build_coverage(session, as_of=day, expiring_days=settings.expiring_days)
    figures: dict[str, Any] = {
        "month": str(month),
        "as_of": day.isoformat(),
        "source": "live",
        "snapshot": None,
    }
    figures.update(coverage_figures(coverage))
    previous, basis = _previous_gaps(session, month.first_day - dt.timedelta(days=1), settings)
    now = gap_keys(coverage.cells)
    figures["gaps_opened"] = len(now - previous)
    figures["gaps_closed"] = len(previous - now)
    figures["gaps_basis"] = basis
    figures.update(alert_figures(session, start, end))
    figures.update(case_figures(session, start, end))
    figures.update(outcome_figures(session, month.first_day, day))
    if light:
        for key in (
            "by_market",
            "by_sales_market",
            "by_brand",
            "by_class",
            "by_region",
            "cases_by_route",
        ):
            figures.pop(key)
        return Computed(figures, coverage)
    layout = build_patent_layout(session, as_of=day)
    figures.update(patent_figures(layout, branded_brands(session)))
    rows = deadline_rows(
        coverage, layout, list_open_deadlines(session, as_of=day, within=HORIZON_DAYS)
    )
    figures["deadlines_next_60_days"] = len(rows)
    figures["deadlines_by_area"] = {
        area: sum(1 for r in rows if r["area"] == area) for area in ("trademark", "patent", "case")
    }
    figures["deadlines"] = rows[:MAX_DEADLINE_ROWS]
    figures["top_gaps"] = top_gaps(coverage)
    figures["decisions"] = decisions(session, coverage, rows, as_of=day, before=end)
    return Computed(figures, coverage)


def month_figures(
    session: Session, month: Month, *, as_of: dt.date | None = None, settings: FigureSettings
) -> dict[str, Any]:
    """The figures of `month` computed now (see `compute`)."""
    return compute(session, month, as_of=as_of, settings=settings).figures
