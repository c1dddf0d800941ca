"""Parts of the summary's sentences, each honest about zeros: lapsed cells, deadlines, triage,
cases, takedowns, and the locale's way of joining them into one sentence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from monitor.reports.labels import locale_code, num, pct
from monitor.reports.measures import count

Figures = Mapping[str, Any]


def lapsed_clause(figures: Figures, previous: Figures | None) -> list[str]:
    """Lapsed cells: how many more than last month, or how many when there is no last month."""
    lapsed = count(figures, "lapsed")
    if previous is not None and "lapsed" in previous:
        before = count(previous, "lapsed")
        if lapsed <= before:
            return []
        return [
            _(
                "lapsed cells rose from %(before)s to %(after)s",
                before=num(before),
                after=num(lapsed),
            )
        ]
    if not lapsed:
        return []
    return [ngettext("%(num)d cell is lapsed", "%(num)d cells are lapsed", lapsed)]


def deadline_clause(figures: Figures) -> list[str]:
    """Deadlines of the next 60 days, and how many of them are already overdue."""
    due = count(figures, "deadlines_next_60_days")
    deadlines = [d for d in figures.get("deadlines") or [] if isinstance(d, Mapping)]
    overdue = sum(1 for d in deadlines if d.get("overdue"))
    if not due:
        return []
    if overdue:
        return [
            ngettext(
                "%(num)d deadline falls due in the next 60 days, %(overdue)s of them overdue",
                "%(num)d deadlines fall due in the next 60 days, %(overdue)s of them overdue",
                due,
                overdue=num(overdue),
            )
        ]
    return [
        ngettext(
            "%(num)d deadline falls due in the next 60 days",
            "%(num)d deadlines fall due in the next 60 days",
            due,
        )
    ]


def triage_clause(figures: Figures) -> list[str]:
    """Alerts triaged: dismissed as not similar (the false-alarm rate) and escalated."""
    triaged = count(figures, "alerts_triaged")
    if not triaged:
        return [_("none triaged yet")] if count(figures, "alerts_new") else []
    false_alarms = figures.get("false_alarm_rate")
    if false_alarms is None:
        false_alarms = count(figures, "alerts_dismissed_not_similar") / triaged
    return [
        _(
            "%(triaged)s triaged: %(dismissed)s dismissed as not similar (%(rate)s false "
            "alarms) and %(escalated)s escalated into cases",
            triaged=num(triaged),
            dismissed=num(count(figures, "alerts_dismissed_not_similar")),
            rate=pct(false_alarms),
            escalated=num(count(figures, "alerts_escalated")),
        )
    ]


def cases_clause(figures: Figures) -> str:
    """Cases opened and closed in the month, and still open at its end."""
    opened, closed = count(figures, "cases_opened"), count(figures, "cases_closed")
    still_open = num(count(figures, "cases_open"))
    if not (opened or closed):
        return _("no case opened or closed (%(open)s open)", open=still_open)
    return ngettext(
        "%(num)d case opened and %(closed)s closed, %(open)s open at the end of the month",
        "%(num)d cases opened and %(closed)s closed, %(open)s open at the end of the month",
        opened,
        closed=num(closed),
        open=still_open,
    )


def takedown_clause(figures: Figures) -> str:
    """Listings taken down and the median days from the first alert to the takedown."""
    takedowns = count(figures, "takedowns")
    if not takedowns:
        return _("no listing taken down")
    taken = ngettext("%(num)d listing taken down", "%(num)d listings taken down", takedowns)
    days = figures.get("takedown_days_median")
    if days is None:
        return taken
    return _(
        "%(takedowns)s, a median of %(days)s days from alert to takedown",
        takedowns=taken,
        days=f"{float(days):g}",
    )


def join(parts: list[str], semicolons: bool = False) -> str:
    """Clauses as one list: "a, b and c" / "a; b; c"; in Chinese "a，b，c" / "a；b；c"."""
    if locale_code() == "zh":
        return ("；" if semicolons else "，").join(parts)
    if semicolons or len(parts) < 2:
        return "; ".join(parts)
    return _("%(items)s and %(last)s", items=", ".join(parts[:-1]), last=parts[-1])
