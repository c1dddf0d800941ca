"""API routes of the coverage matrix and its gaps: the filters of the pages, paged JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, jsonify, request

from coverage.trademarks.advice import Gap
from coverage.trademarks.matrix import Cell
from coverage.trademarks.plan import plan_filings
from monitor.api import bp
from monitor.cache import get_coverage, select_cells
from monitor.query import CoverageQuery
from monitor.wording import Wording

PER_PAGE = 100
MAX_PER_PAGE = 1000


def _query() -> CoverageQuery:
    return CoverageQuery.from_args(
        request.args, today=dt.date.today(), per_page=PER_PAGE, max_per_page=MAX_PER_PAGE
    )


def _body(query: CoverageQuery, total: int, items: list[dict[str, Any]]) -> Response:
    return jsonify(
        {
            "as_of": query.as_of.isoformat(),
            "total": total,
            "page": query.page,
            "per_page": query.per_page,
            "items": items,
        }
    )


def _slice(items: list[Any], query: CoverageQuery) -> list[Any]:
    start = (query.page - 1) * query.per_page
    return items[start : start + query.per_page]


@bp.get("/coverage/matrix")
def coverage_matrix() -> Response:
    """Every needed cell that passes the filters, a page at a time."""
    query = _query()
    cells = select_cells(get_coverage(query.as_of, query.all_products), query).ordered
    words = Wording()
    return _body(query, len(cells), [cell_item(c, words) for c in _slice(cells, query)])


@bp.get("/coverage/gaps")
def coverage_gaps() -> Response:
    """The gap cells that pass the filters, with what to file and urgent deadlines."""
    query = _query()
    coverage = get_coverage(query.as_of, query.all_products)
    gap_cells = select_cells(coverage, query).gap_cells
    gaps = coverage.gaps(_slice(gap_cells, query))
    words = Wording()
    return _body(query, len(gap_cells), [gap_item(g, words) for g in gaps])


@bp.get("/coverage/plan")
def coverage_plan() -> Response:
    """The filings that close the gaps passing the filters, most gaps first."""
    query = _query()
    coverage = get_coverage(query.as_of, query.all_products)
    plan = plan_filings(coverage.gaps(select_cells(coverage, query).gap_cells))
    return _body(query, len(plan), [f.as_dict() for f in _slice(plan, query)])


def cell_item(cell: Cell, words: Wording) -> dict[str, Any]:
    """A cell as JSON: the codes of `ipwatch coverage matrix`, and beside them the status and the
    market in words; the note in the language of Accept-Language (English by default)."""
    item = cell.as_dict()
    item.update(status_text=words.status(cell.status), market_name=words.country(cell.market))
    if words.locale != "en":
        item["note"] = words.note(cell.note) or None
    return item


def gap_item(gap: Gap, words: Wording) -> dict[str, Any]:
    """A gap as JSON (`ipwatch coverage gaps`), its texts in the language of Accept-Language."""
    item = gap.as_dict()
    item.update(cell_item(gap.cell, words))
    if words.locale != "en":
        item.update(
            advice=words.advice_text(gap.advice),
            advice_warning=words.warning(gap.advice) or None,
            urgent=[
                {"due": d.due.isoformat(), "kind": d.kind, "text": words.deadline_line(d)}
                for d in gap.urgent
            ],
        )
    return item
