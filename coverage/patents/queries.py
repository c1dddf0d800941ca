"""Read patents and patent rules from the database, and build the layout, deadlines and families;
find patents, their offices and linked products for the portfolio pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from coverage.grid import ProductInfo, brand_key, collector_paused
from coverage.models import (
    Patent,
    PatentKind,
    PatentRule,
    PatentStatus,
    PctPeriod,
    Product,
    ProductPatentLink,
    Trademark,
)
from coverage.offices import Geography
from coverage.patents.deadlines import PatentDeadline, list_patent_deadlines
from coverage.patents.families import Family, build_families
from coverage.patents.layout import PatentLayout, build_layout
from coverage.patents.rules import PatentRules, PatentTerm
from coverage.patents.rules import PctPeriod as Period
from coverage.patents.standing import PatentInfo, PatentStanding, assess_patent
from coverage.queries import (
    Page,
    drop_empty,
    load_geography,
    load_products,
    paginate,
    region_names,
)

# Trademark statuses that make a brand "branded" (DESIGN.md: pending or registered).
LIVE_MARK = ("pending", "opposed", "registered")


@dataclass(frozen=True, slots=True)
class PatentReport:
    """One patent explained: its standing and its deadlines."""

    standing: PatentStanding
    deadlines: tuple[PatentDeadline, ...]


def load_patent_rules(session: Session) -> PatentRules:
    """Return the patent terms and PCT periods of the reference tables."""
    terms = [
        PatentTerm(
            r.office,
            r.kind,
            r.term_years,
            r.term_from,
            r.filed_from,
            r.filed_until,
            r.annuity_grace_months,
            r.annuity_surcharge,
            r.status != "unverified",
        )
        for r in session.exec(select(PatentRule))
    ]
    periods = [Period(p.office, p.months, p.late_months) for p in session.exec(select(PctPeriod))]
    return PatentRules(terms, periods)


def load_patent_kinds(session: Session) -> dict[str, frozenset[str]]:
    """The kinds of patent each office with rules grants (office -> kinds)."""
    return load_patent_rules(session).kinds()


def load_patents(session: Session) -> list[PatentInfo]:
    """Return every patent with the product_ids linked to it."""
    links: dict[int, list[str]] = defaultdict(list)
    for patent_pk, product_id in session.execute(
        columns(col(ProductPatentLink.patent_pk), col(Product.product_id)).join(
            Product, col(Product.id) == col(ProductPatentLink.product_pk)
        )
    ):
        links[patent_pk].append(product_id)
    return [_info(p, links.get(p.id or 0, [])) for p in session.exec(select(Patent))]


def _info(p: Patent, product_ids: list[str]) -> PatentInfo:
    return PatentInfo(
        p.office,
        p.patent_no,
        str(p.kind),
        str(p.status),
        p.filing_date,
        p.grant_date,
        p.priority_date,
        p.expiry_date,
        p.annuity_paid_until,
        p.title,
        p.family_id,
        tuple(p.designations or ()),
        tuple(sorted(product_ids)),
    )


def branded_brands(session: Session) -> set[str]:
    """Folded brand keys that have at least one pending or registered trademark."""
    rows = session.exec(
        select(Trademark.brand).where(col(Trademark.status).in_(LIVE_MARK)).distinct()
    )
    return {brand_key(b) for b in rows}


def _markets(
    products: list[ProductInfo], geography: Geography, as_of: dt.date
) -> dict[str, list[str]]:
    return {p.product_id: geography.expand_markets(p.markets, as_of) for p in products}


def build_patent_layout(
    session: Session, *, as_of: dt.date, kind: str | None = None
) -> PatentLayout:
    """Build the patent layout on `as_of` (only patents of `kind` when given)."""
    geography, rules = load_geography(session), load_patent_rules(session)
    with collector_paused():
        products, patents = load_products(session), load_patents(session)
    branded = branded_brands(session)
    cells, standings = build_layout(
        products, patents, branded, rules, geography, as_of=as_of, kind=kind
    )
    linked = {pid for p in patents if kind is None or p.kind == kind for pid in p.product_ids}
    chosen = [p for p in patents if kind is None or p.kind == kind]
    brands = {p.product_id: p.brand for p in products}

    def deadlines() -> list[PatentDeadline]:
        markets = _markets(products, geography, as_of)
        return list_patent_deadlines(
            chosen, standings, markets, brands, rules, geography, as_of=as_of
        )

    return PatentLayout(
        as_of=as_of,
        cells=cells,
        products={p.product_id: p for p in products},
        patents={p.label: p for p in chosen},
        standings=standings,
        geography=geography,
        unpatented=[
            p.product_id
            for p in products
            if brand_key(p.brand) in branded and p.product_id not in linked
        ],
        region_names=region_names(session),
        extras=deadlines,
    )


def list_families(session: Session, *, as_of: dt.date) -> list[Family]:
    """Every patent family (patents sharing a family_id), by family_id."""
    geography, rules = load_geography(session), load_patent_rules(session)
    patents = [p for p in load_patents(session) if p.family_id]
    standings = {p.label: assess_patent(p, rules, geography, as_of=as_of) for p in patents}
    markets = _markets(load_products(session), geography, as_of)
    return build_families(patents, standings, markets, rules, geography, as_of=as_of)


def report_patent(session: Session, patent: Patent, *, as_of: dt.date) -> PatentReport:
    """Explain one stored patent on `as_of`: standing (expiry, territory) and deadlines."""
    geography, rules = load_geography(session), load_patent_rules(session)
    links = list_patent_products(session=session, patent=patent)
    info = _info(patent, [p.product_id for p in links])
    standing = assess_patent(info, rules, geography, as_of=as_of)
    markets = {p.product_id: geography.expand_markets(p.markets, as_of) for p in links}
    brands = {p.product_id: p.brand for p in links}
    found = list_patent_deadlines(
        [info], {info.label: standing}, markets, brands, rules, geography, as_of=as_of
    )
    return PatentReport(standing, tuple(found))


def get_patent(*, session: Session, office: str, patent_no: str) -> Patent | None:
    """The patent `patent_no` of `office`, or None."""
    stmt = select(Patent).where(Patent.office == office, Patent.patent_no == patent_no)
    return session.exec(stmt).first()


def search_patents(
    *,
    session: Session,
    office: str = "",
    kind: PatentKind | None = None,
    status: PatentStatus | None = None,
    page: int,
    per_page: int,
) -> Page[Patent]:
    """One page of the patents by office and number; empty filters mean any."""
    stmt = select(Patent).filter_by(**drop_empty(office=office, kind=kind, status=status))
    stmt = stmt.order_by(Patent.office, Patent.patent_no)
    return paginate(stmt, session=session, page=page, per_page=per_page)


def list_patent_offices(*, session: Session) -> list[str]:
    """The offices that hold at least one patent, sorted."""
    stmt = select(Patent.office).distinct().order_by(Patent.office)
    return list(session.exec(stmt).all())


def list_patent_products(*, session: Session, patent: Patent) -> list[Product]:
    """The products linked to `patent`, by product_id."""
    stmt = (
        select(Product)
        .join(ProductPatentLink, col(ProductPatentLink.product_pk) == col(Product.id))
        .where(ProductPatentLink.patent_pk == patent.id)
        .order_by(Product.product_id)
    )
    return list(session.exec(stmt).all())


def list_product_patents(*, session: Session, product: Product) -> list[Patent]:
    """The patents linked to `product`, by office and number."""
    stmt = (
        select(Patent)
        .join(ProductPatentLink, col(ProductPatentLink.patent_pk) == col(Patent.id))
        .where(ProductPatentLink.product_pk == product.id)
        .order_by(Patent.office, Patent.patent_no)
    )
    return list(session.exec(stmt).all())
