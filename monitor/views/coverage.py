"""Coverage pages: the matrix (product × class rows, market columns), the gap list and its export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _

from coverage.trademarks.deadlines import deadlines_of
from coverage.trademarks.matrix import Cell, Coverage
from coverage.trademarks.plan import plan_filings
from monitor import exports
from monitor.cache import Selection, get_coverage, select_cells
from monitor.query import CoverageQuery
from monitor.views import grid_pages
from monitor.wording import Wording, gap_rows, plan_rows

bp = Blueprint("coverage", __name__, url_prefix="/coverage")
grid_pages.guard_pages(bp, "coverage/error.html")  # a login for every page; a bad query: 400

PRODUCTS_PER_PAGE = 25
GAPS_PER_PAGE = 100


@bp.context_processor
def _helpers() -> dict[str, Any]:
    words = Wording()
    return {
        "status_label": words.status,
        "market_name": words.country,
        "describe_deadline": words.deadline,
        "describe_overdue": words.overdue_text,
        "symbols": grid_pages.SYMBOLS,
        "statuses": grid_pages.STATUSES,
    }


@bp.get("")
def matrix() -> str:
    query = grid_pages.parse_query(CoverageQuery, PRODUCTS_PER_PAGE)
    coverage = get_coverage(query.as_of, query.all_products)
    selection = select_cells(coverage, query)
    pages = grid_pages.page_count(len(selection.product_ids), query)
    return render_template(
        "coverage/matrix.html",
        query=query,
        selection=selection,
        rows=matrix_rows(coverage, selection, grid_pages.page_slice(selection.product_ids, query)),
        options=_options(coverage, query),
        pages=pages,
    )


@bp.get("/gaps")
def gaps() -> str:
    query = grid_pages.parse_query(CoverageQuery, GAPS_PER_PAGE)
    coverage = get_coverage(query.as_of, query.all_products)
    selection = select_cells(coverage, query)
    gap_cells = selection.gap_cells
    pages = grid_pages.page_count(len(gap_cells), query)
    return render_template(
        "coverage/gaps.html",
        query=query,
        selection=selection,
        plan=plan_rows(plan_filings(coverage.gaps(gap_cells))),
        rows=gap_rows(coverage.gaps(grid_pages.page_slice(gap_cells, query)), coverage),
        total=len(gap_cells),
        deadlines=urgent_deadlines(coverage, query),
        options=_options(coverage, query),
        pages=pages,
    )


@bp.get("/gaps/export")
def export() -> Response:
    fmt = grid_pages.export_format()
    query = grid_pages.parse_query(CoverageQuery, GAPS_PER_PAGE)
    coverage = get_coverage(query.as_of, query.all_products)
    gaps = coverage.gaps(select_cells(coverage, query).gap_cells)
    rows = gap_rows(gaps, coverage)
    if fmt == "xlsx":
        body: str | bytes = exports.gaps_xlsx(rows, plan_rows(plan_filings(gaps)))
    else:
        body = exports.gaps_csv(rows)
    return grid_pages.download(body, f"gaps-{query.as_of.isoformat()}", fmt)


def matrix_rows(coverage: Coverage, selection: Selection, product_ids: list[str]) -> list[dict]:
    """One row per product × class of the page, with (status, tooltip) or None per market column."""
    words = Wording()
    title = _cell_title(words)
    column = {market: i for i, market in enumerate(selection.markets)}
    rows: list[dict[str, Any]] = []
    for pid in product_ids:
        by_class: dict[int, list[tuple[str, str] | None]] = {}
        for cell in selection.cells_of[pid]:
            row = by_class.setdefault(cell.nice_class, [None] * len(column))
            row[column[cell.market]] = title(cell)
        for i, (nice_class, cells) in enumerate(sorted(by_class.items())):
            rows.append(
                {
                    "product_id": pid,
                    "first": i == 0,
                    "span": len(by_class),
                    "name": words.product_name(coverage, pid),
                    "brand": coverage.products[pid].brand if pid in coverage.products else "",
                    "nice_class": nice_class,
                    "cells": cells,
                    "totals": selection.by_product.get(pid, {}),
                }
            )
    return rows


def _cell_title(words: Wording) -> Callable[[Cell], tuple[str, str]]:
    """A function giving a cell's status and tooltip (status · rights · expiry · note)."""
    labels = words.statuses
    expires = _("expires %(date)s", date="{date}")

    def title(cell: Cell) -> tuple[str, str]:
        status = getattr(cell.status, "value", str(cell.status))
        parts = [labels.get(status, status)]
        if cell.rights:
            parts.append(", ".join(cell.rights))
        if cell.expiry:
            parts.append(expires.replace("{date}", cell.expiry.isoformat()))
        if cell.note:
            parts.append(cell.note)
        return status, " · ".join(parts)

    return title


def urgent_deadlines(coverage: Coverage, query: CoverageQuery) -> list[Any]:
    """The deadlines of the rights reaching the cells the filters ask for (brand, product,
    market, region, class; not status: a deadline is urgent whatever the cell's status)."""
    scope = replace(query, status=None)
    if not any(value is not None for value in scope.filters().values()):
        return list(coverage.deadlines)
    return deadlines_of(coverage.deadlines, select_cells(coverage, scope).cells)


def _options(coverage: Coverage, query: CoverageQuery) -> dict[str, Any]:
    """Choices of the filter form, taken from the whole (unfiltered) matrix of the date."""
    everything = select_cells(
        coverage, CoverageQuery(as_of=query.as_of, all_products=query.all_products)
    )
    words = Wording()
    return {
        "brands": sorted({p.brand for p in coverage.products.values()}),
        "products": everything.product_ids if len(everything.product_ids) <= 500 else [],
        "markets": [(m, words.country(m)) for m in everything.markets],
        "classes": everything.classes,
        "regions": [
            (code, zh if words.locale == "zh" else en) for code, en, zh in coverage.regions()
        ],
    }
