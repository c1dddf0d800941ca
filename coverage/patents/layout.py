"""The patent layout: for each branded product and each of its markets, the best patent status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from coverage.dates import add_months
from coverage.grid import (
    RANK,
    CellStatus,
    Grid,
    ProductInfo,
    brand_key,
    collector_paused,
    json_ready,
)
from coverage.messages import join_texts, text
from coverage.offices import Geography
from coverage.patents.rules import PatentRules
from coverage.patents.standing import (
    PatentInfo,
    PatentStanding,
    assess_patent,
    pct_base,
    pct_entry_office,
)

__all__ = ["LayoutCell", "PatentInfo", "PatentLayout", "PatentStanding", "build_layout"]


class LayoutCell(NamedTuple):
    """One branded product in one market, with the patents that reach it, best first."""

    brand: str
    product_id: str
    market: str
    status: CellStatus
    patents: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    expiry: dt.date | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the cell as a JSON-ready dict (the CLI and API shape)."""
        return json_ready(self._asdict())


class _Reach(NamedTuple):
    status: CellStatus
    expiry: dt.date | None
    label: str
    kind: str
    note: str | None


def _order(reach: _Reach) -> tuple[int, int]:
    return RANK[reach.status], -(reach.expiry or dt.date.max).toordinal()


@dataclass
class PatentLayout(Grid):
    """The layout on one date, with the findings listed above the grid and the deadlines."""

    as_of: dt.date
    cells: list[LayoutCell]
    products: dict[str, ProductInfo]
    patents: dict[str, PatentInfo]
    standings: dict[str, PatentStanding]
    geography: Geography
    unpatented: list[str] = field(default_factory=list)
    region_names: Sequence[tuple[str, str, str]] = ()
    # builds the deadlines on first use: the grid does not need them
    extras: Callable[[], list[Any]] = field(default=lambda: [], repr=False)

    @cached_property
    def deadlines(self) -> list[Any]:
        """Annuities, national phases, EP validations and expiries, by date."""
        return self.extras()

    @cached_property
    def expiring(self) -> list[str]:
        """Granted patents in force that expire within 365 days, soonest first."""
        soon = [
            (s.expiry.date, label)
            for label, s in self.standings.items()
            if s.expiry.date is not None
            and self.patents[label].status == "granted"
            and 0 <= (s.expiry.date - self.as_of).days <= 365
        ]
        return [label for _, label in sorted(soon)]

    @cached_property
    def missing_rules(self) -> list[tuple[str, str]]:
        """(office, kind) pairs of patents whose term no rule gives: shown, never guessed."""
        pairs = {
            (self.patents[label].office, self.patents[label].kind)
            for label, s in self.standings.items()
            if s.rule_missing
        }
        return sorted(pairs)


def build_layout(
    products: Iterable[ProductInfo],
    patents: Iterable[PatentInfo],
    branded: set[str],
    rules: PatentRules,
    geography: Geography,
    *,
    as_of: dt.date,
    kind: str | None = None,
) -> tuple[list[LayoutCell], dict[str, PatentStanding]]:
    """Return the cells of every branded product (brand key in `branded`) and each patent's standing.

    Only patents of `kind` count when it is given.
    """
    with collector_paused():
        chosen = [p for p in patents if kind is None or p.kind == kind]
        standings = {p.label: assess_patent(p, rules, geography, as_of=as_of) for p in chosen}
        by_product: dict[str, list[PatentInfo]] = defaultdict(list)
        for patent in chosen:
            for product_id in patent.product_ids:
                by_product[product_id].append(patent)
        cells: list[LayoutCell] = []
        for product in products:
            if brand_key(product.brand) not in branded:
                continue
            markets = geography.expand_markets(product.markets, as_of)
            reach = _reach(
                by_product.get(product.product_id, ()), markets, standings, rules, geography, as_of
            )
            cells.extend(_cell(product, m, reach.get(m)) for m in markets)
        return cells, standings


def _reach(
    patents: Iterable[PatentInfo],
    markets: list[str],
    standings: dict[str, PatentStanding],
    rules: PatentRules,
    geography: Geography,
    as_of: dt.date,
) -> dict[str, list[_Reach]]:
    wanted, out = set(markets), defaultdict(list)
    deadlines: dict[tuple[dt.date, int], dt.date] = {}  # (PCT base, months) -> national phase
    pct_months: dict[str, int] = {}  # market -> months to enter the national phase there
    for patent in patents:
        standing = standings[patent.label]
        if patent.office == "WO":
            if patent.status != "pending":
                continue
            base = pct_base(patent)
            for market in markets:
                months = pct_months.get(market)
                if months is None:
                    office = pct_entry_office(market, geography, as_of)
                    months = pct_months[market] = rules.pct_period(office).months
                deadline = deadlines.get((base, months))
                if deadline is None:
                    deadline = deadlines[base, months] = add_months(base, months)
                if as_of <= deadline:
                    note = text(
                        "%(patent)s: PCT national phase for %(market)s by %(date)s",
                        patent=patent.name,
                        market=market,
                        date=deadline.isoformat(),
                    )
                    out[market].append(
                        _Reach(CellStatus.PENDING, None, patent.label, patent.kind, note)
                    )
            continue
        for market in standing.reaches:
            if market in wanted:
                out[market].append(
                    _Reach(
                        standing.status,
                        standing.expiry.date,
                        patent.label,
                        patent.kind,
                        standing.note,
                    )
                )
    return out


def _cell(product: ProductInfo, market: str, reaching: list[_Reach] | None) -> LayoutCell:
    if not reaching:
        return LayoutCell(product.brand, product.product_id, market, CellStatus.MISSING)
    reaching.sort(key=_order)
    best = reaching[0]
    if best.status is CellStatus.LAPSED:
        note = join_texts(list(dict.fromkeys(r.note for r in reaching if r.note))) or None
    else:  # a protected patent carries a note only as a caveat ("no rule for office X, kind Y")
        note = best.note
    return LayoutCell(
        product.brand,
        product.product_id,
        market,
        best.status,
        tuple(r.label for r in reaching),
        tuple(r.kind for r in reaching),
        best.expiry,
        note,
    )
