"""The coverage matrix and the patent layout as the pages and the API ask for them.

Each grid is built once per database, portfolio revision and date (and patent kind), kept in one
cache per app, then filtered and totalled; filtered selections are kept with their grid. A build
runs once per key: requests that arrive while it runs wait for it instead of building again.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import Any, Generic, TypeVar

from flask import current_app

from coverage.grid import GAP, Grid, brand_key, totals
from coverage.patents.deadlines import PatentDeadline
from coverage.patents.families import Family
from coverage.patents.layout import PatentLayout
from coverage.patents.queries import build_patent_layout, list_families
from coverage.queries import portfolio_revision
from coverage.trademarks.matrix import Coverage
from coverage.trademarks.queries import build_coverage
from monitor.db import get_session
from monitor.query import CoverageQuery, DeadlineQuery, LayoutQuery, Query, check_codes

GRID_ENTRIES = 8  # grids kept per app: dates, with and without unpatented products, patent kinds
SELECTION_ENTRIES = 24  # filtered selections kept per grid
# Measured with tracemalloc on the 600,000-cell benchmark matrix: ~150 bytes a cell (the tuple and
# its values); a selection holds up to four lists of pointers to its cells (8 bytes each).
CELL_BYTES = 150
SELECTION_CELL_BYTES = 32
SELECTION_SHARE = 0.5  # the selections of a grid may take half as much as the grid itself
V = TypeVar("V")


class BuildCache(Generic[V]):
    """A thread-safe least-recently-used map whose values are built once per key.

    The first request for a missing key builds it (outside the lock, so other keys are served
    meanwhile); requests for the same key that arrive during the build wait for that build.
    """

    def __init__(
        self, size: int, *, max_bytes: int | None = None, weigh: Callable[[V], int] | None = None
    ) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._weigh = weigh or (lambda value: 0)
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._building: dict[Hashable, Future[V]] = {}
        self._lock = threading.Lock()

    @property
    def weight(self) -> int:
        """The estimated bytes the values held now take."""
        with self._lock:
            return sum(w for _, w in self._items.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """Return the value of `key`, building it (or waiting for its build) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            pending = self._building.get(key)
            if pending is None:
                pending = self._building[key] = Future()
                owner = True
            else:
                owner = False
        if not owner:
            return pending.result()
        try:
            value = build()
        except BaseException as exc:
            with self._lock:
                del self._building[key]
            pending.set_exception(exc)
            raise
        weight = self._weigh(value)
        with self._lock:
            del self._building[key]
            self._items[key] = (value, weight)
            self._evict()
        pending.set_result(value)
        return value

    def _evict(self) -> None:
        """Drop the least recently used values past the size or the byte budget (the newest
        value stays even when it alone is over the budget: it is being served)."""
        total = sum(w for _, w in self._items.values())
        while len(self._items) > 1 and (
            len(self._items) > self.size or (self.max_bytes is not None and total > self.max_bytes)
        ):
            _, (_, weight) = self._items.popitem(last=False)
            total -= weight

    def values(self) -> list[V]:
        """The values held now, least recently used first."""
        with self._lock:
            return [value for value, _ in self._items.values()]

    def drop(self, doomed: Callable[[Any], bool]) -> None:
        """Forget the entries whose key is `doomed`."""
        with self._lock:
            for key in [k for k in self._items if doomed(k)]:
                del self._items[key]


@dataclass
class Selection:
    """The cells that pass the filters, totalled over the whole filtered set; the groupings a
    page needs are worked out on first use (a selection may hold 600,000 cells)."""

    cells: list[Any]
    product_ids: list[str]  # products with at least one cell, by brand then product_id
    markets: list[str]  # market codes with at least one cell, sorted
    by_product: dict[str, dict[str, int]]
    by_market: dict[str, dict[str, int]]
    by_status: dict[str, int]

    @cached_property
    def cells_of(self) -> dict[str, list[Any]]:
        """The cells of each product, in the engine's order (market, then class)."""
        groups: dict[str, list[Any]] = {}
        for product_id, cells in groupby(self.cells, key=attrgetter("product_id")):
            groups.setdefault(product_id, []).extend(cells)
        return groups

    @cached_property
    def ordered(self) -> list[Any]:
        """The cells by brand, product, then the engine's order (stable for paging)."""
        cells_of = self.cells_of
        return [c for pid in self.product_ids for c in cells_of[pid]]

    @cached_property
    def gap_cells(self) -> list[Any]:
        """The gap cells of the selection, in the same order."""
        return [c for c in self.ordered if c.status in GAP]

    @cached_property
    def classes(self) -> list[int]:
        """The Nice classes that have at least one cell (trademark cells only)."""
        return sorted({c.nice_class for c in self.cells if hasattr(c, "nice_class")})


@dataclass
class _Entry:
    """A built grid, the filtered selections made of it, and what else its date needs."""

    grid: Grid
    selections: BuildCache[Selection] = field(init=False)
    families: dict[str, Family] | None = None

    def __post_init__(self) -> None:
        self.selections = BuildCache(
            SELECTION_ENTRIES,
            max_bytes=int(SELECTION_SHARE * self.grid_bytes),
            weigh=lambda s: SELECTION_CELL_BYTES * len(s.cells),
        )

    @property
    def grid_bytes(self) -> int:
        """The estimated bytes of the grid's cells."""
        return CELL_BYTES * len(self.grid.cells)

    def weight(self) -> int:
        """The estimated bytes of the grid and the most its selections may take."""
        return int((1 + SELECTION_SHARE) * self.grid_bytes)


def _cache() -> BuildCache[_Entry]:
    ext = current_app.extensions
    if "ipwatch_grid_cache" not in ext:
        budget = int(current_app.config["CACHE_MB"]) * 1024 * 1024
        ext["ipwatch_grid_cache"] = BuildCache[_Entry](
            GRID_ENTRIES, max_bytes=budget, weigh=_Entry.weight
        )
    cache: BuildCache[_Entry] = ext["ipwatch_grid_cache"]
    return cache


def _entry(what: tuple[Hashable, ...], build: Callable[[Any], Grid]) -> _Entry:
    session = get_session()
    url, revision = str(current_app.config["DATABASE_URL"]), portfolio_revision(session)
    cache = _cache()
    entry = cache.get_or_build((url, revision, *what), lambda: _Entry(build(session)))
    cache.drop(lambda key: key[0] == url and key[1] < revision)  # older portfolios are stale
    return entry


def get_coverage(as_of: dt.date, all_products: bool) -> Coverage:
    """Return the coverage on `as_of`, rebuilt only when the portfolio changed since last time."""
    days = int(current_app.config["TM_EXPIRING_DAYS"])
    entry = _entry(
        ("coverage", as_of, all_products, days),
        lambda session: build_coverage(
            session, as_of=as_of, all_products=all_products, expiring_days=days
        ),
    )
    assert isinstance(entry.grid, Coverage)
    return entry.grid


def get_layout(as_of: dt.date, kind: str | None = None) -> PatentLayout:
    """Return the patent layout on `as_of`, rebuilt only when the portfolio changed."""
    entry = _layout_entry(as_of, kind)
    assert isinstance(entry.grid, PatentLayout)
    return entry.grid


def _layout_entry(as_of: dt.date, kind: str | None) -> _Entry:
    return _entry(
        ("layout", as_of, kind),
        lambda session: build_patent_layout(session, as_of=as_of, kind=kind),
    )


def get_families(as_of: dt.date) -> dict[str, Family]:
    """Return every patent family on `as_of` by family_id, in order (cached with the layout of
    the date: one family page after another does not group 50,000 patents again)."""
    entry = _layout_entry(as_of, None)
    if entry.families is None:
        families = sorted(list_families(get_session(), as_of=as_of), key=lambda f: f.family_id)
        entry.families = {f.family_id: f for f in families}
    return entry.families


def select_cells(grid: Grid, query: CoverageQuery | LayoutQuery) -> Selection:
    """Return the cells of `grid` that pass the query's filters (cached with the grid)."""
    check_codes(grid, region=query.region, product=query.product, brand=query.brand)
    entry = next((e for e in _cache().values() if e.grid is grid), None)
    if entry is None:  # dropped from the cache meanwhile
        return select_from(grid, query)
    key = tuple(sorted(query.filters().items()))
    return entry.selections.get_or_build(key, lambda: select_from(grid, query))


def select_from(grid: Grid, query: Query) -> Selection:
    """The cells of a grid that pass the query's filters, with their totals."""
    filters = query.filters()
    wanted = any(value is not None for value in filters.values())
    cells = grid.select(**filters) if wanted else grid.cells
    by_product, by_market = totals(cells, by="product"), totals(cells, by="market")
    products = grid.products
    return Selection(
        cells=cells,
        product_ids=sorted(
            by_product, key=lambda p: (products[p].brand if p in products else "", p)
        ),
        markets=sorted(by_market),
        by_product=by_product,
        by_market=by_market,
        by_status={
            str(status): n for status, n in Counter(map(attrgetter("status"), cells)).items()
        },
    )


def select_deadlines(layout: PatentLayout, query: DeadlineQuery) -> list[PatentDeadline]:
    """The layout's deadlines of the brand, product and kind of deadline asked for, by date
    (the layout was built for the patent kind asked for)."""
    check_codes(layout, product=query.product, brand=query.brand)
    folded = brand_key(query.brand) if query.brand else None
    return sorted(
        (
            d
            for d in layout.deadlines
            if (folded is None or folded in {brand_key(b) for b in d.brands})
            and (query.product is None or query.product in d.products)
            and (query.deadline is None or d.kind == query.deadline)
        ),
        key=lambda d: (d.due, d.patent, d.kind),
    )
