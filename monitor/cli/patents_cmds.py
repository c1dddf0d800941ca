"""`ipwatch patents layout|deadlines|families`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from coverage.grid import brand_key
from coverage.patents.queries import build_patent_layout, list_families
from monitor.cli.output import as_of_option, checked_filters, emit, format_option
from monitor.db import get_session

KINDS = ["invention", "utility_model", "design"]
STATUSES = ["protected", "expiring", "pending", "lapsed", "missing", "gap", "at_risk"]
LAYOUT_COLUMNS = ["brand", "product_id", "market", "status", "patents", "expiry", "note"]
DEADLINE_COLUMNS = ["due", "kind", "patent", "market", "opens", "overdue", "surcharge", "text"]
FAMILY_COLUMNS = ["family_id", "members", "products", "uncovered"]


def register(group: click.Group) -> None:
    group.add_command(patents)


@click.group()
def patents() -> None:
    """Patent layout of branded products: which patents protect them, where, until when."""


@patents.command()
@click.option("--brand", help="Only this brand.")
@click.option("--product", help="Only this product_id.")
@click.option("--market", help="Only this market (ISO alpha-2).")
@click.option("--region", help="Only markets of this region (EU, ASEAN, GCC, …).")
@click.option("--kind", type=click.Choice(KINDS), help="Only patents of this kind count.")
@click.option("--status", type=click.Choice(STATUSES), help="Only cells of this status.")
@format_option
@as_of_option
def layout(fmt: str, as_of: dt.date, kind: str | None, **filters: Any) -> None:
    """Print one cell per branded product and market, with the patents reaching it, best first."""
    found = build_patent_layout(get_session(), as_of=as_of, kind=kind)
    cells = found.select(**checked_filters(found, filters))
    emit([c.as_dict() for c in cells], LAYOUT_COLUMNS, fmt)


@patents.command()
@click.option("--brand", help="Only patents of products of this brand.")
@click.option("--kind", type=click.Choice(KINDS), help="Only patents of this kind.")
@format_option
@as_of_option
def deadlines(fmt: str, as_of: dt.date, brand: str | None, kind: str | None) -> None:
    """Print annuities, PCT national phases, EP validations and expiries of the next 12 months."""
    found = build_patent_layout(get_session(), as_of=as_of, kind=kind)
    folded = brand_key(brand) if brand else None
    rows = [
        {
            "due": d.due,
            "kind": d.kind,
            "patent": d.patent,
            "office": d.office,
            "market": d.market,
            "opens": d.opens,
            "overdue": d.overdue,
            "surcharge": d.surcharge,
            "products": list(d.products),
            "brands": list(d.brands),
            "text": d.text,
        }
        for d in found.deadlines
        if folded is None or folded in {brand_key(b) for b in d.brands}
    ]
    emit(rows, DEADLINE_COLUMNS, fmt)


@patents.command()
@format_option
@as_of_option
def families(fmt: str, as_of: dt.date) -> None:
    """Print each patent family with its members and the markets none of them covers."""
    rows = [
        {
            "family_id": f.family_id,
            "members": [f"{p.label} ({f.standings[p.label].status.value})" for p in f.members],
            "products": list(f.products),
            "markets": list(f.markets),
            "covered": {m: s.value for m, s in f.covered.items()},
            "uncovered": list(f.uncovered),
        }
        for f in list_families(get_session(), as_of=as_of)
    ]
    emit(rows, FAMILY_COLUMNS, fmt)
