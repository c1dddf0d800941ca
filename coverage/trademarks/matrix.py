"""The coverage matrix: each needed (product, market, class) cell with its best trademark status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from coverage.grid import (
    GAP,
    RANK,
    CellStatus,
    Grid,
    ProductInfo,
    brand_key,
    collector_paused,
    json_ready,
)
from coverage.messages import join_texts
from coverage.offices import Geography
from coverage.trademarks.rules import TermRule
from coverage.trademarks.standing import MarkInfo, Right, assess_rights


class Cell(NamedTuple):
    """One needed cell: product × market country × Nice class, with the best right's status."""

    product_id: str
    brand: str
    market: str
    nice_class: int
    status: CellStatus
    rights: tuple[str, ...] = ()
    expiry: dt.date | None = None
    note: str | None = None

    @property
    def is_gap(self) -> bool:
        return self.status in GAP

    def as_dict(self) -> dict[str, Any]:
        """Return the cell as a JSON-ready dict (the CLI and API shape)."""
        return json_ready(self._asdict())


_Best = tuple[CellStatus, tuple[str, ...], dt.date | None, str | None]
_NONE: _Best = (CellStatus.MISSING, (), None, None)


def _order(right: Right) -> tuple[int, int]:
    return RANK[right.status], -(right.expiry or dt.date.max).toordinal()


class _BrandIndex:
    """Rights of every brand by (territory key, class), resolved lazily per (brand, country, class)."""

    def __init__(
        self,
        rights: Mapping[str, Mapping[tuple[str, int], list[Right]]],
        keys_for: Callable[[str], tuple[str, ...]],
    ) -> None:
        self._rights = rights
        self._keys_for = keys_for
        # (brand, country) -> class -> best: the inner loop then looks up by class alone
        self.memo: dict[tuple[str, str], dict[int, _Best]] = defaultdict(dict)

    def resolve(self, brand: str, country: str, nice_class: int) -> _Best:
        """Return the best status, rights, expiry and note of a brand in a country and class."""
        by_key = self._rights.get(brand)
        if not by_key:
            return _NONE
        lists = []
        for k in self._keys_for(country):
            found = by_key.get((k, nice_class))
            if found:
                lists.append(found)
        if not lists:
            return _NONE
        if len(lists) == 1:
            reaching = lists[0]
        else:
            reaching = sorted([r for rights in lists for r in rights], key=_order)
        best = reaching[0]
        status = best.status
        if len(reaching) == 1:
            note = best.note if status is not CellStatus.PROTECTED else None
            return status, (best.label,), best.expiry, note
        labels = tuple(dict.fromkeys([r.label for r in reaching]))
        if status is CellStatus.LAPSED:
            note = join_texts(list(dict.fromkeys([r.note for r in reaching if r.note]))) or None
        else:
            note = best.note if status is not CellStatus.PROTECTED else None
        return status, labels, best.expiry, note


def index_rights(
    marks: Iterable[MarkInfo], rules: Mapping[str, TermRule], *, as_of: dt.date, expiring_days: int
) -> dict[str, dict[tuple[str, int], list[Right]]]:
    """Group every mark's rights by folded brand, then by (territory key, class), best first."""
    marks = list(marks)
    basics = {(m.tm_no, brand_key(m.brand)): m for m in marks if m.office != "WO"}
    basics_any = {m.tm_no: m for m in marks if m.office != "WO"}
    out: dict[str, dict[tuple[str, int], list[Right]]] = defaultdict(lambda: defaultdict(list))
    for mark in marks:
        brand = brand_key(mark.brand)
        basic = None
        if mark.office == "WO" and mark.basic_mark:
            basic = basics.get((mark.basic_mark, brand)) or basics_any.get(mark.basic_mark)
        by_key = out[brand]
        for right in assess_rights(
            mark, rules, as_of=as_of, expiring_days=expiring_days, basic=basic
        ):
            for nice_class in right.classes:
                by_key[right.territory, nice_class].append(right)
    for by_key in out.values():
        for rights in by_key.values():
            if len(rights) > 1:
                rights.sort(key=_order)
    return out


@collector_paused()
def build_matrix(
    products: Iterable[ProductInfo],
    marks: Iterable[MarkInfo],
    rules: Mapping[str, TermRule],
    geography: Geography,
    *,
    as_of: dt.date,
    all_products: bool = False,
    expiring_days: int = 180,
) -> list[Cell]:
    """Return every needed cell, products in the given order, then market, then class.

    Only patented products count unless `all_products`. A cell is `expiring` when the best
    registration expires within `expiring_days` days of `as_of` (or is in its grace period).
    """
    keys: dict[str, tuple[str, ...]] = {}

    def keys_for(country: str) -> tuple[str, ...]:
        if country not in keys:
            keys[country] = (country, *geography.regions_of(country, as_of))
        return keys[country]

    index = _BrandIndex(
        index_rights(marks, rules, as_of=as_of, expiring_days=expiring_days), keys_for
    )
    memo, resolve = index.memo, index.resolve
    new_cell = tuple.__new__  # skips NamedTuple's Python-level __new__: 600,000 calls
    cells: list[Cell] = []
    append = cells.append
    for product in products:
        if not (product.patented or all_products):
            continue
        brand, product_id, shown = brand_key(product.brand), product.product_id, product.brand
        classes = sorted(set(product.nice_classes))
        for country in geography.expand_markets(product.markets, as_of):
            known = memo[brand, country]
            for nice_class in classes:
                found = known.get(nice_class)
                if found is None:
                    found = known[nice_class] = resolve(brand, country, nice_class)
                append(new_cell(Cell, (product_id, shown, country, nice_class, *found)))
    return cells


@dataclass
class Coverage(Grid):
    """The matrix on one date, with what is needed to filter it, advise on gaps and list deadlines."""

    as_of: dt.date
    cells: list[Cell]
    products: dict[str, ProductInfo]
    geography: Geography
    # builds (deadlines, advisor) on first use: the matrix page needs neither
    extras: Callable[[], tuple[list[Any], Any]] = field(default=lambda: ([], None), repr=False)
    region_names: Sequence[tuple[str, str, str]] = ()

    @cached_property
    def _extras(self) -> tuple[list[Any], Any]:
        return self.extras()

    @property
    def deadlines(self) -> list[Any]:
        """Trademark deadlines of the next 365 days and overdue ones still curable, by date."""
        return self._extras[0]

    @property
    def advisor(self) -> Any:
        return self._extras[1]

    def gaps(self, cells: Iterable[Cell] | None = None) -> list[Any]:
        """Return a Gap (cell, advice, urgent deadlines) for every gap among `cells` (default: all)."""
        source = self.cells if cells is None else cells
        return [self.advisor.advise(c) for c in source if c.is_gap]
