"""Reading the month's figures (docs/report-figures.md) for the report: counts that may be
missing, the coverage rate, its change in percentage points, the markets that moved most."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.reports.labels import locale_code, market_name

Figures = Mapping[str, Any]


def count(figures: Figures, key: str) -> int:
    """An integer figure; 0 when it is missing or null."""
    try:
        return int(figures.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def rate(figures: Figures) -> float | None:
    """The coverage rate (0–1), computed from the counts when the figure is missing."""
    value = figures.get("coverage_rate")
    if value is not None:
        return float(value)
    cells = count(figures, "cells")
    return count(figures, "protected") / cells if cells else None


def rate_change(figures: Figures, previous: Figures | None) -> float | None:
    """This month's coverage rate minus last month's, in percentage points (None: no trend)."""
    now, before = rate(figures), rate(previous) if previous is not None else None
    if now is None or before is None:
        return None
    return round((now - before) * 100, 1)


def market_moves(figures: Figures, previous: Figures, *, largest: bool) -> dict[str, str] | None:
    """The market whose coverage rate rose (largest) or fell most, by at least a point."""
    now, before = figures.get("by_market") or {}, previous.get("by_market") or {}
    moves = []
    for market, row in now.items():
        old = before.get(market)
        if (
            isinstance(row, Mapping)
            and isinstance(old, Mapping)
            and row.get("coverage_rate") is not None
            and old.get("coverage_rate") is not None
        ):
            moves.append((round((row["coverage_rate"] - old["coverage_rate"]) * 100, 1), market))
    if not moves:
        return None
    points, market = max(moves) if largest else min(moves)
    if (points if largest else -points) < 1:
        return None
    return {"market": market_name(market, locale_code()), "points": f"{abs(points):g}"}


def gap_count(figures: Figures) -> int | None:
    """Gap cells (missing + lapsed) of a month; None when the month has no counts."""
    if figures.get("gaps") is not None:
        return count(figures, "gaps")
    if "missing" in figures or "lapsed" in figures:
        return count(figures, "missing") + count(figures, "lapsed")
    return None
