"""Save and delete portfolio records by their natural keys; never commits (the caller does).

Every save and delete raises the portfolio revision (the cache key of coverage results); a bulk
caller may pass `revise=False` to the saves and call bump_revision once at the end. A save
compares the version the caller read with the stored one, so a concurrent edit is refused
(StaleRecord) instead of silently overwritten; a caller that means to create a new record passes
`create_only=True` and gets DuplicateRecord when the key is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Delete, delete, update
from sqlmodel import Session, SQLModel, col, select

from coverage.messages import Message, msg
from coverage.models import (
    Designation,
    DesignationStatus,
    Patent,
    PatentBase,
    PortfolioState,
    Product,
    ProductBase,
    ProductPatentLink,
    Trademark,
    TrademarkBase,
    utc_now,
)

Row = TypeVar("Row", Product, Patent, Trademark)


class StaleRecord(Exception):
    """Someone else saved (or deleted) the record since it was read: reload and edit again."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class DuplicateRecord(Exception):
    """A record with this natural key exists already, and the caller meant to create a new one."""


class UnknownProduct(ValueError):
    """A patent names a product_id that does not exist."""

    def __init__(self, product_ids: list[str]) -> None:
        names = ", ".join(f'"{p}"' for p in product_ids)
        self.message = msg("unknown product %(products)s: create the product first", products=names)
        super().__init__(self.message)
        self.product_ids = product_ids


def bump_revision(session: Session) -> int:
    """Raise the portfolio revision by one (creating its row when absent); return the new value."""
    result = session.execute(
        update(PortfolioState)
        .where(PortfolioState.id == 1)  # type: ignore[arg-type]
        .values(revision=PortfolioState.revision + 1, changed_at=utc_now())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(PortfolioState(id=1, revision=1, changed_at=utc_now()))
        session.flush()
    return session.exec(select(PortfolioState.revision).where(PortfolioState.id == 1)).one()


def _upsert(
    session: Session,
    model: type[Row],
    data: SQLModel,
    key: dict[str, Any],
    expected_version: int | None,
    create_only: bool = False,
) -> tuple[Row, bool]:
    """Insert or update the row with natural `key`; check and raise its version atomically."""
    # populate_existing: a long-lived session must compare against the stored version.
    found = session.exec(
        select(model).filter_by(**key).execution_options(populate_existing=True)
    ).first()
    if found is not None and create_only:
        raise DuplicateRecord(f"{model.__name__} {key} exists already")
    if found is None:
        if expected_version is not None:
            raise StaleRecord(msg("this record was deleted since you opened it"))
        row = model(**data.model_dump(), version=1)
        session.add(row)
        session.flush()
        return row, True
    current = found.version if expected_version is None else expected_version
    # A conditional UPDATE: of two concurrent saves of the same version only one matches.
    result = session.execute(
        update(model)
        .where(model.id == found.id, model.version == current)  # type: ignore[arg-type]
        .values(version=current + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRecord(msg("someone else changed this record since you opened it; reload"))
    for name, value in data.model_dump().items():
        setattr(found, name, value)
    found.version = current + 1
    session.add(found)
    session.flush()
    return found, False


def _pk(row: Product | Patent | Trademark) -> int:
    if row.id is None:  # flushed rows always have one
        raise RuntimeError(f"{row!r} has no primary key")
    return row.id


def save_product(
    session: Session,
    data: ProductBase,
    *,
    expected_version: int | None = None,
    revise: bool = True,
    create_only: bool = False,
) -> tuple[Product, bool]:
    """Create or update the product with `data.product_id`; return (row, created)."""
    key = {"product_id": data.product_id}
    row, created = _upsert(session, Product, data, key, expected_version, create_only)
    if revise:
        bump_revision(session)
    return row, created


def save_patent(
    session: Session,
    data: PatentBase,
    product_ids: list[str],
    *,
    expected_version: int | None = None,
    revise: bool = True,
    create_only: bool = False,
) -> tuple[Patent, bool]:
    """Create or update the patent (office, patent_no) and link it to exactly `product_ids`."""
    wanted = list(dict.fromkeys(product_ids))
    pks: dict[str, int] = {}
    if wanted:
        rows = session.exec(select(Product).where(Product.product_id.in_(wanted)))  # type: ignore[attr-defined]
        pks = {p.product_id: p.id for p in rows if p.id is not None}
    missing = [p for p in wanted if p not in pks]
    if missing:
        raise UnknownProduct(missing)
    key = {"office": data.office, "patent_no": data.patent_no}
    row, created = _upsert(session, Patent, data, key, expected_version, create_only)
    linked = set(
        session.exec(
            select(ProductPatentLink.product_pk).where(ProductPatentLink.patent_pk == row.id)
        )
    )
    keep = set(pks.values())
    if linked - keep:
        session.execute(
            delete(ProductPatentLink).where(
                ProductPatentLink.patent_pk == row.id,  # type: ignore[arg-type]
                ProductPatentLink.product_pk.in_(linked - keep),  # type: ignore[attr-defined]
            )
        )
    for pk in keep - linked:
        session.add(ProductPatentLink(product_pk=pk, patent_pk=_pk(row)))
    session.flush()
    if revise:
        bump_revision(session)
    return row, created


def save_trademark(
    session: Session,
    data: TrademarkBase,
    designations: Mapping[str, DesignationStatus],
    *,
    expected_version: int | None = None,
    revise: bool = True,
    create_only: bool = False,
) -> tuple[Trademark, bool]:
    """Create or update the trademark (office, tm_no) with exactly `designations`."""
    key = {"office": data.office, "tm_no": data.tm_no}
    row, created = _upsert(session, Trademark, data, key, expected_version, create_only)
    existing = {
        d.party: d
        for d in session.exec(select(Designation).where(Designation.trademark_pk == row.id))
    }
    for party, old in existing.items():
        if party not in designations:
            session.delete(old)
    for party, status in designations.items():
        if party in existing:
            existing[party].status = DesignationStatus(status)
            session.add(existing[party])
        else:
            session.add(
                Designation(trademark_pk=_pk(row), party=party, status=DesignationStatus(status))
            )
    session.flush()
    if revise:
        bump_revision(session)
    return row, created


def _delete_with(
    session: Session, row: Product | Patent | Trademark | None, dependents: Callable[[int], Delete]
) -> None:
    """Delete `row` (when found) after the rows that depend on it; raise the revision."""
    if row is not None:
        session.execute(dependents(_pk(row)))
        session.delete(row)
        session.flush()
    bump_revision(session)


def delete_product(session: Session, product_id: str) -> None:
    """Delete the product and its patent links (its patents stay); absent: nothing to do."""
    row = session.exec(select(Product).where(Product.product_id == product_id)).first()
    _delete_with(
        session,
        row,
        lambda pk: delete(ProductPatentLink).where(_is(ProductPatentLink.product_pk, pk)),
    )


def delete_patent(session: Session, office: str, patent_no: str) -> None:
    """Delete the patent and its product links; absent: nothing to do."""
    row = session.exec(
        select(Patent).where(Patent.office == office, Patent.patent_no == patent_no)
    ).first()
    _delete_with(
        session,
        row,
        lambda pk: delete(ProductPatentLink).where(_is(ProductPatentLink.patent_pk, pk)),
    )


def delete_trademark(session: Session, office: str, tm_no: str) -> None:
    """Delete the trademark and its designations; absent: nothing to do."""
    row = session.exec(
        select(Trademark).where(Trademark.office == office, Trademark.tm_no == tm_no)
    ).first()
    _delete_with(
        session, row, lambda pk: delete(Designation).where(_is(Designation.trademark_pk, pk))
    )


def _is(column: Any, pk: int) -> ColumnElement[bool]:
    """`column = pk` as SQL (a foreign-key column of SQLModel is typed as a plain int)."""
    return col(column).in_([pk])
