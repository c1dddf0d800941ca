"""`ipwatch coverage matrix|gaps|deadlines`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click
from flask import current_app

from coverage.grid import STATUS_ORDER
from coverage.trademarks.matrix import Coverage
from coverage.trademarks.plan import plan_filings
from coverage.trademarks.queries import build_coverage
from monitor.cli.output import as_of_option, checked_filters, emit, format_option
from monitor.db import get_session

CELL_COLUMNS = ["product_id", "brand", "market", "nice_class", "status", "rights", "expiry", "note"]
GAP_COLUMNS = [
    "product_id",
    "brand",
    "market",
    "nice_class",
    "status",
    "advice",
    "advice_warning",
    "note",
]
PLAN_COLUMNS = ["brand", "gaps", "text", "products", "markets", "warnings"]
DEADLINE_COLUMNS = ["due", "kind", "right", "brand", "opens", "overdue", "text"]
STATUS_CHOICES = [s.value for s in STATUS_ORDER] + ["gap", "at_risk"]


def register(group: click.Group) -> None:
    group.add_command(coverage)


@click.group()
def coverage() -> None:
    """Trademark coverage of patented products: matrix, gaps, deadlines."""


def _filters(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--all-products", is_flag=True, help="Include products without a live patent."
        ),
        click.option("--brand", help="Only this brand."),
        click.option("--product", help="Only this product_id."),
        click.option("--market", help="Only this market (ISO alpha-2)."),
        click.option(
            "--region",
            help="Only markets of this region: EU, BX, OA, AP or a sales region (ASEAN, RCEP, GCC, USMCA, EAEU, MERCOSUR).",
        ),
        click.option(
            "--class", "nice_class", type=click.IntRange(1, 45), help="Only this Nice class."
        ),
        click.option(
            "--status", type=click.Choice(STATUS_CHOICES), help="Only cells of this status."
        ),
        format_option,
        as_of_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _select(as_of: dt.date, all_products: bool, **filters: Any) -> tuple[Coverage, list[Any]]:
    cov = build_coverage(
        get_session(),
        as_of=as_of,
        all_products=all_products,
        expiring_days=int(current_app.config["TM_EXPIRING_DAYS"]),
    )
    return cov, cov.select(**checked_filters(cov, filters))


def _with_names(cov: Coverage, row: dict[str, Any]) -> dict[str, Any]:
    product = cov.products.get(row["product_id"])
    row["product_name"] = product.name if product else None
    return row


@coverage.command()
@_filters
def matrix(fmt: str, as_of: dt.date, all_products: bool, **filters: Any) -> None:
    """Print every needed cell: product × market × class with its status."""
    cov, cells = _select(as_of, all_products, **filters)
    emit([_with_names(cov, c.as_dict()) for c in cells], CELL_COLUMNS, fmt)


@coverage.command()
@_filters
def gaps(fmt: str, as_of: dt.date, all_products: bool, **filters: Any) -> None:
    """Print the gaps (missing or lapsed cells) with what to file."""
    cov, cells = _select(as_of, all_products, **filters)
    emit([_with_names(cov, g.as_dict()) for g in cov.gaps(cells)], GAP_COLUMNS, fmt)


@coverage.command()
@_filters
def plan(fmt: str, as_of: dt.date, all_products: bool, **filters: Any) -> None:
    """Print the filings that would close the gaps, the ones closing most gaps first."""
    cov, cells = _select(as_of, all_products, **filters)
    rows = [f.as_dict() for f in plan_filings(cov.gaps(cells))]
    emit(rows, PLAN_COLUMNS, fmt)


@coverage.command()
@click.option("--brand", help="Only this brand.")
@format_option
@as_of_option
def deadlines(fmt: str, as_of: dt.date, brand: str | None) -> None:
    """Print trademark deadlines of the next 12 months and overdue ones still curable."""
    cov = build_coverage(get_session(), as_of=as_of)
    rows = [
        {
            "due": d.due,
            "kind": d.kind,
            "right": d.right,
            "brand": d.brand,
            "opens": d.opens,
            "overdue": d.overdue,
            "text": d.text,
        }
        for d in cov.deadlines
        if brand is None or d.brand.casefold() == brand.casefold()
    ]
    emit(rows, DEADLINE_COLUMNS, fmt)
