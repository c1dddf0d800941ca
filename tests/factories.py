"""Plain builder functions for tests: make_<thing>(session, **overrides), flushed, not committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from coverage.models import (
    Designation,
    Patent,
    PatentKind,
    PatentStatus,
    Product,
    ProductPatentLink,
    Trademark,
    TrademarkStatus,
)

_seq = iter(range(1, 10**9))


def make_product(session: Session, **overrides: Any) -> Product:
    n = next(_seq)
    values: dict[str, Any] = {
        "product_id": f"P{n:04d}",
        "name": f"Product {n}",
        "brand": "KANGDA",
        "nice_classes": [7],
        "markets": ["CN"],
    }
    values.update(overrides)
    product = Product(**values)
    session.add(product)
    session.flush()
    return product


def make_patent(
    session: Session, products: list[Product] | None = None, **overrides: Any
) -> Patent:
    n = next(_seq)
    values: dict[str, Any] = {
        "office": "CN",
        "patent_no": f"ZL2020{n:07d}.X",
        "kind": PatentKind.INVENTION,
        "status": PatentStatus.GRANTED,
        "filing_date": dt.date(2020, 1, 1),
        "grant_date": dt.date(2022, 1, 1),
        "designations": [],
    }
    values.update(overrides)
    patent = Patent(**values)
    session.add(patent)
    session.flush()
    for product in products or []:
        session.add(ProductPatentLink(product_pk=product.id, patent_pk=patent.id))
    session.flush()
    return patent


def make_trademark(
    session: Session, designations: dict[str, str] | None = None, **overrides: Any
) -> Trademark:
    """A trademark; `designations` maps party -> status for a WO registration."""
    n = next(_seq)
    values: dict[str, Any] = {
        "office": "CN",
        "tm_no": str(10_000_000 + n),
        "brand": "KANGDA",
        "mark_text": "KANGDA",
        "nice_classes": [7],
        "status": TrademarkStatus.REGISTERED,
        "filing_date": dt.date(2019, 1, 1),
        "registration_date": dt.date(2020, 1, 1),
    }
    values.update(overrides)
    tm = Trademark(**values)
    session.add(tm)
    session.flush()
    for party, status in (designations or {}).items():
        session.add(Designation(trademark_pk=tm.id, party=party, status=status))
    session.flush()
    return tm


def make_kangda_marks(session: Session) -> list[Trademark]:
    """KANGDA's marks in the page tests: CN classes 7 (live) and 9 (expiring or expired,
    depending on the date), a pending US mark, and a Madrid registration with JP refused."""
    return [
        make_trademark(
            session,
            office="CN",
            tm_no="10000001",
            nice_classes=[7],
            registration_date=dt.date(2020, 1, 1),
        ),
        make_trademark(
            session,
            office="CN",
            tm_no="10000002",
            nice_classes=[9],
            filing_date=dt.date(2015, 1, 1),
            registration_date=dt.date(2016, 6, 1),
        ),
        make_trademark(
            session,
            office="US",
            tm_no="90000001",
            nice_classes=[7],
            status="pending",
            registration_date=None,
        ),
        make_trademark(
            session,
            office="WO",
            tm_no="1234567",
            nice_classes=[7, 9],
            registration_date=dt.date(2021, 1, 1),
            basic_mark="10000001",
            designations={"JP": "refused"},
        ),
    ]
