"""Read the portfolio and reference tables into the engine's plain records, and build coverage."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from coverage.advice import Advisor
from coverage.deadlines import Deadline, list_deadlines
from coverage.explain import MarkReport, explain_mark, mark_info
from coverage.matrix import Coverage, ProductInfo, build_matrix, collector_paused
from coverage.models import (
    Designation,
    MadridParty,
    MarketRegion,
    Patent,
    PortfolioState,
    Product,
    ProductPatentLink,
    RegionMembership,
    Trademark,
    TrademarkRule,
)
from coverage.offices import REGIONS, Geography, MadridMember, Membership, country_name
from coverage.rules import TermRule
from coverage.standing import MarkInfo

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


def load_rules(session: Session) -> dict[str, TermRule]:
    """Return the trademark term rules by office code."""
    return {
        r.office: TermRule(
            r.office,
            r.term_years,
            r.term_from,
            r.term_end,
            r.renewal_window_months,
            r.grace_months,
            r.use_declaration,
            r.status != "unverified",
        )
        for r in session.exec(select(TrademarkRule))
    }


def load_marks(session: Session) -> list[MarkInfo]:
    """Return every trademark with its designations, read column-wise for speed."""
    designations: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tm_pk, party, status in session.exec(
        select(Designation.trademark_pk, Designation.party, Designation.status)
    ):
        designations[tm_pk].append((party, str(status)))
    rows = session.execute(
        columns(  # type: ignore[call-overload]
            Trademark.id,
            Trademark.office,
            Trademark.tm_no,
            Trademark.brand,
            Trademark.nice_classes,
            Trademark.status,
            Trademark.filing_date,
            Trademark.registration_date,
            Trademark.expiry_date,
            Trademark.basic_mark,
        )
    )
    return [
        MarkInfo(
            office,
            tm_no,
            brand,
            tuple(classes or ()),
            str(status),
            filed,
            registered,
            expiry,
            basic,
            tuple(designations.get(pk, ())),
        )
        for pk, office, tm_no, brand, classes, status, filed, registered, expiry, basic in rows
    ]


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


def build_coverage(
    session: Session, *, as_of: dt.date, all_products: bool = False, expiring_days: int = 180
) -> Coverage:
    """Build the coverage matrix, its deadlines and gap advisor on `as_of` from the database."""
    geography, rules = load_geography(session), load_rules(session)
    with collector_paused():  # 100,000s of small records: see build_matrix
        marks, products = load_marks(session), load_products(session)
    cells = build_matrix(
        products,
        marks,
        rules,
        geography,
        as_of=as_of,
        all_products=all_products,
        expiring_days=expiring_days,
    )

    def extras() -> tuple[list[Deadline], Advisor]:
        deadlines = list_deadlines(marks, rules, as_of=as_of)
        return deadlines, Advisor(marks, rules, geography, deadlines, as_of=as_of)

    return Coverage(
        as_of,
        cells,
        {p.product_id: p for p in products},
        geography,
        extras,
        region_names(session),
    )


def portfolio_revision(session: Session) -> int:
    """Return the portfolio's revision number; it goes up with every change."""
    state = session.get(PortfolioState, 1)
    return state.revision if state is not None else 0


def find_basic_mark(session: Session, tm: Trademark) -> Trademark | None:
    """The stored basic mark of a Madrid registration: same number, not WO, same brand first."""
    if tm.office != "WO" or not tm.basic_mark:
        return None
    found = session.exec(
        select(Trademark).where(Trademark.tm_no == tm.basic_mark, Trademark.office != "WO")
    ).all()
    same_brand = [m for m in found if m.brand.strip().casefold() == tm.brand.strip().casefold()]
    candidates = same_brand or list(found)
    return candidates[0] if candidates else None


def report_trademark(
    session: Session, tm: Trademark, *, as_of: dt.date, expiring_days: int = 180
) -> MarkReport:
    """Explain a stored trademark's standing on `as_of` (expiry, designations, deadlines)."""
    rules = load_rules(session)
    basic = find_basic_mark(session, tm)
    return explain_mark(
        mark_info(tm, _designations_of(session, tm)),
        rules,
        as_of=as_of,
        expiring_days=expiring_days,
        basic=mark_info(basic, _designations_of(session, basic)) if basic else None,
    )


def _designations_of(session: Session, tm: Trademark) -> list[tuple[str, str]]:
    rows = session.exec(select(Designation).where(Designation.trademark_pk == tm.id))
    return [(d.party, str(d.status)) for d in rows]
