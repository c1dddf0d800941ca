"""What an import would change: each record of the file against the one saved under its key.

Values are compared as a person reads them in a cell (`7;9`, `2024-06-07`, `US:protected`), so a
change is shown as field: before → after, with "" for an empty value. A patent's linked products
and a trademark's designations count as fields of the record. A watch term's only field is its
note; the saved terms of a brand that the `watch` sheet names but leaves out are removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from coverage.imports.watchterms import WatchEntry, load_watch_terms, watch_key
from coverage.models import (
    Designation,
    Patent,
    Product,
    ProductPatentLink,
    Trademark,
    WatchTermKind,
)

CREATED, UPDATED, REMOVED = "created", "updated", "removed"
_CHUNK = 500  # keys per query: well under every database's limit of bind parameters


@dataclass(frozen=True)
class FieldChange:
    """One field of a record: its value before and after, as a person types it ("" = empty)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    """A record an import creates, updates or removes: its sheet, key, file row and fields."""

    sheet: str
    key: str
    row: int | None  # None for a saved record the file removes: it is on no row
    action: str  # CREATED, UPDATED or REMOVED (a removal shows each field as before → "")
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Stored:
    """A saved record as compared: its version and its values as a person types them."""

    version: int
    values: dict[str, str]


def show(value: object) -> str:
    """A value as a person types it in a cell; "" for None or an empty list."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return ";".join(f"{k}:{show(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return ";".join(show(v) for v in value)
    return str(value)


def shown_values(sheet: str, record: Any) -> dict[str, str]:
    """The fields of a parsed record (a model, or (patent, product_ids) / (mark, designations))."""
    if sheet == "watch":
        return {"note": show(record.note)}
    base, extra = (record[0], record[1]) if isinstance(record, tuple) else (record, None)
    values = {name: show(value) for name, value in _fields(base).items()}
    if sheet == "patents":
        values["products"] = show(sorted(set(extra or [])))
    elif sheet == "trademarks":
        values["designations"] = show(extra or {})
    return values


def diff(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[FieldChange, ...]:
    """The fields whose value differs, in the order of `after`."""
    return tuple(
        FieldChange(name, before.get(name, ""), value)
        for name, value in after.items()
        if before.get(name, "") != value
    )


def load_stored(
    session: Session, sheet: str, keys: Iterable[tuple[str, ...]]
) -> dict[tuple[str, ...], Stored]:
    """The saved records of `sheet` with the natural `keys`, as compared; absent keys are left out."""
    wanted = sorted(set(keys))
    found: dict[tuple[str, ...], Stored] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        if sheet == "products":
            found.update(_products(session, chunk))
        elif sheet == "patents":
            found.update(_patents(session, chunk))
        elif sheet == "watch":
            found.update(_watch_terms(session, chunk))
        else:
            found.update(_trademarks(session, chunk))
    return found


def _fields(row: SQLModel) -> dict[str, Any]:
    """The fields a person imports: those of the Base model (no id, no version)."""
    base = next(c for c in type(row).__mro__ if c.__name__.endswith("Base"))
    return {name: getattr(row, name) for name in base.model_fields}  # type: ignore[attr-defined]


def _products(session: Session, keys: Sequence[tuple[str, ...]]) -> dict[tuple[str, ...], Stored]:
    rows = session.exec(select(Product).where(col(Product.product_id).in_([k[0] for k in keys])))
    return {(p.product_id,): Stored(p.version, shown_values("products", p)) for p in rows}


def _patents(session: Session, keys: Sequence[tuple[str, ...]]) -> dict[tuple[str, ...], Stored]:
    wanted = set(keys)
    rows = session.exec(select(Patent).where(col(Patent.patent_no).in_([k[1] for k in keys])))
    patents = {p.id: p for p in rows if (p.office, p.patent_no) in wanted}
    links: dict[int, list[str]] = {pk: [] for pk in patents if pk is not None}
    linked = session.exec(
        select(ProductPatentLink.patent_pk, Product.product_id)
        .join(Product, col(Product.id) == col(ProductPatentLink.product_pk))
        .where(col(ProductPatentLink.patent_pk).in_(list(links)))
    )
    for patent_pk, product_id in linked:
        links[patent_pk].append(product_id)
    return {
        (p.office, p.patent_no): Stored(p.version, shown_values("patents", (p, links[pk])))
        for pk, p in patents.items()
        if pk is not None
    }


def _trademarks(session: Session, keys: Sequence[tuple[str, ...]]) -> dict[tuple[str, ...], Stored]:
    wanted = set(keys)
    rows = session.exec(select(Trademark).where(col(Trademark.tm_no).in_([k[1] for k in keys])))
    marks = {m.id: m for m in rows if (m.office, m.tm_no) in wanted}
    parties: dict[int, dict[str, str]] = {pk: {} for pk in marks if pk is not None}
    designations = session.exec(
        select(Designation).where(col(Designation.trademark_pk).in_(list(parties)))
    )
    for d in designations:
        parties[d.trademark_pk][d.party] = show(d.status)
    return {
        (m.office, m.tm_no): Stored(m.version, shown_values("trademarks", (m, parties[pk])))
        for pk, m in marks.items()
        if pk is not None
    }


def _watch_terms(
    session: Session, keys: Sequence[tuple[str, ...]]
) -> dict[tuple[str, ...], Stored]:
    wanted = set(keys)
    terms = load_watch_terms(session, (k[0] for k in keys))
    return {
        key: Stored(0, shown_values("watch", t)) for t in terms if (key := watch_key(t)) in wanted
    }


def plan_removals(
    session: Session, keys: Iterable[tuple[str, ...]]
) -> list[tuple[RecordChange, WatchEntry]]:
    """The saved watch terms of the brands in `keys` that `keys` leaves out, as removals."""
    wanted = set(keys)
    removals = []
    for term in load_watch_terms(session, {k[0] for k in wanted}):
        key = watch_key(term)
        if key in wanted:
            continue
        entry = WatchEntry(term.brand, WatchTermKind(term.kind), term.text, term.note)
        before = {"text": term.text, "note": show(term.note)}
        fields = tuple(FieldChange(name, value, "") for name, value in before.items() if value)
        removals.append((RecordChange("watch", " ".join(key), None, REMOVED, fields), entry))
    return removals
