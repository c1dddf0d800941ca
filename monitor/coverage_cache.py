"""The coverage matrix as the pages and the API ask for it: built once per portfolio revision and
date, cached per app, then filtered (filters parsed from a query string) and totalled."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import Any, TypeVar

from flask import current_app
from flask_babel import gettext as _

from coverage.grid import CellStatus
from coverage.queries import portfolio_revision
from coverage.trademarks.matrix import Cell, Coverage
from coverage.trademarks.queries import build_coverage
from monitor.db import get_session

CACHE_ENTRIES = 4  # coverages kept per app (dates, with and without unpatented products)
SELECTION_ENTRIES = 24  # filtered views kept per coverage
STATUS_FILTERS = tuple(s.value for s in CellStatus) + ("gap", "at_risk")
GAP = frozenset({CellStatus.MISSING, CellStatus.LAPSED})
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # accepted as_of dates
T = TypeVar("T")


class BadQuery(ValueError):
    """A filter in the query string cannot be understood; the message says which and why."""


class Lru:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
        value = build()  # outside the lock: a slow build must not block other keys
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def values(self) -> list[Any]:
        with self._lock:
            return list(self._items.values())

    def drop(self, doomed: Callable[[Any], bool]) -> None:
        """Forget the entries whose key is `doomed`."""
        with self._lock:
            for key in [k for k in self._items if doomed(k)]:
                del self._items[key]


@dataclass
class _Entry:
    """A built coverage and the filtered selections made of it."""

    coverage: Coverage
    selections: Lru


def _cache() -> Lru:
    ext = current_app.extensions
    if "ipwatch_coverage_cache" not in ext:
        ext["ipwatch_coverage_cache"] = Lru(CACHE_ENTRIES)
    return ext["ipwatch_coverage_cache"]  # type: ignore[no-any-return]


def get_coverage(as_of: dt.date, all_products: bool) -> Coverage:
    """Return the coverage on `as_of`, rebuilt only when the portfolio changed since last time."""
    session = get_session()
    days = int(current_app.config["TM_EXPIRING_DAYS"])
    url, revision = str(current_app.config["DATABASE_URL"]), portfolio_revision(session)
    cache = _cache()
    entry = cache.get_or_build(
        (url, revision, as_of, all_products, days),
        lambda: _Entry(_build(session, as_of, all_products, days), Lru(SELECTION_ENTRIES)),
    )
    cache.drop(lambda key: key[0] == url and key[1] < revision)  # older portfolios are stale
    return entry.coverage


def _build(session: Any, as_of: dt.date, all_products: bool, days: int) -> Coverage:
    coverage = build_coverage(session, as_of=as_of, all_products=all_products, expiring_days=days)
    # The cached cells (600,000 tuples in a large portfolio) live long and hold no cycles:
    # keep the cyclic collector from walking them on every full collection (~0.2 s pauses).
    # Evicted cells are still freed by reference counting.
    gc.freeze()
    return coverage


class QueryArgs:
    """The query string that asks for a query again (with changes), for links and exports."""

    as_of: dt.date

    def args(self, **changes: Any) -> dict[str, str]:
        """The query string that asks for this again (with `changes`), for links and exports."""
        query = replace(self, **changes)  # type: ignore[type-var]
        out = {"as_of": query.as_of.isoformat()}
        for f in fields(query):  # type: ignore[arg-type]
            value = getattr(query, f.name)
            if f.name in {"as_of", "per_page"} or value in (None, False, ""):
                continue
            if f.name == "page" and value == 1:
                continue
            out["class" if f.name == "nice_class" else f.name] = (
                "1" if value is True else str(value)
            )
        return out


@dataclass(frozen=True)
class CoverageQuery(QueryArgs):
    """What a page or API call asks for: the date, which products, the filters and the page."""

    as_of: dt.date
    all_products: bool = False
    brand: str | None = None
    product: str | None = None
    market: str | None = None
    region: str | None = None
    nice_class: int | None = None
    status: str | None = None
    page: int = 1
    per_page: int = 25

    @classmethod
    def from_args(
        cls,
        args: Mapping[str, str],
        *,
        today: dt.date,
        per_page: int = 25,
        max_per_page: int | None = None,
    ) -> CoverageQuery:
        """Parse a query string; raise BadQuery naming the parameter that is wrong."""
        text = {
            k: (args.get(k) or "").strip()
            for k in (
                "brand",
                "product",
                "market",
                "region",
                "class",
                "status",
                "as_of",
                "page",
                "per_page",
                "all_products",
            )
        }
        return cls(
            as_of=parse_as_of(text["as_of"]) if text["as_of"] else today,
            all_products=text["all_products"].lower() in {"1", "true", "on", "yes"},
            brand=text["brand"] or None,
            product=text["product"] or None,
            market=parse_code("market", text["market"]),
            region=text["region"].upper() or None,
            nice_class=_nice_class(text["class"]),
            status=parse_status(text["status"]),
            page=parse_positive("page", text["page"], 1, None),
            per_page=parse_positive("per_page", text["per_page"], per_page, max_per_page),
        )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for Coverage.select."""
        status: CellStatus | str | None = self.status
        if self.status in {s.value for s in CellStatus}:
            status = CellStatus(self.status)
        return {
            "brand": self.brand,
            "product": self.product,
            "market": self.market,
            "region": self.region,
            "nice_class": self.nice_class,
            "status": status,
        }


def parse_as_of(text: str) -> dt.date:
    """The as_of parameter as a date; BadQuery when it is not one or is out of range."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadQuery(
            _("as_of: %(value)s is not a date; write YYYY-MM-DD, e.g. 2026-03-31", value=text)
        ) from None
    if not EARLIEST <= day <= LATEST:  # terms and deadlines are computed years around the date
        raise BadQuery(
            _(
                "as_of: %(value)s is out of range; pick a date from %(first)s to %(last)s",
                value=text,
                first=EARLIEST.isoformat(),
                last=LATEST.isoformat(),
            )
        )
    return day


def parse_code(name: str, text: str) -> str | None:
    """A two-letter code parameter in upper case, or None when empty; BadQuery otherwise."""
    if not text:
        return None
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise BadQuery(
            _(
                "%(name)s: %(value)s is not a two-letter country code such as CN or DE",
                name=name,
                value=text,
            )
        )
    return text.upper()


def _nice_class(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 45:
        raise BadQuery(
            _("class: %(value)s is not a Nice class; write a number from 1 to 45", value=text)
        )
    return int(text)


def parse_status(text: str) -> str | None:
    """A status filter (a cell status, gap or at_risk), or None when empty."""
    if not text:
        return None
    if text.lower() not in STATUS_FILTERS:
        raise BadQuery(
            _(
                "status: %(value)s is not one of %(choices)s",
                value=text,
                choices=", ".join(STATUS_FILTERS),
            )
        )
    return text.lower()


def parse_positive(name: str, text: str, default: int, maximum: int | None) -> int:
    """A positive whole-number parameter (default when empty, at most `maximum`)."""
    if not text:
        return default
    number = int(text) if text.isdigit() else 0
    if number < 1 or (maximum is not None and number > maximum):
        top = str(maximum) if maximum is not None else "…"
        raise BadQuery(
            _(
                "%(name)s: %(value)s must be a whole number from 1 to %(top)s",
                name=name,
                value=text,
                top=top,
            )
        )
    return number


@dataclass
class Selection:
    """The cells that pass the filters, totalled over the whole filtered set; the groupings a
    page needs are worked out on first use (a selection may hold 600,000 cells)."""

    cells: list[Cell]
    product_ids: list[str]  # products with at least one cell, by brand then product_id
    markets: list[str]  # market codes with at least one cell, sorted
    by_product: dict[str, dict[str, int]]
    by_market: dict[str, dict[str, int]]
    by_status: dict[str, int]

    @cached_property
    def cells_of(self) -> dict[str, list[Cell]]:
        """The cells of each product, in the engine's order (market, then class)."""
        groups: dict[str, list[Cell]] = {}
        for product_id, cells in groupby(self.cells, key=attrgetter("product_id")):
            groups.setdefault(product_id, []).extend(cells)
        return groups

    @cached_property
    def ordered(self) -> list[Cell]:
        """The cells by brand, product, then the engine's order (stable for paging)."""
        cells_of = self.cells_of
        return [c for pid in self.product_ids for c in cells_of[pid]]

    @cached_property
    def gap_cells(self) -> list[Cell]:
        """The gap cells of the selection, in the same order."""
        return [c for c in self.ordered if c.status in GAP]

    @cached_property
    def classes(self) -> list[int]:
        """The Nice classes that have at least one cell."""
        return sorted(set(map(attrgetter("nice_class"), self.cells)))


def select_cells(coverage: Coverage, query: CoverageQuery) -> Selection:
    """Return the cells of `coverage` that pass the query's filters (cached with the coverage)."""
    if query.region and query.region not in {code for code, *_ in coverage.regions()}:
        raise BadQuery(_("region: %(value)s is not a known region", value=query.region))
    entry = next((e for e in _cache().values() if e.coverage is coverage), None)
    if entry is None:  # dropped from the cache meanwhile
        return select_from(coverage, query)
    key = tuple(sorted(query.filters().items()))
    return entry.selections.get_or_build(key, lambda: select_from(coverage, query))


def select_from(coverage: Coverage, query: CoverageQuery) -> Selection:
    """The cells of a coverage (or patent layout) that pass the query's filters."""
    filters = query.filters()
    wanted = any(value is not None for value in filters.values())
    cells = coverage.select(**filters) if wanted else coverage.cells
    # Counter over C-level getters: one pass each, fast enough for 600,000 cells.
    by_product = _nest(Counter(map(attrgetter("product_id", "status"), cells)))
    by_market = _nest(Counter(map(attrgetter("market", "status"), cells)))
    products = coverage.products
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


def _nest(counts: Counter[tuple[str, CellStatus]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (key, status), n in counts.items():
        out.setdefault(key, {})[str(status)] = n
    return out
