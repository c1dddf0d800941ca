"""The patent layout as the pages and the API ask for it: built once per portfolio revision, date
and patent kind, cached per app like the coverage matrix, then filtered (filters parsed from a
query string) and totalled. The deadlines and families of a date come from the same cache."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from coverage.grid import brand_key
from coverage.models import PatentKind
from coverage.patents.deadlines import PatentDeadline
from coverage.patents.families import Family
from coverage.patents.layout import PatentLayout
from coverage.patents.queries import build_patent_layout, list_families
from coverage.queries import portfolio_revision
from monitor.coverage_cache import (
    SELECTION_ENTRIES,
    BadQuery,
    Lru,
    QueryArgs,
    Selection,
    parse_as_of,
    parse_code,
    parse_positive,
    parse_status,
    select_from,
)
from monitor.db import get_session

__all__ = [
    "DEADLINE_KINDS",
    "KINDS",
    "BadQuery",
    "DeadlineQuery",
    "LayoutQuery",
    "get_families",
    "get_layout",
    "select_deadlines",
    "select_layout",
]

CACHE_ENTRIES = 4  # layouts kept per app (dates and kinds)
KINDS = tuple(k.value for k in PatentKind)
DEADLINE_KINDS = (
    "annuity",
    "annuity_late",
    "national_phase",
    "national_phase_late",
    "ep_validation",
    "expiry",
)


@dataclass
class _Entry:
    """A built layout, the filtered selections made of it, and the families of its date."""

    layout: PatentLayout
    selections: Lru
    families: dict[str, Family] | None = None


def _cache() -> Lru:
    ext = current_app.extensions
    if "ipwatch_layout_cache" not in ext:
        ext["ipwatch_layout_cache"] = Lru(CACHE_ENTRIES)
    return ext["ipwatch_layout_cache"]  # type: ignore[no-any-return]


def _entry(as_of: dt.date, kind: str | None) -> _Entry:
    session = get_session()
    url, revision = str(current_app.config["DATABASE_URL"]), portfolio_revision(session)
    cache = _cache()
    entry = cache.get_or_build(
        (url, revision, as_of, kind),
        lambda: _Entry(_build(session, as_of, kind), Lru(SELECTION_ENTRIES)),
    )
    cache.drop(lambda key: key[0] == url and key[1] < revision)  # older portfolios are stale
    return entry


def _build(session: Any, as_of: dt.date, kind: str | None) -> PatentLayout:
    layout = build_patent_layout(session, as_of=as_of, kind=kind)
    gc.freeze()  # long-lived cells without cycles: keep the cyclic collector off them
    return layout


def get_layout(as_of: dt.date, kind: str | None = None) -> PatentLayout:
    """Return the patent layout on `as_of`, rebuilt only when the portfolio changed."""
    return _entry(as_of, kind).layout


def get_families(as_of: dt.date) -> dict[str, Family]:
    """Return every patent family on `as_of` by family_id, in order (cached with the layout of
    the date: one family page after another does not group 50,000 patents again)."""
    entry = _entry(as_of, None)
    if entry.families is None:
        families = sorted(list_families(get_session(), as_of=as_of), key=lambda f: f.family_id)
        entry.families = {f.family_id: f for f in families}
    return entry.families


def _kind(name: str, text: str, choices: tuple[str, ...]) -> str | None:
    if not text:
        return None
    if text.lower() not in choices:
        raise BadQuery(
            _(
                "%(name)s: %(value)s is not one of %(choices)s",
                name=name,
                value=text,
                choices=", ".join(choices),
            )
        )
    return text.lower()


def _read(args: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    return {k: (args.get(k) or "").strip() for k in names}


@dataclass(frozen=True)
class LayoutQuery(QueryArgs):
    """What the layout page or API asks for: date, patent kind, filters and page."""

    as_of: dt.date
    brand: str | None = None
    product: str | None = None
    market: str | None = None
    region: str | None = None
    kind: str | None = None
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
    ) -> LayoutQuery:
        """Parse a query string; raise BadQuery naming the parameter that is wrong."""
        names = ("brand", "product", "market", "region", "kind", "status", "as_of")
        text = _read(args, (*names, "page", "per_page"))
        return cls(
            as_of=parse_as_of(text["as_of"]) if text["as_of"] else today,
            brand=text["brand"] or None,
            product=text["product"] or None,
            market=parse_code("market", text["market"]),
            region=text["region"].upper() or None,
            kind=_kind("kind", text["kind"], KINDS),
            status=parse_status(text["status"]),
            page=parse_positive("page", text["page"], 1, None),
            per_page=parse_positive("per_page", text["per_page"], per_page, max_per_page),
        )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for PatentLayout.select (the kind chooses the layout itself)."""
        return {
            "brand": self.brand,
            "product": self.product,
            "market": self.market,
            "region": self.region,
            "status": self.status,
        }


@dataclass(frozen=True)
class DeadlineQuery(QueryArgs):
    """What the deadline list or API asks for: date, brand, product, patent kind (as in the
    layout and the CLI), kind of deadline (`deadline`: annuity, national_phase, …) and page."""

    as_of: dt.date
    brand: str | None = None
    product: str | None = None
    kind: str | None = None
    deadline: str | None = None
    page: int = 1
    per_page: int = 100

    @classmethod
    def from_args(
        cls,
        args: Mapping[str, str],
        *,
        today: dt.date,
        per_page: int = 100,
        max_per_page: int | None = None,
    ) -> DeadlineQuery:
        """Parse a query string; raise BadQuery naming the parameter that is wrong."""
        names = ("brand", "product", "kind", "deadline", "as_of", "page", "per_page")
        text = _read(args, names)
        return cls(
            as_of=parse_as_of(text["as_of"]) if text["as_of"] else today,
            brand=text["brand"] or None,
            product=text["product"] or None,
            kind=_kind("kind", text["kind"], KINDS),
            deadline=_kind("deadline", text["deadline"], DEADLINE_KINDS),
            page=parse_positive("page", text["page"], 1, None),
            per_page=parse_positive("per_page", text["per_page"], per_page, max_per_page),
        )


def select_layout(layout: PatentLayout, query: LayoutQuery) -> Selection:
    """Return the cells of `layout` that pass the query's filters (cached with the layout)."""
    if query.region and query.region not in {code for code, *_ in layout.regions()}:
        raise BadQuery(_("region: %(value)s is not a known region", value=query.region))
    entry = next((e for e in _cache().values() if e.layout is layout), None)

    def build() -> Selection:
        return select_from(layout, query)  # the coverage matrix's filtering and totals

    if entry is None:  # dropped from the cache meanwhile
        return build()
    key = tuple(sorted(query.filters().items()))
    return entry.selections.get_or_build(key, build)


def select_deadlines(layout: PatentLayout, query: DeadlineQuery) -> list[PatentDeadline]:
    """The layout's deadlines of the brand, product and kind of deadline asked for, by date
    (the layout was built for the patent kind asked for)."""
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
