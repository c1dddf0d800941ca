"""The detail sections of the monthly report: the top gaps by sales region, the deadlines of the
next 60 days and the enforcement results by route; each table is cut to fit the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from monitor.reports.blocks import Para, Row, Section, Table
from monitor.reports.labels import (
    date_text,
    deadline_label,
    list_sep,
    locale_code,
    market_name,
    num,
    region_name,
    route_label,
    stage_label,
    status_label,
    to_date,
)
from monitor.reports.measures import count

Figures = Mapping[str, Any]
MAX_GAP_ROWS = 15
MAX_DEADLINE_ROWS = 15


def gaps_section(figures: Figures, lang: str) -> Section:
    """The largest gaps grouped under their sales region, domestic (CN) first."""
    gaps = [g for g in figures.get("top_gaps") or [] if isinstance(g, Mapping)]
    shown = gaps[:MAX_GAP_ROWS]
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for gap in shown:
        groups.setdefault(region_name(gap.get("region"), gap.get("market"), lang), []).append(gap)
    domestic, other = region_name(None, "CN", lang), region_name(None, None, lang)
    # domestic first, markets in no sales region last, the others by their gap cells
    order = sorted(
        groups,
        key=lambda r: (r != domestic, r == other, -sum(count(g, "cells") for g in groups[r])),
    )
    rows: list[Row] = []
    for region in order:
        rows.append(Row((region,), kind="group"))
        for gap in groups[region]:
            products = [str(p) for p in gap.get("products") or []]
            listed = ", ".join(products[:3]) + (", …" if len(products) > 3 else "")
            status = str(gap.get("status") or "")
            rows.append(
                Row(
                    (
                        str(gap.get("brand") or ""),
                        market_name(gap.get("market"), lang),
                        str(gap.get("nice_class") or ""),
                        status_label(status),
                        num(gap.get("cells")),
                        f"{len(products)}: {listed}" if products else "—",
                    ),
                    alert=frozenset({3}) if status == "missing" else frozenset(),
                )
            )
    blocks: list[Any] = []
    if rows:
        columns = (_("Brand"), _("Market"), _("Class"), _("Status"), _("Cells"), _("Products"))
        note = more_note(len(gaps) - len(shown))
        blocks.append(
            Table(
                "", columns, tuple(rows), frozenset({4}), (0.17, 0.2, 0.08, 0.13, 0.08, 0.34), note
            )
        )
    else:
        blocks.append(
            Para(_("No gap: every cell of the patented products is protected or at risk only."))
        )
    return Section("gaps", _("Top gaps by sales region"), blocks)


def deadlines_section(figures: Figures) -> Section:
    """Deadlines of the next 60 days, soonest first, overdue ones marked."""
    as_of = to_date(figures.get("as_of"))
    deadlines = [d for d in figures.get("deadlines") or [] if isinstance(d, Mapping)]
    deadlines.sort(key=lambda d: (date_text(d.get("due")), not d.get("overdue")))
    shown = deadlines[:MAX_DEADLINE_ROWS]
    rows = []
    for d in shown:
        subject = str(d.get("subject") or "")
        if d.get("area") == "case" and d.get("case_id") is not None:
            subject = _("case #%(id)s %(title)s", id=str(d.get("case_id")), title=subject).strip()
        due = to_date(d.get("due"))
        left = (due - as_of).days if due and as_of else None
        if d.get("overdue") or (left is not None and left < 0):
            when, alert = _("overdue"), frozenset({1})
        elif left == 0:
            when, alert = _("due today"), frozenset({1})
        elif left is not None:
            when, alert = ngettext("%(num)d day left", "%(num)d days left", left), frozenset()
        else:
            when, alert = "", frozenset()
        what = deadline_label(str(d.get("area") or ""), str(d.get("kind") or ""), subject)
        rows.append(
            Row((date_text(d.get("due")), when, what, str(d.get("brand") or "")), alert=alert)
        )
    total = max(count(figures, "deadlines_next_60_days"), len(deadlines))
    if not rows:
        return Section(
            "deadlines",
            _("Deadlines in the next 60 days"),
            [Para(_("No deadline falls due in the next 60 days."))],
        )
    columns = (_("Due"), _("Days left"), _("What"), _("Brand"))
    table = Table(
        "",
        columns,
        tuple(rows),
        frozenset(),
        (0.14, 0.15, 0.53, 0.18),
        more_note(total - len(shown)),
    )
    return Section("deadlines", _("Deadlines in the next 60 days"), [table])


def enforcement_section(figures: Figures) -> Section:
    """Cases by route (opened, closed, open and the stages of the open ones), takedowns."""
    table = route_table(figures)
    blocks: list[Any] = [
        table if table else Para(_("No case was opened, closed or open this month.")),
        Para(takedown_text(figures)),
    ]
    waiting = count(figures, "alerts_open")
    if waiting:
        text = ngettext(
            "%(num)d alert is waiting for triage.",
            "%(num)d alerts are waiting for triage.",
            waiting,
        )
        blocks.append(Para(text))
    return Section("enforcement", _("Enforcement results"), blocks)


def route_table(figures: Figures) -> Table | None:
    """Cases opened, closed and still open by route, with the stages of the open ones."""
    rows = []
    for route, row in sorted((figures.get("cases_by_route") or {}).items()):
        if not isinstance(row, Mapping):
            continue
        stages = sorted((row.get("stages") or {}).items(), key=lambda kv: -int(kv[1] or 0))
        parts = [f"{stage_label(stage)} {num(n)}" for stage, n in stages if n]
        counts = tuple(num(row.get(key)) for key in ("opened", "closed", "open"))
        rows.append(Row((route_label(route), *counts, list_sep(locale_code()).join(parts) or "—")))
    if not rows:
        return None
    totals = tuple(num(figures.get(k)) for k in ("cases_opened", "cases_closed", "cases_open"))
    rows.append(Row((_("Total"), *totals, ""), kind="total"))
    columns = (_("Route"), _("opened"), _("closed"), _("still open"), _("Stages of the open cases"))
    widths = (0.27, 0.1, 0.1, 0.1, 0.43)
    return Table("", columns, tuple(rows), frozenset({1, 2, 3}), widths)


def takedown_text(figures: Figures) -> str:
    """Listings taken down this month and how fast, from the first alert."""
    takedowns = count(figures, "takedowns")
    days = figures.get("takedown_days_median")
    if takedowns and days is not None:
        return ngettext(
            "%(num)d listing was taken down this month, a median of %(days)s days after its "
            "first alert.",
            "%(num)d listings were taken down this month, a median of %(days)s days after their "
            "first alert.",
            takedowns,
            days=f"{float(days):g}",
        )
    if takedowns:
        return ngettext(
            "%(num)d listing was taken down this month.",
            "%(num)d listings were taken down this month.",
            takedowns,
        )
    return _("No listing was taken down this month.")


def more_note(more: int) -> str:
    """ "and 12 more" under a table whose rows were cut; empty when none were."""
    return ngettext("and %(num)d more", "and %(num)d more", more) if more > 0 else ""
