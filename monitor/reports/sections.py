"""The monthly report's content, built once from the figures and laid out by both renderers:
title, executive summary, decisions, key figures, charts, top gaps, deadlines, enforcement,
the city programme's appendix (appendix.py) and where the figures come from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from monitor.reports import appendix, charts
from monitor.reports.blocks import Chart, Items, Para, Report, Row, Section, Table
from monitor.reports.details import deadlines_section, enforcement_section, gaps_section
from monitor.reports.fonts import CJK, LATIN
from monitor.reports.labels import (
    STATUS_LABELS,
    cap,
    long_date,
    market_name,
    month_name,
    num,
    pct,
    route_label,
)
from monitor.reports.measures import count, gap_count, rate
from monitor.reports.summary import decision_lines, summary_sentences

Figures = Mapping[str, Any]
MAX_CHART_MARKETS = 15
DECISIONS = 3
SUB_ROWS = ("protected", "expiring", "pending", "lapsed", "missing")  # cells by status


def build_report(figures: Figures, history: Sequence[Figures], lang: str) -> Report:
    """The report's content in the current locale (`lang` picks fonts and name forms)."""
    previous = history[-2] if len(history) >= 2 else None
    title = _(
        "ipwatch — monthly IP report, %(month)s", month=month_name(figures.get("month"), lang)
    )
    source = _("month-end snapshot") if figures.get("source") == "snapshot" else _("live")
    subtitle = _(
        "As of %(date)s · figures: %(source)s",
        date=long_date(figures.get("as_of"), lang),
        source=source,
    )
    sections = [
        Section(
            "summary", _("Executive summary"), [Items(tuple(summary_sentences(figures, previous)))]
        ),
        decisions_section(figures),
        key_figures_section(figures, previous, lang),
        charts_section(figures, history, lang),
        gaps_section(figures, lang),
        deadlines_section(figures),
        enforcement_section(figures),
        appendix.programme_section(figures, lang),
    ]
    return Report(lang, title, subtitle, sections, appendix.footnotes(figures))


def decisions_section(figures: Figures) -> Section:
    """The three most urgent decisions, numbered, and how many more are waiting."""
    lines = decision_lines(figures, DECISIONS)
    total = len(figures.get("decisions") or [])
    blocks: list[Any] = [Items(tuple(lines), numbered=True)] if lines else []
    if not lines:
        blocks.append(Para(_("No decision is needed this month.")))
    elif total > len(lines):
        more = total - len(lines)
        blocks.append(
            Para(
                ngettext(
                    "%(num)d more decision is waiting.", "%(num)d more decisions are waiting.", more
                ),
                small=True,
            )
        )
    return Section("decisions", _("Decisions needed"), blocks)


# the rows of the key figures: (key of the figures, label); the statuses are sub-rows of "cells"
KEY_FIGURES = (
    ("coverage_rate", _l("Coverage rate of patented products")),
    ("cells", _l("Cells (product × market × class)")),
    *((status, STATUS_LABELS[status]) for status in SUB_ROWS),
    ("gaps_opened", _l("Gaps opened this month")),
    ("gaps_closed", _l("Gaps closed this month")),
    ("at_risk", _l("At risk (expiring or pending)")),
    ("branded_products_without_live_patent", _l("Branded products without a live patent")),
    ("deadlines_next_60_days", _l("Deadlines in the next 60 days")),
    ("alerts_new", _l("New alerts")),
    ("false_alarm_rate", _l("False-alarm rate of triaged alerts")),
    ("cases_opened", _l("Cases opened")),
    ("cases_closed", _l("Cases closed")),
    ("cases_open", _l("Cases open at the end of the month")),
    ("takedowns", _l("Listings taken down")),
)


def key_figures_section(figures: Figures, previous: Figures | None, lang: str) -> Section:
    """Coverage, cells by status, gaps, patents, deadlines, alerts, cases and takedowns, with
    last month's value beside this month's when there is a last month."""
    head = [_("Figure"), _("This month")]
    if previous is not None:
        month = previous.get("month")
        head.append(month_name(month, lang) if month else _("Previous month"))
    rows = []
    for key, text in KEY_FIGURES:
        cells = [cap(str(text)), figure_value(figures, key)]
        if previous is not None:
            known = key in previous or key == "coverage_rate"
            cells.append(figure_value(previous, key) if known else "—")
        rows.append(Row(tuple(cells), kind="sub" if key in SUB_ROWS else "data"))
    widths = (0.6, 0.2, 0.2) if previous is not None else (0.7, 0.3)
    table = Table("", tuple(head), tuple(rows), frozenset({1, 2}), widths)
    note = _(
        "A cell is one patented product in one market country and one Nice class; it is "
        "protected when a registered trademark of the product's brand covers it."
    )
    return Section("figures", _("Key figures"), [table, Para(note, small=True)])


def figure_value(figures: Figures, key: str) -> str:
    """One key figure as the table shows it: a rate in %, "6 of 40", a count."""
    if key == "coverage_rate":
        return pct(rate(figures))
    if key == "false_alarm_rate":
        return pct(figures.get(key))
    if key == "branded_products_without_live_patent":
        every = num(figures.get("branded_products"))
        return _("%(without)s of %(all)s", without=num(figures.get(key)), all=every)
    return num(figures.get(key))


def charts_section(figures: Figures, history: Sequence[Figures], lang: str) -> Section:
    """Coverage rate by market, coverage and gaps month over month, alerts and cases by route."""
    base = CJK if lang == "zh" else LATIN
    blocks: list[Any] = [
        market_chart(figures, lang, base),
        trend_chart(list(history) or [figures], lang, base),
        enforcement_chart(figures, base),
    ]
    return Section("charts", _("Charts"), blocks, new_page=True)


def market_chart(figures: Figures, lang: str, base: str) -> Chart:
    """Coverage rate of the markets with the most cells, highest rate first (the EU member
    states as one bar when the figures group them: one EU trade mark covers them all)."""
    grouped = figures.get("by_sales_market") or figures.get("by_market") or {}
    markets = [
        (code, row)
        for code, row in grouped.items()
        if isinstance(row, Mapping) and row.get("cells")
    ]
    markets.sort(key=lambda item: -count(item[1], "cells"))
    rows = [
        (market_name(code, lang), float(rate(row) or 0))
        for code, row in markets[:MAX_CHART_MARKETS]
    ]
    title = _("Coverage rate by market (the %(num)d markets with the most cells)", num=len(rows))
    empty = _("No market has patented products yet.")
    return Chart(title, charts.market_chart(rows, title=title, empty=empty, base=base))


def trend_chart(months: Sequence[Figures], lang: str, base: str) -> Chart:
    """Coverage rate and gaps over the months of the history, oldest first."""
    titles = (
        _("Coverage rate, month over month"),
        _("Gaps (missing or lapsed), month over month"),
    )
    drawing = charts.trend_chart(
        [month_name(f.get("month"), lang, short=True) for f in months],
        [rate(f) for f in months],
        [gap_count(f) for f in months],
        titles=titles,
        base=base,
    )
    return Chart(_("Coverage rate and gaps, month over month"), drawing)


def enforcement_chart(figures: Figures, base: str) -> Chart:
    """The month's alerts by what became of them, and cases by route."""
    alerts = [
        (_("new alerts"), count(figures, "alerts_new")),
        (_("triaged"), count(figures, "alerts_triaged")),
        (_("dismissed as not similar"), count(figures, "alerts_dismissed_not_similar")),
        (_("escalated into cases"), count(figures, "alerts_escalated")),
    ]
    routes = []
    for route, row in sorted((figures.get("cases_by_route") or {}).items()):
        values = (
            [count(row, k) for k in ("opened", "closed", "open")]
            if isinstance(row, Mapping)
            else []
        )
        if any(values):
            routes.append((route_label(route), values[0], values[1], values[2]))
    drawing = charts.enforcement_chart(
        alerts,
        routes,
        titles=(_("Alerts this month"), _("Cases by route")),
        series=(_("opened"), _("closed"), _("still open")),
        empty=_("No case this month and none open."),
        base=base,
    )
    return Chart(_("Alerts and cases by route"), drawing)
