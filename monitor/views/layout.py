"""Patent layout pages: the grid (branded product rows, market columns) with its findings, the
deadline list, patent families, and the Excel/CSV exports of the grid and the deadlines."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, url_for
from flask_babel import gettext as _

from coverage.grid import brand_key
from coverage.patents.families import Family
from coverage.patents.layout import LayoutCell, PatentLayout
from monitor.background import exports as export_jobs
from monitor.background import layout_exports as layout_jobs
from monitor.cache import Selection, get_families, get_layout, select_cells, select_deadlines
from monitor.patent_wording import PatentWording, shown_label
from monitor.query import DEADLINE_KINDS, KINDS, BadQuery, DeadlineQuery, LayoutQuery, Query
from monitor.views import grid_pages

bp = Blueprint("layout", __name__, url_prefix="/patents")
grid_pages.guard_pages(bp, "layout/error.html")  # a login for every page; a bad query: 400

PRODUCTS_PER_PAGE = 25
DEADLINES_PER_PAGE = 100
FAMILIES_PER_PAGE = 50
GAPS_SHOWN = 30  # gap cells listed above the grid; the status filter "gap" shows them all


@bp.context_processor
def _helpers() -> dict[str, Any]:
    words = PatentWording()
    return {
        "status_label": words.status,
        "market_name": words.country,
        "kind_name": words.kind,
        "describe_deadline": words.patent_deadline,
        "deadline_kind_label": words.deadline_kind,
        "surcharge_label": words.surcharge,
        "no_rule": words.no_rule,
        "symbols": grid_pages.SYMBOLS,
        "statuses": grid_pages.STATUSES,
        "patent_kinds": KINDS,
        "deadline_kinds": DEADLINE_KINDS,
    }


@bp.get("/layout")
def grid() -> str:
    query = grid_pages.parse_query(LayoutQuery, PRODUCTS_PER_PAGE)
    layout = get_layout(query.as_of, query.kind)
    selection = select_cells(layout, query)
    columns = grid_pages.grouped_columns(layout, selection, query.args())
    pages = grid_pages.page_count(len(selection.product_ids), query)
    product_ids = grid_pages.page_slice(selection.product_ids, query)
    return render_template(
        "layout/grid.html",
        query=query,
        layout=layout,
        selection=selection,
        rows=grid_rows(layout, selection, product_ids, columns["heads"], query),
        findings=findings(layout, query, selection),
        options=_options(layout, query),
        pages=pages,
        **columns,
    )


@bp.get("/layout/cell")
def cell() -> str:
    """One cell's detail in place (partial=1) or as a page: patents, why, what to do."""
    query = grid_pages.parse_query(LayoutQuery, PRODUCTS_PER_PAGE)
    layout = get_layout(query.as_of, query.kind)
    if not (query.product and query.market):
        raise BadQuery(_("product and market: both name the cell to show"))
    mine = LayoutQuery(as_of=query.as_of, kind=query.kind, product=query.product)
    found = grid_pages.find_cell(select_cells(layout, mine).cells, query.market)
    return grid_pages.render_detail(cell_detail(layout, found, query))


@bp.get("/deadlines")
def deadlines() -> str:
    query = grid_pages.parse_query(DeadlineQuery, DEADLINES_PER_PAGE)
    layout = get_layout(query.as_of, query.kind)
    found = select_deadlines(layout, query)
    overdue = sum(1 for d in found if d.overdue)
    return _list_page("deadlines", found, query, layout, overdue=overdue)


@bp.get("/families")
def families() -> str:
    query = grid_pages.parse_query(LayoutQuery, FAMILIES_PER_PAGE)
    layout = get_layout(query.as_of)
    wanted = _products_of(layout, query)
    every = get_families(query.as_of).values()
    found = [f for f in every if wanted is None or wanted & set(f.products)]
    return _list_page("families", found, query, layout)


@bp.get("/families/<path:family_id>")
def family(family_id: str) -> str:
    query = grid_pages.parse_query(LayoutQuery, FAMILIES_PER_PAGE)
    found = get_families(query.as_of).get(family_id)
    if found is None:
        abort(404)
    return render_template(
        "layout/family.html",
        query=query,
        family=found,
        groups=family_groups(found),
        products=get_layout(query.as_of).products,
    )


@bp.route("/layout/export", methods=["GET", "POST"])
def export() -> Response:
    fmt = grid_pages.export_format()
    query = grid_pages.parse_query(LayoutQuery, PRODUCTS_PER_PAGE)
    if export_jobs.posted():  # the page's buttons: the file is made by a background job
        return layout_jobs.start_layout_export(query, fmt)
    return grid_pages.download(*layout_jobs.layout_file(query, fmt), fmt)


@bp.route("/deadlines/export", methods=["GET", "POST"])
def export_deadlines() -> Response:
    fmt = grid_pages.export_format()
    query = grid_pages.parse_query(DeadlineQuery, DEADLINES_PER_PAGE)
    if export_jobs.posted():  # the page's buttons: the file is made by a background job
        return layout_jobs.start_deadlines_export(query, fmt)
    return grid_pages.download(*layout_jobs.deadlines_file(query, fmt), fmt)


def _list_page(name: str, found: list[Any], query: Query, layout: PatentLayout, **more: Any) -> str:
    """The page `layout/<name>.html`: the page of `found` (as `name`), total, pages, brands."""
    pages = grid_pages.page_count(len(found), query)
    return render_template(
        f"layout/{name}.html",
        query=query,
        total=len(found),
        brands=sorted({p.brand for p in layout.products.values()}),
        pages=pages,
        **{name: grid_pages.page_slice(found, query)},
        **more,
    )


# --- what the templates show ------------------------------------------------------------------


def grid_rows(
    layout: PatentLayout,
    selection: Selection,
    product_ids: list[str],
    heads: list[dict[str, Any]],
    query: LayoutQuery,
) -> list[dict]:
    """Per product of the page: cells under the heads, patents (best first), totals, `first`."""
    words = PatentWording()
    rows: list[dict[str, Any]] = []
    for pid in product_ids:
        found: dict[str, tuple[str, str]] = {}
        patents: dict[str, None] = {}
        for cell in selection.cells_of[pid]:
            found[cell.market] = (str(cell.status), cell_title(words, layout, cell))
            patents.update(dict.fromkeys(cell.patents))
        brand = layout.products[pid].brand if pid in layout.products else ""
        link = grid_pages.cell_link(
            "layout.cell", as_of=query.as_of.isoformat(), kind=query.kind, product=pid
        )
        rows.append(
            {
                "product_id": pid,
                "name": words.product_name(layout, pid),  # duck-typed: .products
                "brand": brand,
                "first": not rows or rows[-1]["brand"] != brand,
                "cells": grid_pages.row_cells(heads, found, link, words.status),
                "patents": list(patents),
                "totals": selection.by_product.get(pid, {}),
            }
        )
    return rows


def cell_detail(layout: PatentLayout, cell: LayoutCell, query: LayoutQuery) -> dict[str, Any]:
    """What a cell's detail shows: the patents reaching it, why, what to do, the deadlines."""
    words = PatentWording()
    back = url_for(
        "layout.grid", as_of=query.as_of.isoformat(), kind=query.kind, product=cell.product_id
    )
    return {
        **grid_pages.detail_head(layout, cell, words),
        "rights_heading": _("Patents behind it"),
        "rights": [
            grid_pages.record_link("patents.detail", label, "patent_no", about)
            for label, about in _patents_about(words, layout, cell)
        ],
        "why": grid_pages.note_text(words, cell.note, "" if cell.patents else grid_pages.NO_PATENT),
        "todo": str(grid_pages.PATENT_TODO[str(cell.status)]),
        "deadlines": sorted(
            f"{d.due.isoformat()} {words.patent_deadline(d)}"
            for d in layout.deadlines
            if d.patent in cell.patents and d.market in (None, cell.market)
        ),
        "links": [(_("Patent layout"), back)],
    }


def cell_title(words: PatentWording, layout: PatentLayout, cell: LayoutCell) -> str:
    """A cell's tooltip: status · each patent with its kind and expiry · why."""
    parts = [words.status(cell.status)]
    parts.extend(f"{shown_label(p)} ({about})" for p, about in _patents_about(words, layout, cell))
    if cell.note:
        parts.append(grid_pages.note_text(words, cell.note))
    return " · ".join(parts)


def _patents_about(words: PatentWording, layout: PatentLayout, cell: LayoutCell) -> list[Any]:
    """Each patent reaching the cell with its kind and expiry: ("CN 2020…", "invention, …")."""
    out = []
    for label, kind in zip(cell.patents, cell.kinds, strict=False):
        standing = layout.standings.get(label)
        expiry = standing.expiry.date if standing is not None else None
        dated = ", " + words.expires % {"date": expiry.isoformat()} if expiry else ""
        out.append((label, words.kind(kind) + dated))
    return out


def _products_of(layout: PatentLayout, query: LayoutQuery) -> set[str] | None:
    """The product_ids the brand and product filters name (None: every product)."""
    if query.brand is None and query.product is None:
        return None
    folded = brand_key(query.brand) if query.brand else None
    return {
        pid
        for pid, info in layout.products.items()
        if (folded is None or brand_key(info.brand) == folded)
        and (query.product is None or pid == query.product)
    }


def findings(layout: PatentLayout, query: LayoutQuery, selection: Selection) -> dict[str, Any]:
    """What the page lists above the grid, for the products the filters name."""
    wanted = _products_of(layout, query)
    expiring = [
        label
        for label in layout.expiring
        if wanted is None or wanted & set(layout.patents[label].product_ids)
    ]
    gap_cells = selection.gap_cells
    return {
        "unpatented": [p for p in layout.unpatented if wanted is None or p in wanted],
        "gap_total": len(gap_cells),
        "gaps": gap_cells[:GAPS_SHOWN],
        "expiring": [(label, layout.patents[label], layout.standings[label]) for label in expiring],
        "missing_rules": layout.missing_rules,
    }


def _options(layout: PatentLayout, query: LayoutQuery) -> dict[str, Any]:
    """Choices of the filter form, taken from the whole (unfiltered) layout of the date."""
    everything = select_cells(layout, LayoutQuery(as_of=query.as_of, kind=query.kind))
    words = PatentWording()
    return {
        "brands": sorted({layout.products[p].brand for p in everything.product_ids}),
        "products": everything.product_ids if len(everything.product_ids) <= 500 else [],
        "markets": [(m, words.country(m)) for m in everything.markets],
        "regions": [(c, zh if words.locale == "zh" else en) for c, en, zh in layout.regions()],
    }


def family_groups(family: Family) -> dict[str, list[str]]:
    """Where the family is filed, granted (in force), pending and lapsed: countries or offices."""
    groups: dict[str, list[str]] = {"filed": [], "granted": [], "pending": [], "lapsed": []}
    for member in family.members:
        standing = family.standings[member.label]
        status = str(standing.status)
        where = list(standing.reaches) if member.office in {"EP", "EA", "AP"} else []
        groups["filed"].append(member.office)
        if status in {"protected", "expiring"}:
            groups["granted"].extend(where or [member.office])
        elif status == "pending":
            groups["pending"].append(member.office)
        else:
            groups["lapsed"].extend(where or [member.office])
    return {key: list(dict.fromkeys(values)) for key, values in groups.items()}
