"""Coverage pages: the matrix (product × class rows, market columns), the gap list and its export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coverage import groupings as grp
from coverage.groupings import RowGroup, count_statuses, distinct_values, worst_status
from coverage.trademarks.deadlines import deadlines_of
from coverage.trademarks.matrix import Cell, Coverage
from coverage.trademarks.plan import plan_filings
from monitor import exports
from monitor.background import exports as export_jobs
from monitor.cache import Selection, get_coverage, select_cells
from monitor.query import BadQuery, CoverageQuery
from monitor.views import grid_pages
from monitor.wording import Wording, gap_rows, plan_rows

bp = Blueprint("coverage", __name__, url_prefix="/coverage")
grid_pages.guard_pages(bp, "coverage/error.html")  # a login for every page; a bad query: 400

# what to file for a cell that is not a gap (a gap's comes from the filing advice)
TODO = {
    "protected": _l("Nothing to file: a registration protects this cell."),
    "expiring": _l("Renew before it lapses: see the deadlines."),
    "pending": _l("Nothing to file now: the application awaits the office's decision."),
}
NO_MARK = _l("No trademark of the brand reaches this market in this class.")
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
    columns = grid_pages.grouped_columns(coverage, selection, query.args())
    pages = grid_pages.page_count(len(selection.product_ids), query)
    product_ids = grid_pages.page_slice(selection.product_ids, query)
    return render_template(
        "coverage/matrix.html",
        query=query,
        selection=selection,
        rows=matrix_rows(coverage, selection, product_ids, columns["heads"], query),
        options=_options(coverage, query),
        pages=pages,
        **columns,
    )


@bp.get("/cell")
def cell() -> str:
    """One cell's detail: the rights behind it, why, what to file (a page, or with partial=1
    the fragment the matrix shows in place)."""
    query = grid_pages.parse_query(CoverageQuery, PRODUCTS_PER_PAGE)
    coverage = get_coverage(query.as_of, query.all_products)
    return grid_pages.render_detail(cell_detail(coverage, _one_cell(coverage, query), query))


@bp.get("/gaps")
def gaps() -> str:
    query = grid_pages.parse_query(CoverageQuery, GAPS_PER_PAGE)
    coverage = get_coverage(query.as_of, query.all_products)
    selection = select_cells(coverage, query)
    gap_cells = selection.gap_cells
    grouping = grid_pages.parse_grouping(coverage)
    pages = grid_pages.page_count(len(gap_cells), query)
    return render_template(
        "coverage/gaps.html",
        query=query,
        selection=selection,
        plan=plan_rows(plan_filings(coverage.gaps(gap_cells))),
        items=gap_items(
            gap_rows(coverage.gaps(grid_pages.page_slice(gap_cells, query)), coverage),
            coverage,
            grouping,
            query.args(),
        ),
        grouping=grouping,
        total=len(gap_cells),
        deadlines=urgent_deadlines(coverage, query),
        options=_options(coverage, query),
        pages=pages,
    )


@bp.route("/gaps/export", methods=["GET", "POST"])
def export() -> Response:
    fmt = grid_pages.export_format()
    query = grid_pages.parse_query(CoverageQuery, GAPS_PER_PAGE)
    if export_jobs.posted():  # the page's buttons: the file is made by a background job
        return export_jobs.start_gap_export(query, fmt)
    coverage = get_coverage(query.as_of, query.all_products)
    gaps = coverage.gaps(select_cells(coverage, query).gap_cells)
    rows = gap_rows(gaps, coverage)
    if fmt == "xlsx":
        body: str | bytes = exports.gaps_xlsx(rows, plan_rows(plan_filings(gaps)))
    else:
        body = exports.gaps_csv(rows)
    return grid_pages.download(body, f"gaps-{query.as_of.isoformat()}", fmt)


def matrix_rows(
    coverage: Coverage,
    selection: Selection,
    product_ids: list[str],
    heads: list[dict[str, Any]],
    query: CoverageQuery,
) -> list[dict]:
    """One row per product × class of the page, with a cell per column head (see
    grid_pages.row_cells): status, tooltip and the link to its detail."""
    words = Wording()
    title = _cell_title(words)
    as_of, every = query.as_of.isoformat(), "1" if query.all_products else None
    rows: list[dict[str, Any]] = []
    for pid in product_ids:
        by_class: dict[int, dict[str, tuple[str, str]]] = {}
        for cell in selection.cells_of[pid]:
            by_class.setdefault(cell.nice_class, {})[cell.market] = title(cell)
        for i, (nice_class, found) in enumerate(sorted(by_class.items())):
            link = grid_pages.cell_link(
                "coverage.cell",
                as_of=as_of,
                all_products=every,
                product=pid,
                **{"class": nice_class},
            )
            rows.append(
                {
                    "product_id": pid,
                    "first": i == 0,
                    "span": len(by_class),
                    "name": words.product_name(coverage, pid),
                    "brand": coverage.products[pid].brand if pid in coverage.products else "",
                    "nice_class": nice_class,
                    "cells": grid_pages.row_cells(heads, found, link, words.status),
                    "totals": selection.by_product.get(pid, {}),
                }
            )
    return rows


def _one_cell(coverage: Coverage, query: CoverageQuery) -> Cell:
    """The cell the product, market and class parameters name (404: the product needs none)."""
    if not (query.product and query.market and query.nice_class):
        raise BadQuery(_("product, market and class: all three name the cell to show"))
    mine = CoverageQuery(as_of=query.as_of, all_products=query.all_products, product=query.product)
    found: Cell = grid_pages.find_cell(
        select_cells(coverage, mine).cells, query.market, query.nice_class
    )
    return found


def cell_detail(coverage: Coverage, cell: Cell, query: CoverageQuery) -> dict[str, Any]:
    """What a cell's detail shows: the rights behind it, why, what to file and the deadlines."""
    words = Wording()
    status = str(cell.status)
    if cell.is_gap:
        advice = coverage.advisor.advise(cell).advice
        todo, warning = words.advice_text(advice), words.warning(advice)
    else:
        todo, warning = str(TODO[status]), ""
    expiry = _("expires %(date)s", date=cell.expiry.isoformat()) if cell.expiry else ""
    return {
        **grid_pages.detail_head(coverage, cell, words),
        "nice_class": cell.nice_class,
        "rights": [
            grid_pages.record_link("trademarks.detail", label, "tm_no", expiry if i == 0 else "")
            for i, label in enumerate(cell.rights)
        ],
        "why": grid_pages.note_text(words, cell.note, "" if cell.rights else NO_MARK),
        "todo": todo,
        "warning": warning,
        "deadlines": [words.deadline_line(d) for d in deadlines_of(coverage.deadlines, [cell])],
        "links": [
            (_("Gap list"), url_for("coverage.gaps", **_for_product(query, cell))),
            (_("Coverage matrix"), url_for("coverage.matrix", **_for_product(query, None))),
        ],
    }


def _for_product(query: CoverageQuery, cell: Cell | None) -> dict[str, Any]:
    """The query string of the product's page (and market, class) of the matrix or gap list."""
    market, nice_class = (cell.market, cell.nice_class) if cell else (None, None)
    return replace(query, market=market, nice_class=nice_class, page=1).args()


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
            parts.append(grid_pages.note_text(words, cell.note))
        return status, " · ".join(parts)

    return title


def gap_items(
    rows: list[dict], coverage: Coverage, grouping: grid_pages.Grouping, args: dict[str, str]
) -> list[dict]:
    """The gap rows of a page, the rows of one product and class in one picked grouping (the 27
    EU states) gathered into a group row that shows the worst of them and what they share."""
    picked = [(c, coverage.geography.region_members(c, coverage.as_of)) for c in grouping.picked]
    group_of = grp.membership(grp.group_markets(sorted({r["market"] for r in rows}), picked))
    items: list[dict[str, Any]] = []
    for item in grp.group_rows(
        rows,
        lambda r: (
            (group_of[r["market"]], r["product_id"], r["nice_class"])
            if r["market"] in group_of
            else None
        ),
    ):
        if not isinstance(item, RowGroup):
            items.append({"row": item})
            continue
        members = list(item.rows)
        statuses = [r["status_code"] for r in members]
        worst = worst_status(statuses)
        first = members[0]
        items.append(
            {
                "group": item.code,
                "id": f"gap-group-{len(items)}",
                "label": grp.MarketGroup(item.code, tuple(dict(picked)[item.code])).label,
                "name": grid_pages.region_name(coverage, item.code),
                "expanded": item.code in grouping.expanded,
                "toggle": grid_pages.toggle_href(args, grouping, item.code),
                "status_code": worst.value if worst else "",
                "counts": count_statuses(statuses),
                **{key: first[key] for key in ("product_id", "product", "brand", "nice_class")},
                **distinct_values(members, ("rights", "note", "advice", "warning", "urgent")),
                "members": members,
            }
        )
    return items


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
