"""What the dashboard shows, in which order for whom: the sections per role, the changes against
the previous month, the month picker, the charts and the links, assembled from one month's figures
(monitor.reports.service) and the months before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coverage.queries import region_names
from monitor.db import get_session
from monitor.reports.labels import deadline_label, pct
from monitor.reports.months import Month
from monitor.reports.summary import decision_lines, summary_sentences
from monitor.views import dashboard_charts as charts
from monitor.views.dashboard_links import Links
from monitor.wording import Wording

# The same sections for everyone; the order (and which two lead) follows the role's work.
SECTIONS = (
    "summary",
    "headline",
    "trend",
    "coverage",
    "gaps",
    "deadlines",
    "patents",
    "alerts",
    "cases",
)
ORDER = {
    "executive": SECTIONS,
    "admin": SECTIONS,
    "brand_manager": (
        "gaps",
        "deadlines",
        "coverage",
        "patents",
        "headline",
        "trend",
        "summary",
        "alerts",
        "cases",
    ),
    "legal": (
        "alerts",
        "deadlines",
        "cases",
        "headline",
        "summary",
        "gaps",
        "coverage",
        "trend",
        "patents",
    ),
}
LEADING = 2  # the first sections of a role are drawn larger
# the deadline groups in the order each role works through them
DEADLINE_AREAS = {
    "legal": ("case", "trademark", "patent"),
    "brand_manager": ("trademark", "patent", "case"),
}
DEFAULT_AREAS = ("trademark", "patent", "case")
MONTHS_PICKED = 24  # months offered by the month picker
DECISIONS_SHOWN = 3
MARKETS_SHOWN = 15  # bars and rows shown at once; the others open on demand

# scalar figures compared with the previous month: key -> whether a rise is good (None: neither)
COMPARED: dict[str, bool | None] = {
    "coverage_rate": True,
    "cells": None,
    "protected": True,
    "gaps": False,
    "at_risk": False,
    "gaps_opened": False,
    "gaps_closed": True,
    "deadlines_next_60_days": None,
    "alerts_new": None,
    "alerts_open": False,
    "alerts_escalated": None,
    "false_alarm_rate": False,
    "cases_opened": None,
    "cases_closed": None,
    "cases_open": None,
    "takedowns": True,
    "branded_products_without_live_patent": False,
    "patents_per_branded_product": True,
}
RATES = {"coverage_rate", "false_alarm_rate"}


class Figures(dict[str, Any]):
    """The figures as the templates read them: a figure the month does not have (an older
    snapshot, a rebuilt month) reads None rather than failing the page."""

    def __missing__(self, key: str) -> None:
        return None


def sections_for(role: str) -> tuple[str, ...]:
    """The dashboard's sections in the order `role` reads them."""
    return ORDER.get(str(role), SECTIONS)


def deadline_groups(
    deadlines: Sequence[Mapping[str, Any]], role: str
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The deadlines grouped by area (trademark, patent, case) in the order of `role`'s work,
    soonest first in each group; empty groups left out."""
    areas = DEADLINE_AREAS.get(str(role), DEFAULT_AREAS)
    groups = [(area, [d for d in deadlines if d.get("area") == area]) for area in areas]
    others = [d for d in deadlines if d.get("area") not in areas]
    return [(a, rows) for a, rows in [*groups, ("other", others)] if rows]


@dataclass(frozen=True)
class Change:
    """A figure against the previous month: `up`, `down` or `same`, by how much (points for a
    rate), and whether that is good news (None: neither)."""

    direction: str
    amount: float
    rate: bool
    good: bool | None

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼"}.get(self.direction, "=")

    @property
    def tone(self) -> str:
        if self.good is None or self.direction == "same":
            return "neutral"
        return "good" if self.good else "bad"

    @property
    def text(self) -> str:
        """The amount as shown: percentage points to one decimal for a rate, else the count."""
        value = round(abs(self.amount) * 100, 1) if self.rate else abs(self.amount)
        return f"{value:g}"


def change(key: str, now: Mapping[str, Any], before: Mapping[str, Any] | None) -> Change | None:
    """How figure `key` moved since `before` (the previous month); None when either is unknown."""
    if before is None:
        return None
    a, b = now.get(key), before.get(key)
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return None
    amount = round(float(a) - float(b), 4)
    rate = key in RATES
    shown = round(amount * 100, 1) if rate else amount
    direction = "same" if shown == 0 else ("up" if amount > 0 else "down")
    good = COMPARED.get(key)
    return Change(direction, amount, rate, None if good is None else good == (amount > 0))


def previous_of(month: Month, past: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The figures of the month before `month` among `past`, if there are any."""
    wanted = str(month.previous())
    return next((f for f in past if f.get("month") == wanted), None)


def series(
    month: Month, figures: Mapping[str, Any], past: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The months of `past` before `month`, oldest first, and then this month's `figures` (the
    history's own entry for this month may be judged on another day)."""
    earlier = [f for f in past if str(f.get("month", "")) < str(month)]
    return [*sorted(earlier, key=lambda f: str(f.get("month"))), figures]


def month_choices(today: dt.date, count: int = MONTHS_PICKED) -> list[Month]:
    """The months of the picker: this one and the `count - 1` before it, newest first."""
    current = Month.of(today)
    return [current.back(i) for i in range(count)]


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def build(
    figures: Mapping[str, Any],
    past: Sequence[Mapping[str, Any]],
    *,
    month: Month,
    role: str,
    today: dt.date,
) -> dict[str, Any]:
    """The template context of the dashboard of `month` for `role`."""
    figures = Figures(figures)
    words = Wording()
    as_of = dt.date.fromisoformat(str(figures.get("as_of") or month.last_day.isoformat()))
    before = previous_of(month, past)
    months = series(month, figures, past)
    return {
        "figures": figures,
        "month": month,
        "as_of": as_of,
        "current": month == Month.of(today),
        "months": month_choices(today),
        "sections": sections_for(role),
        "leading": sections_for(role)[:LEADING],
        "changes": {key: change(key, figures, before) for key in COMPARED},
        "previous_month": str(month.previous()) if before is not None else None,
        "links": Links(as_of=as_of, first_day=month.first_day),
        "trend_rows": months,
        "class_rows": sorted(
            (figures.get("by_class") or {}).items(), key=lambda item: _class_number(item[0])
        ),
        "patent_markets": sorted(
            (figures.get("patents_by_market") or {}).items(),
            key=lambda item: (-(_number(item[1].get("share_without")) or 0), item[0]),
        ),
        "shown": MARKETS_SHOWN,
        "deadline_groups": deadline_groups(figures.get("deadlines") or [], role),
        "region_name": _region_namer(words.locale),
        "market_name": words.country,
        "sentences": summary_sentences(dict(figures), None if before is None else dict(before)),
        "decisions": decisions_with_entries(figures),
        "percent": pct,  # as the summary and the monthly report write rates: 37.5%
        "moment": moment,
        "deadline_text": deadline_text,
        **chart_context(figures, months, words),
    }


ALERT_BARS = ("alerts_new", "alerts_dismissed_not_similar", "alerts_escalated", "alerts_open")


def chart_context(
    figures: Mapping[str, Any], months: Sequence[Mapping[str, Any]], words: Wording
) -> dict[str, Any]:
    """The charts: coverage by market (the first bars, the others on demand), the coverage rate
    and the gaps month over month, the alerts of the month and the cases by route."""
    by_market = figures.get("by_market") or {}
    routes = figures.get("cases_by_route") or {}
    return {
        "market_charts": charts.split_bars(
            charts.market_bars(by_market, label=words.country), MARKETS_SHOWN
        ),
        "rate_chart": charts.line_chart(
            [(str(f.get("month")), _number(f.get("coverage_rate"))) for f in months],
            percent=True,
            label=pct,
        ),
        "gaps_chart": charts.line_chart(
            [(str(f.get("month")), _number(f.get("gaps"))) for f in months]
        ),
        "alerts_chart": charts.count_bars(
            [(key, key, {"count": int(figures.get(key) or 0)}) for key in ALERT_BARS], ("count",)
        ),
        "routes_chart": charts.count_bars(
            [(route, route, counts) for route, counts in sorted(routes.items())],
            ("opened", "closed", "open"),
        ),
    }


def decisions_with_entries(figures: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The most urgent decisions in words, each with the entry of the figures it words (for its
    link): `decision_lines` words the first entries of `decisions`, in their order."""
    lines = decision_lines(dict(figures), limit=DECISIONS_SHOWN)
    entries = [d for d in figures.get("decisions") or [] if isinstance(d, Mapping)]
    return [(line, entries[i] if i < len(entries) else {}) for i, line in enumerate(lines)]


def _class_number(key: object) -> int:
    text = str(key)
    return int(text) if text.isdigit() else 99


def moment(value: object) -> str:
    """A stored UTC time (a datetime or its ISO text) to the minute: "2026-12-01 00:05 UTC"."""
    moment_ = value
    if isinstance(value, str):
        try:
            moment_ = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(moment_, dt.datetime):
        if moment_.tzinfo is not None:
            moment_ = moment_.astimezone(dt.UTC)
        return moment_.strftime("%Y-%m-%d %H:%M UTC")
    return str(value or "")


def deadline_text(row: Mapping[str, Any]) -> str:
    """What falls due, in the UI language: "Renewal of CN 16543210", "annuity: CN2023…"."""
    return deadline_label(
        str(row.get("area", "")), str(row.get("kind", "")), str(row.get("subject") or "")
    )


def _region_namer(locale: str) -> Any:
    names = {code: (zh if locale == "zh" else en) for code, en, zh in region_names(get_session())}
    return lambda code: names.get(str(code), str(code))
