"""Read what both grids share from the database: products, geography, regions, revision."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from coverage.grid import ProductInfo
from coverage.models import (
    MadridParty,
    MarketRegion,
    Patent,
    PortfolioState,
    Product,
    ProductPatentLink,
    RegionMembership,
)
from coverage.offices import REGIONS, Geography, MadridMember, Membership, country_name

LIVE_PATENT = ("pending", "granted")


def load_geography(session: Session) -> Geography:
    """Build the Geography (region memberships, Madrid parties) from the reference tables."""
    memberships = [
        Membership(r.region, r.country, r.start, r.end)
        for r in session.exec(select(RegionMembership))
    ]
    madrid = [
        MadridMember(p.code, p.in_force, p.status != "unverified")
        for p in session.exec(select(MadridParty))
    ]
    sales: dict[str, set[str]] = defaultdict(set)
    for region, country in session.exec(select(MarketRegion.region, MarketRegion.country)):
        sales[region].add(country)
    return Geography(memberships, madrid, {r: frozenset(c) for r, c in sales.items()})


def load_products(session: Session) -> list[ProductInfo]:
    """Return every product, marked patented when it has a pending or granted patent."""
    patented = set(
        session.exec(
            select(ProductPatentLink.product_pk)
            .join(Patent, col(Patent.id) == col(ProductPatentLink.patent_pk))
            .where(col(Patent.status).in_(LIVE_PATENT))
        )
    )
    rows = session.execute(
        columns(  # type: ignore[call-overload]
            Product.id,
            Product.product_id,
            Product.name,
            Product.brand,
            Product.nice_classes,
            Product.markets,
            Product.name_zh,
        ).order_by(Product.brand, Product.product_id)
    )
    return [
        ProductInfo(
            pid, name, brand, tuple(classes or ()), tuple(markets or ()), pk in patented, name_zh
        )
        for pk, pid, name, brand, classes, markets, name_zh in rows
    ]


def region_names(session: Session) -> list[tuple[str, str, str]]:
    """Regions users filter markets by: (code, English name, Chinese name); offices' regions
    (EU, Benelux, OAPI, ARIPO) first, then the sales regions of the reference data."""
    codes = ["EU" if code == "EM" else code for code in REGIONS]
    names = [(code, country_name(code, "en"), country_name(code, "zh")) for code in codes]
    sales = session.exec(
        select(MarketRegion.region, MarketRegion.name_en, MarketRegion.name_zh).distinct()
    )
    return names + sorted(set(sales))


def portfolio_revision(session: Session) -> int:
    """Return the portfolio's revision number; it goes up with every change."""
    state = session.get(PortfolioState, 1)
    return state.revision if state is not None else 0
