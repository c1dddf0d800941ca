"""The patent layout's and the patent deadlines' Excel or CSV files, made at once (a plain GET of
the export address: links, scripts) or in the background (the pages' export buttons post; the
progress page counts the rows written; the file is kept per user for a day, see
monitor.background.exports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response

from monitor import layout_exports
from monitor.background.exports import Counted, file_job, start_export
from monitor.background.runner import Progress
from monitor.cache import get_layout, select_cells, select_deadlines
from monitor.patent_wording import PatentWording
from monitor.query import DeadlineQuery, LayoutQuery

Body = tuple[str | bytes, str]  # the file's body and its stem


def start_layout_export(query: LayoutQuery, fmt: str) -> Response:
    """Start exporting the layout cells `query` selects as `fmt`; answer with its progress page."""
    stem = f"patent-layout-{query.as_of.isoformat()}"
    return start_export("export_layout", stem, query, fmt, file_job(LayoutQuery, layout_file))


def start_deadlines_export(query: DeadlineQuery, fmt: str) -> Response:
    """Start exporting the patent deadlines `query` selects as `fmt`; answer with its progress
    page."""
    stem = f"patent-deadlines-{query.as_of.isoformat()}"
    return start_export(
        "export_deadlines", stem, query, fmt, file_job(DeadlineQuery, deadlines_file)
    )


def layout_file(query: LayoutQuery, fmt: str, progress: Progress | None = None) -> Body:
    """The layout cells the query selects (and, in Excel, the deadlines of the same products) as
    a file body, and the file's stem; `progress` counts the rows as they are written."""
    layout = get_layout(query.as_of, query.kind)
    words = PatentWording()
    cells = [words.cell_row(c, layout) for c in select_cells(layout, query).ordered]
    rows: list[dict[str, Any]] = []
    if fmt == "xlsx":
        due = DeadlineQuery(
            as_of=query.as_of, brand=query.brand, product=query.product, kind=query.kind
        )
        rows = [words.deadline_row(d) for d in select_deadlines(layout, due)]
    counted_cells, counted_rows = _counted(progress, cells, rows)
    stem = f"patent-layout-{query.as_of.isoformat()}"
    if fmt == "csv":
        return layout_exports.layout_csv(counted_cells), stem
    return layout_exports.layout_xlsx(counted_cells, counted_rows), stem


def deadlines_file(query: DeadlineQuery, fmt: str, progress: Progress | None = None) -> Body:
    """The patent deadlines the query selects as a file body, and the file's stem; `progress`
    counts the rows as they are written."""
    layout = get_layout(query.as_of, query.kind)
    words = PatentWording()
    rows = [words.deadline_row(d) for d in select_deadlines(layout, query)]
    (counted,) = _counted(progress, rows)
    stem = f"patent-deadlines-{query.as_of.isoformat()}"
    if fmt == "csv":
        return layout_exports.deadlines_csv(counted), stem
    return layout_exports.deadlines_xlsx(counted), stem


def _counted(
    progress: Progress | None, *tables: list[dict[str, Any]]
) -> list[Sequence[dict[str, Any]]]:
    """The tables as they are, or counting their rows as written into `progress` (one step)."""
    if progress is None:
        return list(tables)
    progress.step("writing", total=sum(len(t) for t in tables))
    return [Counted(t, progress.advance) for t in tables]
