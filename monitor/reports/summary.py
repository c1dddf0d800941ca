"""The executive summary in five sentences and the decisions needed, written from the month's
figures (docs/report-figures.md) in the current locale. Plain text: the monthly report (PDF and
HTML) and the dashboard both use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from monitor.reports.clauses import (
    cases_clause,
    deadline_clause,
    join,
    lapsed_clause,
    takedown_clause,
    triage_clause,
)
from monitor.reports.decision_wording import decision_lines, short_decision
from monitor.reports.labels import locale_code, month_name, num, pct
from monitor.reports.measures import count, market_moves, rate, rate_change

__all__ = ["decision_lines", "summary_sentences"]  # decision_lines: see decision_wording

Figures = Mapping[str, Any]
MOVE = 0.05  # percentage points: a smaller change of a rate reads "unchanged"


def summary_sentences(figures: Figures, previous: Figures | None) -> list[str]:
    """Five sentences: protection, what improved, what got worse, enforcement, decisions."""
    return [
        protection_sentence(figures, previous),
        improved_sentence(figures, previous),
        worse_sentence(figures, previous),
        enforcement_sentence(figures),
        decisions_sentence(figures),
    ]


def protection_sentence(figures: Figures, previous: Figures | None) -> str:
    """The coverage rate of patented products and its change in points since last month."""
    cells = count(figures, "cells")
    if not cells:
        return _(
            "No patented product is in the coverage matrix yet, so there is no trademark "
            "coverage rate to report."
        )
    points = rate_change(figures, previous)
    month = _previous_name(previous)
    if points is None:
        trend = _("with no earlier month to compare with")
    elif points >= MOVE:
        trend = _("up %(points)s points from %(month)s", points=f"{points:.1f}", month=month)
    elif points <= -MOVE:
        trend = _("down %(points)s points from %(month)s", points=f"{-points:.1f}", month=month)
    else:
        trend = _("unchanged from %(month)s", month=month)
    return _(
        "Trademark coverage of patented products is %(rate)s (%(protected)s of %(cells)s "
        "product–market–class cells protected), %(trend)s.",
        rate=pct(rate(figures)),
        protected=num(count(figures, "protected")),
        cells=num(cells),
        trend=trend,
    )


def improved_sentence(figures: Figures, previous: Figures | None) -> str:
    """Gaps closed, more cells protected, fewer at risk, the market that gained most."""
    month = _previous_name(previous)
    parts = []
    closed = count(figures, "gaps_closed")
    if closed:
        parts.append(ngettext("%(num)d gap was closed", "%(num)d gaps were closed", closed))
    if previous is not None:
        more = count(figures, "protected") - count(previous, "protected")
        if more > 0 and "protected" in previous:
            parts.append(
                ngettext(
                    "%(num)d more cell is protected than in %(month)s",
                    "%(num)d more cells are protected than in %(month)s",
                    more,
                    month=month,
                )
            )
        fewer = count(previous, "at_risk") - count(figures, "at_risk")
        if fewer > 0 and "at_risk" in previous:
            parts.append(
                _(
                    "cells at risk fell from %(before)s to %(after)s",
                    before=num(count(previous, "at_risk")),
                    after=num(count(figures, "at_risk")),
                )
            )
        best = market_moves(figures, previous, largest=True)
        if best:
            parts.append(_("coverage rose most in %(market)s (+%(points)s points)", **best))
    if parts:
        return _("Improved: %(items)s.", items=join(parts))
    if previous is None:
        return _("Nothing improved this month: no gap was closed.")
    return _(
        "Nothing improved this month: no gap was closed and no more cells are protected than in "
        "%(month)s.",
        month=month,
    )


def worse_sentence(figures: Figures, previous: Figures | None) -> str:
    """Gaps opened, lapsed and at-risk cells, the market that lost most, deadlines coming."""
    parts = []
    opened = count(figures, "gaps_opened")
    if opened:
        parts.append(ngettext("%(num)d new gap opened", "%(num)d new gaps opened", opened))
    parts += lapsed_clause(figures, previous)
    at_risk = count(figures, "at_risk")
    if at_risk:
        parts.append(
            ngettext(
                "%(num)d cell is at risk (expiring or pending)",
                "%(num)d cells are at risk (expiring or pending)",
                at_risk,
            )
        )
    if previous is not None:
        worst = market_moves(figures, previous, largest=False)
        if worst:
            parts.append(_("coverage fell most in %(market)s (−%(points)s points)", **worst))
    parts += deadline_clause(figures)
    if parts:
        return _("Worse or at risk: %(items)s.", items=join(parts))
    return _(
        "Nothing got worse: no new gap, no lapsed or at-risk cell and no deadline in the next "
        "60 days."
    )


def enforcement_sentence(figures: Figures) -> str:
    """Alerts, triage and false alarms, cases opened and closed, takedowns and their speed."""
    new, triaged = count(figures, "alerts_new"), count(figures, "alerts_triaged")
    still_open = count(figures, "cases_open")
    moved = ("cases_opened", "cases_closed", "takedowns")
    if not (new or triaged or any(count(figures, key) for key in moved)):
        if still_open:
            return ngettext(
                "Enforcement: no alerts this month, no case opened or closed and no listing "
                "taken down; %(num)d case remains open.",
                "Enforcement: no alerts this month, no case opened or closed and no listing "
                "taken down; %(num)d cases remain open.",
                still_open,
            )
        return _(
            "Enforcement: no alerts this month, no case opened or closed and no listing taken down."
        )
    parts = [
        ngettext("%(num)d new alert", "%(num)d new alerts", new) if new else _("no new alerts")
    ]
    parts += triage_clause(figures)
    parts.append(cases_clause(figures))
    parts.append(takedown_clause(figures))
    return _("Enforcement: %(items)s.", items=join(parts, semicolons=True))


def decisions_sentence(figures: Figures) -> str:
    """The decisions needed in one sentence, naming up to three (most urgent first)."""
    decisions = [d for d in figures.get("decisions") or [] if isinstance(d, Mapping)]
    if not decisions:
        return _("No decision is needed this month.")
    items = join([short_decision(d) for d in decisions[:3]], semicolons=True)
    if len(decisions) <= 3:
        return ngettext(
            "%(num)d decision needed: %(items)s.",
            "%(num)d decisions needed: %(items)s.",
            len(decisions),
            items=items,
        )
    return _(
        "%(count)s decisions are waiting; the most urgent: %(items)s.",
        count=num(len(decisions)),
        items=items,
    )


def _previous_name(previous: Figures | None) -> str:
    if previous is not None and previous.get("month"):
        return month_name(previous["month"], locale_code())
    return _("the previous month")
