"""Read what both grids and the portfolio pages share from the database: products, brands, Nice
classes, geography, regions, revision, and lists one page at a time."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func, or_
from sqlalchemy import select as columns
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from coverage.grid import ProductInfo
from coverage.models import (
    MadridParty,
    MarketRegion,
    NiceClass,
    Patent,
    PortfolioState,
    Product,
    ProductPatentLink,
    RegionMembership,
    Trademark,
)
from coverage.offices import REGIONS, Geography, MadridMember, Membership, country_name

LIVE_PATENT = ("pending", "granted")

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Page(Generic[Row]):
    """One page of a list: its rows, the number of rows in all, its number (from 1), its size."""

    items: tuple[Row, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """The number of pages; 1 for an empty list."""
        return max(1, math.ceil(self.total / self.per_page))


def paginate(stmt: SelectOfScalar[Row], *, session: Session, page: int, per_page: int) -> Page[Row]:
    """Count the rows of `stmt` and read page `page` (from 1); a page past the end reads the last."""
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    page = min(page, max(1, math.ceil(total / per_page)))
    items = session.exec(stmt.offset((page - 1) * per_page).limit(per_page)).all()
    return Page(items=tuple(items), total=total, page=page, per_page=per_page)


def drop_empty(**filters: object) -> dict[str, object]:
    """The filters that are given (neither None nor empty), to pass to `filter_by`."""
    return {name: value for name, value in filters.items() if value is not None and value != ""}


def get_product(*, session: Session, product_id: str) -> Product | None:
    """The product `product_id`, or None."""
    return session.exec(select(Product).where(Product.product_id == product_id)).first()


def search_products(
    *, session: Session, text: str = "", brand: str = "", page: int, per_page: int
) -> Page[Product]:
    """One page of the products, by brand and product_id; `text` is searched for (any case) in
    the product_id, names and brand, `brand` must match exactly; empty means any."""
    stmt = select(Product).order_by(Product.brand, Product.product_id)
    if text:  # autoescape: a % or _ typed by the user is searched for, not a wildcard
        searched = (Product.product_id, Product.name, Product.name_zh, Product.brand)
        stmt = stmt.where(or_(*(col(c).icontains(text, autoescape=True) for c in searched)))
    stmt = stmt.filter_by(**drop_empty(brand=brand))
    return paginate(stmt, session=session, page=page, per_page=per_page)


def list_brand_products(*, session: Session, brand: str) -> list[Product]:
    """The products of `brand`, by product_id."""
    stmt = select(Product).where(Product.brand == brand).order_by(Product.product_id)
    return list(session.exec(stmt).all())


def list_brands(*, session: Session) -> list[str]:
    """Every brand of a product or a trademark, once each, sorted."""
    products = session.exec(select(Product.brand).distinct()).all()
    trademarks = session.exec(select(Trademark.brand).distinct()).all()
    return sorted(set(products) | set(trademarks))


def list_nice_classes(*, session: Session, numbers: Iterable[int]) -> list[NiceClass]:
    """The Nice classes numbered `numbers` (unknown numbers are left out), by number."""
    stmt = select(NiceClass).where(col(NiceClass.number).in_(list(numbers)))
    return list(session.exec(stmt.order_by(col(NiceClass.number))).all())


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
