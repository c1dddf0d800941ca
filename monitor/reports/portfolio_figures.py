"""The portfolio half of the month's figures: trademark coverage of patented products (overall and
by market, brand, class and region), the gaps, and the patents behind branded products."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from coverage.grid import AT_RISK, GAP, STATUS_ORDER, CellStatus, brand_key
from coverage.patents.layout import PatentLayout
from coverage.trademarks.matrix import Cell, Coverage

STATUSES = tuple(s.value for s in STATUS_ORDER)
LIVE_PATENT = frozenset({CellStatus.PROTECTED, CellStatus.EXPIRING, CellStatus.PENDING})
DOMESTIC = "CN"  # the home market of the first users: shown apart from the sales regions
OTHER = "OTHER"
TOP_GAPS = 15


def rate(part: int, whole: int) -> float | None:
    """`part / whole` rounded to four places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def counts_of(statuses: Iterable[str]) -> dict[str, Any]:
    """Cells by status, with their total, gaps, at-risk cells and the coverage rate."""
    found = Counter(statuses)
    cells = sum(found.values())
    out: dict[str, Any] = {"cells": cells}
    out.update({status: found.get(status, 0) for status in STATUSES})
    out["gaps"] = sum(found.get(s.value, 0) for s in GAP)
    out["at_risk"] = sum(found.get(s.value, 0) for s in AT_RISK)
    out["coverage_rate"] = rate(out["protected"], cells)
    return out


def _breakdown(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for key, status in pairs:
        grouped[key].append(status)
    return {key: counts_of(statuses) for key, statuses in sorted(grouped.items())}


def _status(cell: Cell) -> str:
    return getattr(cell.status, "value", str(cell.status))


def gap_keys(cells: Iterable[Cell]) -> set[str]:
    """The gap cells as `product|market|class` keys (the form snapshots keep)."""
    return {f"{c.product_id}|{c.market}|{c.nice_class}" for c in cells if c.is_gap}


def sales_region(coverage: Coverage, market: str, regions: Mapping[str, frozenset[str]]) -> str:
    """The region a market is reported under: CN apart, then the EU, then the smallest sales
    region that has it (ASEAN before RCEP), else OTHER."""
    if market == DOMESTIC:
        return DOMESTIC
    holding = [(len(members), code) for code, members in regions.items() if market in members]
    return min(holding)[1] if holding else OTHER


def region_members(coverage: Coverage) -> dict[str, frozenset[str]]:
    """Members of each region a user can filter by, on the coverage's date (EU first)."""
    return {
        code: coverage.geography.region_members(code, coverage.as_of)
        for code, _en, _zh in coverage.regions()
    }


def coverage_figures(coverage: Coverage) -> dict[str, Any]:
    """Counts of the matrix of patented products, overall and broken down."""
    cells = coverage.cells
    figures = counts_of(_status(c) for c in cells)
    figures["by_market"] = _breakdown((c.market, _status(c)) for c in cells)
    figures["by_brand"] = _breakdown((c.brand, _status(c)) for c in cells)
    figures["by_class"] = _breakdown((str(c.nice_class), _status(c)) for c in cells)
    members = region_members(coverage)
    eu = members.get("EU", frozenset())
    figures["by_sales_market"] = _breakdown(
        ("EU" if c.market in eu else c.market, _status(c)) for c in cells
    )
    by_region: dict[str, dict[str, Any]] = {}
    for code, countries in members.items():
        inside = [_status(c) for c in cells if c.market in countries]
        if inside:
            by_region[code] = counts_of(inside)
    figures["by_region"] = by_region
    return figures


def top_gaps(coverage: Coverage, limit: int = TOP_GAPS) -> list[dict[str, Any]]:
    """The largest gaps grouped by brand, market and class, most cells first; the EU member
    states' gaps of a brand and class are one row (market `EU`: one EU trade mark closes them),
    with the countries in `markets`."""
    members = {
        code: countries
        for code, countries in region_members(coverage).items()
        if code not in {"BX", "OA", "AP"}  # offices' regions, not where sales are reported
    }
    groups: dict[tuple[str, str, int], list[Cell]] = defaultdict(list)
    regions: dict[str, str] = {}
    for cell in coverage.cells:
        if cell.is_gap:
            if cell.market not in regions:
                regions[cell.market] = sales_region(coverage, cell.market, members)
            market = "EU" if regions[cell.market] == "EU" else cell.market
            groups[cell.brand, market, cell.nice_class].append(cell)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [
        {
            "brand": brand,
            "market": market,
            "markets": sorted({c.market for c in found}),
            "region": regions[found[0].market],
            "nice_class": nice_class,
            "status": "missing" if any(_status(c) == "missing" for c in found) else "lapsed",
            "cells": len(found),
            "products": sorted({c.product_id for c in found}),
        }
        for (brand, market, nice_class), found in ranked[:limit]
    ]


def patent_figures(layout: PatentLayout, branded: set[str]) -> dict[str, Any]:
    """Branded products (those whose folded brand is in `branded`), those no live patent reaches
    in any of their markets, live patents per branded product, and by market the share of
    branded products without a live patent there."""
    live_somewhere = {
        pid: False
        for pid, product in layout.products.items()
        if brand_key(product.brand) in branded
    }
    by_market: dict[str, list[bool]] = defaultdict(list)
    for cell in layout.cells:
        if cell.product_id not in live_somewhere:
            continue
        live = cell.status in LIVE_PATENT
        live_somewhere[cell.product_id] = live_somewhere[cell.product_id] or live
        by_market[cell.market].append(live)
    live_patents = {
        label for label, standing in layout.standings.items() if standing.status in LIVE_PATENT
    }
    links = sum(
        1
        for label in live_patents
        for pid in layout.patents[label].product_ids
        if pid in live_somewhere
    )
    products = len(live_somewhere)
    return {
        "branded_products": products,
        "branded_products_without_live_patent": sum(1 for v in live_somewhere.values() if not v),
        "patents_per_branded_product": round(links / products, 2) if products else None,
        "patents_by_market": {
            market: {
                "branded_products": len(flags),
                "without_live_patent": flags.count(False),
                "share_without": rate(flags.count(False), len(flags)),
            }
            for market, flags in sorted(by_market.items())
        },
    }
