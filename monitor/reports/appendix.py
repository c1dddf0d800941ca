"""The appendix the city IP-strategy programme asks for (seed tasks 4, 5 and 7) and the
footnote saying where the figures come from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from monitor.reports.blocks import Row, Section, Table
from monitor.reports.labels import date_text, decimal, market_name, num, pct, route_label
from monitor.reports.measures import count, rate

Figures = Mapping[str, Any]
MAX_MARKET_ROWS = 15  # seed task 4's markets: the total row still counts every market
MAX_PATENT_ROWS = 10  # seed task 5's markets, most branded products first


def programme_section(figures: Figures, lang: str) -> Section:
    """Seed task 4 (trademark coverage of patented products), 5 (patents behind branded
    products) and 7 (market monitoring and enforcement)."""
    return Section(
        "programme",
        _("Appendix: city IP-strategy programme figures"),
        [
            coverage_table(figures, lang),
            *patent_tables(figures, lang),
            *enforcement_tables(figures),
        ],
        new_page=False,
    )


def coverage_table(figures: Figures, lang: str) -> Table:
    """Seed task 4: cells, protected and coverage rate, by market (most cells first)."""
    markets = _markets(figures.get("by_market"), "cells")
    rows = [
        Row(
            (
                market_name(code, lang),
                num(row.get("cells")),
                num(row.get("protected")),
                pct(rate(row)),
            ),
            alert=frozenset({3}) if row.get("cells") and not row.get("protected") else frozenset(),
        )
        for code, row in markets[:MAX_MARKET_ROWS]
    ]
    rows.append(
        Row(
            (
                _("All markets"),
                num(figures.get("cells")),
                num(figures.get("protected")),
                pct(rate(figures)),
            ),
            kind="total",
        )
    )
    return Table(
        _("Seed task 4: trademark coverage of patented products"),
        (_("Market"), _("Cells"), _("Protected"), _("Coverage rate")),
        tuple(rows),
        frozenset({1, 2, 3}),
        (0.46, 0.18, 0.18, 0.18),
        _more_markets(len(markets) - MAX_MARKET_ROWS),
    )


def patent_tables(figures: Figures, lang: str) -> list[Table]:
    """Seed task 5: branded products, those without a live patent, patents per branded product,
    and by market the share without."""
    totals = Table(
        _("Seed task 5: patents behind branded products"),
        (_("Figure"), _("Value")),
        (
            Row((_("Branded products"), num(figures.get("branded_products")))),
            Row(
                (
                    _("Branded products without a live patent"),
                    num(figures.get("branded_products_without_live_patent")),
                )
            ),
            Row(
                (
                    _("Live patents per branded product"),
                    decimal(figures.get("patents_per_branded_product")),
                )
            ),
        ),
        frozenset({1}),
        (0.5, 0.16),
    )
    markets = _markets(figures.get("patents_by_market"), "branded_products")
    rows = tuple(
        Row(
            (
                market_name(code, lang),
                num(row.get("branded_products")),
                num(row.get("without_live_patent")),
                pct(row.get("share_without")),
            ),
            alert=frozenset({3}) if (row.get("share_without") or 0) >= 0.5 else frozenset(),
        )
        for code, row in markets[:MAX_PATENT_ROWS]
    )
    if not rows:
        return [totals]
    by_market = Table(
        "",
        (_("Market"), _("Branded products"), _("Without a live patent"), _("Share without")),
        rows,
        frozenset({1, 2, 3}),
        (0.37, 0.21, 0.21, 0.21),
        _more_markets(len(markets) - MAX_PATENT_ROWS),
    )
    return [totals, by_market]


def enforcement_tables(figures: Figures) -> list[Table]:
    """Seed task 7: alerts new, triaged, dismissed as not similar and escalated; cases opened and
    closed by route; listings taken down."""
    days = figures.get("takedown_days_median")
    indicators = Table(
        _("Seed task 7: market monitoring and enforcement"),
        (_("Figure"), _("This month")),
        (
            Row((_("New alerts"), num(figures.get("alerts_new")))),
            Row((_("Alerts triaged"), num(figures.get("alerts_triaged")))),
            Row((_("Dismissed as not similar"), num(figures.get("alerts_dismissed_not_similar")))),
            Row((_("False-alarm rate of triaged alerts"), pct(figures.get("false_alarm_rate")))),
            Row((_("Escalated into cases"), num(figures.get("alerts_escalated")))),
            Row((_("Cases opened"), num(figures.get("cases_opened")))),
            Row((_("Cases closed"), num(figures.get("cases_closed")))),
            Row((_("Listings taken down"), num(figures.get("takedowns")))),
            Row(
                (
                    _("Median days from alert to takedown"),
                    "—" if days is None else f"{float(days):g}",
                )
            ),
        ),
        frozenset({1}),
        (0.5, 0.16),
    )
    routes = figures.get("cases_by_route") or {}
    rows = tuple(
        Row((route_label(route), num(row.get("opened")), num(row.get("closed"))))
        for route, row in sorted(routes.items())
        if isinstance(row, Mapping) and (count(row, "opened") or count(row, "closed"))
    )
    if not rows:
        return [indicators]
    by_route = Table(
        "",
        (_("Route"), _("Cases opened"), _("Cases closed")),
        rows,
        frozenset({1, 2}),
        (0.4, 0.16, 0.16),
    )
    return [indicators, by_route]


def footnotes(figures: Figures) -> list[str]:
    """Where the figures come from: live or a snapshot (and why one is not exact), and how the
    gaps opened and closed were counted."""
    notes = []
    snapshot = figures.get("snapshot") or {}
    if figures.get("source") == "snapshot":
        notes.append(
            _(
                "Figures from the snapshot frozen on %(date)s when the month ended; they no longer change.",
                date=date_text(snapshot.get("frozen_at")),
            )
        )
        if snapshot.get("exact") is False:
            note = str(snapshot.get("note") or "")
            notes.append(
                _("The snapshot is not exact: %(note)s", note=note)
                if note
                else _("The snapshot is not exact.")
            )
    else:
        notes.append(
            _(
                "Figures computed live from the portfolio and the monitoring data as of %(date)s; they can still change.",
                date=date_text(figures.get("as_of")),
            )
        )
    basis = figures.get("gaps_basis") or {}
    if basis.get("exact") is False:
        text = _(
            "Gaps opened and closed were rebuilt from the current portfolio, as no record of the gaps on %(date)s was kept.",
            date=date_text(basis.get("previous")),
        )
        if basis.get("note"):
            text += " " + str(basis.get("note"))
        notes.append(text)
    return notes


def _markets(table: object, key: str) -> list[tuple[str, Mapping[str, Any]]]:
    rows = (
        [(str(c), r) for c, r in (table or {}).items() if isinstance(r, Mapping)]
        if isinstance(table, Mapping)
        else []
    )
    return sorted(rows, key=lambda item: (-count(item[1], key), item[0]))


def _more_markets(more: int) -> str:
    return ngettext("and %(num)d more market", "and %(num)d more markets", more) if more > 0 else ""
