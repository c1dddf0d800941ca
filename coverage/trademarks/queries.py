"""Read the trademarks and term rules into the engine's plain records, and build coverage; find
trademarks, their designations and offices for the portfolio pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select as columns
from sqlmodel import Session, select

from coverage.grid import collector_paused
from coverage.models import (
    Designation,
    Trademark,
    TrademarkRule,
    TrademarkStatus,
)
from coverage.queries import (
    Page,
    drop_empty,
    load_geography,
    load_products,
    paginate,
    region_names,
)
from coverage.trademarks.advice import Advisor
from coverage.trademarks.deadlines import Deadline, list_deadlines
from coverage.trademarks.explain import MarkReport, explain_mark, judge_mark, mark_info
from coverage.trademarks.matrix import Coverage, build_matrix
from coverage.trademarks.rules import TermRule
from coverage.trademarks.standing import MarkInfo, Standing


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


def list_standings(
    session: Session, marks: Iterable[Trademark], *, as_of: dt.date, expiring_days: int = 180
) -> dict[int, Standing]:
    """The standing of each stored mark on `as_of` by its id, as the detail page judges it."""
    rules = load_rules(session)
    out: dict[int, Standing] = {}
    for tm in marks:
        basic = find_basic_mark(session, tm)
        assert tm.id is not None  # stored
        out[tm.id] = judge_mark(
            mark_info(tm),
            rules,
            as_of=as_of,
            expiring_days=expiring_days,
            basic=mark_info(basic) if basic else None,
        )
    return out


def _designations_of(session: Session, tm: Trademark) -> list[tuple[str, str]]:
    rows = session.exec(select(Designation).where(Designation.trademark_pk == tm.id))
    return [(d.party, str(d.status)) for d in rows]


def get_trademark(*, session: Session, office: str, tm_no: str) -> Trademark | None:
    """The trademark `tm_no` of `office`, or None."""
    stmt = select(Trademark).where(Trademark.office == office, Trademark.tm_no == tm_no)
    return session.exec(stmt).first()


def search_trademarks(
    *,
    session: Session,
    brand: str = "",
    office: str = "",
    status: TrademarkStatus | None = None,
    page: int,
    per_page: int,
) -> Page[Trademark]:
    """One page of the trademarks by brand, office and number; empty filters mean any."""
    stmt = select(Trademark).filter_by(**drop_empty(brand=brand, office=office, status=status))
    stmt = stmt.order_by(Trademark.brand, Trademark.office, Trademark.tm_no)
    return paginate(stmt, session=session, page=page, per_page=per_page)


def list_trademark_offices(*, session: Session) -> list[str]:
    """The offices that hold at least one trademark, sorted."""
    stmt = select(Trademark.office).distinct().order_by(Trademark.office)
    return list(session.exec(stmt).all())


def list_designations(*, session: Session, trademark: Trademark) -> list[Designation]:
    """The designated parties of a Madrid registration, by party."""
    stmt = select(Designation).where(Designation.trademark_pk == trademark.id)
    return list(session.exec(stmt.order_by(Designation.party)).all())


def list_brand_trademarks(*, session: Session, brand: str) -> list[Trademark]:
    """The trademarks of `brand`, by office and number."""
    stmt = select(Trademark).where(Trademark.brand == brand)
    return list(session.exec(stmt.order_by(Trademark.office, Trademark.tm_no)).all())
