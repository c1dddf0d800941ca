"""What the grid pages (the trademark coverage matrix and the patent layout) share: a login for every
page, the page that explains a bad query, paging, the status symbols, the Excel/CSV downloads, and
the market groupings (a bloc's states as one column that expands) with the links to cell details."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from coverage.grid import CellStatus, Grid
from coverage.groupings import (
    DEFAULT_GROUPS,
    add_counts,
    arrange_columns,
    group_markets,
    summarise,
)
from monitor.patent_wording import shown_label
from monitor.query import BadQuery, Query
from monitor.wording import locale_code

SYMBOLS = {"protected": "✓", "expiring": "!", "pending": "…", "lapsed": "✗", "missing": "–"}
STATUSES = tuple(s.value for s in CellStatus)  # best first
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# what to do about a patent layout cell, by its status
PATENT_TODO = {
    "protected": _l("Nothing to file: a patent in force protects this market."),
    "expiring": _l("The patent in force expires within 12 months and cannot be extended."),
    "pending": _l("An application is pending here: keep to its deadlines."),
    "lapsed": _l("No live patent: ask your agent whether a new application is still possible."),
    "missing": _l(
        "No patent: ask your agent whether a national, regional or PCT filing is possible."
    ),
}
NO_PATENT = _l("No patent of this product reaches this market.")

Q = TypeVar("Q", bound=Query)


def guard_pages(bp: Blueprint, error_template: str) -> None:
    """Make every page of `bp` need a login (every role may read), and answer a bad query with
    `error_template` and 400."""

    @bp.before_request
    @login_required
    def _require_login() -> None:
        """Only logged-in users get past this."""

    @bp.errorhandler(BadQuery)
    def _bad_query(exc: BadQuery) -> tuple[str, int]:
        return render_template(error_template, message=str(exc)), 400


def parse_query(kind: type[Q], per_page: int) -> Q:
    """This request's query string as a `kind` of query, judged today, `per_page` items a page
    (the most a page may ask for)."""
    return kind.from_args(
        request.args, today=dt.date.today(), per_page=per_page, max_per_page=per_page
    )


def page_slice(items: list[Any], query: Query) -> list[Any]:
    """The items of the query's page."""
    start = (query.page - 1) * query.per_page
    return items[start : start + query.per_page]


def page_count(total: int, query: Query) -> int:
    """The number of pages; a page past the last is a bad request."""
    pages = max(1, math.ceil(total / query.per_page))
    if query.page > pages:
        raise BadQuery(
            _("page: %(page)s is past the last page (%(pages)s)", page=query.page, pages=pages)
        )
    return pages


def export_format() -> str:
    """The `format` query parameter of an export: xlsx (the default) or csv."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in EXPORT_TYPES:
        raise BadQuery(_("format: %(value)s is not xlsx or csv", value=fmt))
    return fmt


def download(body: str | bytes, stem: str, fmt: str) -> Response:
    """`body` as the attachment `ipwatch-<stem>.<fmt>`."""
    return Response(
        body,
        content_type=EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename=ipwatch-{stem}.{fmt}"},
    )


# --- market groupings: a bloc's states as one column (or gap row) that expands --------------


@dataclass(frozen=True)
class Grouping:
    """The groupings a page collapses (`picked`, in the order of the grid's regions) and those
    it shows expanded; `chosen`: the query string picked them (else the default, the EU)."""

    picked: tuple[str, ...]
    expanded: frozenset[str]
    chosen: bool = False

    def args(self, expanded: Iterable[str] | None = None) -> dict[str, str]:
        """The query parameters that ask for this grouping again (with `expanded` instead)."""
        out = {"group": ",".join(self.picked)} if self.chosen else {}
        shown = sorted(self.expanded if expanded is None else expanded)
        if shown:
            out["expand"] = ",".join(shown)
        return out

    def toggled(self, code: str) -> dict[str, str]:
        """The parameters with the group `code` expanded if it was collapsed, or collapsed."""
        return self.args(self.expanded ^ {code})


def parse_grouping(grid: Grid) -> Grouping:
    """The `group` and `expand` parameters (region codes, repeated or comma-separated; an
    empty `group` groups nothing); BadQuery for a code the grid's regions do not know."""
    order = [code for code, *_ in grid.regions()]

    def codes(name: str) -> list[str]:
        found: list[str] = []
        for value in request.args.getlist(name):
            for part in value.split(","):
                code = part.strip().upper()
                if code and code not in order:
                    raise BadQuery(
                        _("%(name)s: %(value)s is not a known region", name=name, value=code)
                    )
                if code and code not in found:
                    found.append(code)
        return found

    chosen = "group" in request.args
    expanded = codes("expand")
    picked = set(codes("group") if chosen else DEFAULT_GROUPS) | set(expanded)
    return Grouping(tuple(c for c in order if c in picked), frozenset(expanded), chosen)


def arrange(
    grid: Grid, markets: list[str], grouping: Grouping, args: dict[str, str]
) -> list[dict[str, Any]]:
    """The column heads of a grouped grid, as the templates show them: market or group,
    its name, whether it is hidden (a member of a collapsed group) or expanded, and the link
    that expands or collapses a group (this page's query string `args` kept)."""
    picked = [(c, grid.geography.region_members(c, grid.as_of)) for c in grouping.picked]
    groups = {g.code: g for g in group_markets(markets, picked)}
    heads: list[dict[str, Any]] = []
    for column in arrange_columns(markets, list(groups.values())):
        head: dict[str, Any] = {"market": column.market, "group": column.group}
        if column.is_group:
            group = groups[column.market]
            head.update(
                is_group=True,
                label=group.label,
                name=region_name(grid, group.code),
                members=group.members,
                expanded=group.code in grouping.expanded,
                toggle=toggle_href(args, grouping, group.code),
            )
        else:
            head.update(
                is_group=False, hidden=bool(column.group) and column.group not in grouping.expanded
            )
        heads.append(head)
    return heads


def grouped_columns(grid: Grid, selection: Any, args: dict[str, str]) -> dict[str, Any]:
    """The template values of a grid's columns under the query's groupings (`args`: the
    page's query string): `grouping`, the column `heads` and the `group_totals`."""
    grouping = parse_grouping(grid)
    heads = arrange(grid, selection.markets, grouping, args)
    return {
        "grouping": grouping,
        "heads": heads,
        "group_totals": group_totals(heads, selection.by_market),
    }


def find_cell(cells: Iterable[Any], market: str, nice_class: int | None = None) -> Any:
    """The cell of `market` (and class) among a product's `cells`; 404 when it needs none."""
    for cell in cells:
        if cell.market == market and getattr(cell, "nice_class", None) == nice_class:
            return cell
    abort(404)


def toggle_href(args: dict[str, str], grouping: Grouping, code: str) -> str:
    """The link to this page with the group `code` expanded, or collapsed if it was expanded."""
    params: dict[str, Any] = {**args, **grouping.toggled(code)}
    return url_for(str(request.endpoint), **params)


def row_cells(
    heads: list[dict[str, Any]],
    found: dict[str, tuple[str, str]],
    link: Callable[[str], str],
    status_label: Callable[[str], str],
) -> list[dict[str, Any]]:
    """The cells of one row under `heads`: for a market its (status, tooltip) from `found` and
    the link to its detail; for a group the worst status of its members and their counts."""
    cells: list[dict[str, Any]] = []
    for head in heads:
        if not head["is_group"]:
            status, title = found.get(head["market"], (None, ""))
            href = link(head["market"]) if status else ""
            cells.append({"head": head, "status": status, "title": title, "href": href})
            continue
        summary = summarise([found[m][0] for m in head["members"] if m in found])
        title = ", ".join(f"{n} {status_label(s)}" for s, n in summary.counts.items())
        cells.append(
            {
                "head": head,
                "status": summary.worst.value if summary.worst else None,
                "title": f"{head['label']}: {title}" if summary.worst else "",
                "worst": summary.counts.get(summary.worst.value, 0) if summary.worst else 0,
                "sold": summary.total,
            }
        )
    return cells


def group_totals(
    heads: list[dict[str, Any]], by_market: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    """The status counts of each group column: the sums over its member markets."""
    return {h["market"]: add_counts(by_market, h["members"]) for h in heads if h["is_group"]}


def cell_link(endpoint: str, **fixed: Any) -> Callable[[str], str]:
    """A function giving the link to the detail of the cell of `market` (the other parameters
    fixed); url_for once, then string formatting: a page has thousands of cells."""
    base = url_for(endpoint)
    head = urlencode({k: v for k, v in fixed.items() if v not in (None, False, "")})
    return lambda market: f"{base}?{head}&{urlencode({'market': market})}"


def region_name(grid: Grid, code: str) -> str:
    """The name of a region of the grid (EU, GCC…) in the UI language."""
    for known, en, zh in grid.regions():
        if known == code:
            return zh if locale_code() == "zh" else en
    return code


def detail_head(grid: Grid, cell: Any, words: Any) -> dict[str, Any]:
    """What a cell's detail says first: product, brand, market and status."""
    status = str(getattr(cell.status, "value", cell.status))
    return {
        "product": words.product_name(grid, cell.product_id),
        "product_id": cell.product_id,
        "brand": cell.brand,
        "market": cell.market,
        "market_name": words.country(cell.market),
        "status": status,
        "status_label": words.status(status),
    }


def record_link(endpoint: str, label: str, number: str, about: str = "") -> dict[str, str]:
    """A right named by its label ("WO 1234567") with the link to its page, when there is one."""
    office, _sep, rest = label.partition(" ")
    key: dict[str, Any] = {"office": office, number: rest}
    known = rest and len(office) == 2 and endpoint in current_app.view_functions
    shown = shown_label(label) if endpoint == "patents.detail" else label  # not "CN CN2021…"
    return {"label": shown, "href": url_for(endpoint, **key) if known else "", "about": about}


def render_detail(detail: dict[str, Any]) -> str:
    """A cell's detail: the fragment the grid shows in place when asked with partial=1, else
    the page a link without JavaScript leads to."""
    partial = request.args.get("partial") == "1"
    return render_template(
        "coverage/_cell_detail.html" if partial else "coverage/cell.html", detail=detail
    )


def note_text(words: Any, note: object, fallback: object = "") -> str:
    """A cell's note ("why") in the UI language, where the wording translates notes."""
    translate = getattr(words, "note", None)
    return (str(translate(note)) if translate else str(note or "")) or str(fallback)
