"""What the grid pages (the trademark coverage matrix and the patent layout) share: a login for every
page, the page that explains a bad query, paging, the status symbols and the Excel/CSV downloads."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, TypeVar

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from coverage.grid import CellStatus
from monitor.query import BadQuery, Query

SYMBOLS = {"protected": "✓", "expiring": "!", "pending": "…", "lapsed": "✗", "missing": "–"}
STATUSES = tuple(s.value for s in CellStatus)  # best first
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

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
