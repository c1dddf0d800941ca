"""Load the shipped reference tables (offices, regions, Madrid, Nice, trademark and patent rules)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from coverage.models import (
    MadridParty,
    MarketRegion,
    NiceClass,
    Office,
    PatentRule,
    PctPeriod,
    RegionMembership,
    TrademarkRule,
)

Parser = Callable[[str], Any]


class ReferenceDataError(ValueError):
    """A reference CSV is missing or malformed; names the file, line and column."""

    def __init__(self, file: str, line: int, column: str, reason: str) -> None:
        super().__init__(f"{file}, line {line}, column {column!r}: {reason}")
        self.file, self.line, self.column, self.reason = file, line, column, reason


def _text(value: str) -> str:
    if not value:
        raise ValueError("a value is required")
    return value


def _optional(value: str) -> str | None:
    return value or None


def _code(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise ValueError(f"{value!r} is not a two-letter upper-case code")
    return value


def _region_code(value: str) -> str:
    if (
        not 2 <= len(value) <= 16
        or not value.isascii()
        or not value.isalpha()
        or not value.isupper()
    ):
        raise ValueError(f"{value!r} is not an upper-case region code of 2 to 16 letters")
    return value


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None


def _int(low: int, high: int, required: bool = True) -> Parser:
    def parse(value: str) -> int | None:
        if not value and not required:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
        return int(value)

    return parse


def _one_of(*choices: str) -> Parser:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return parse


_STATUS = _one_of("confirmed", "unverified")


@dataclass(frozen=True)
class _Table:
    """One CSV file and the table it fills: column name -> parser of the cell text."""

    label: str
    file: str
    model: type[SQLModel]
    columns: dict[str, Parser]


TABLES = (
    _Table(
        "offices",
        "offices.csv",
        Office,
        {
            "code": _code,
            "name_en": _text,
            "name_zh": _optional,
            "kind": _one_of("national", "regional", "international"),
            "source": _text,
        },
    ),
    _Table(
        "region memberships",
        "region_membership.csv",
        RegionMembership,
        {
            "region": _code,
            "country": _code,
            "start": _date,
            "end": _date,
            "source": _text,
            "status": _STATUS,
        },
    ),
    _Table(
        "market regions",
        "market_regions.csv",
        MarketRegion,
        {
            "region": _region_code,
            "name_en": _text,
            "name_zh": _text,
            "country": _code,
            "source": _text,
            "status": _STATUS,
        },
    ),
    _Table(
        "Madrid parties",
        "madrid_parties.csv",
        MadridParty,
        {
            "code": _code,
            "name": _text,
            "in_force": _date,
            "refusal_months": _int(12, 18, False),
            "source": _text,
            "status": _STATUS,
        },
    ),
    _Table(
        "Nice classes",
        "nice_classes.csv",
        NiceClass,
        {
            "number": _int(1, 45),
            "kind": _one_of("goods", "services"),
            "heading_en": _text,
            "heading_zh": _text,
        },
    ),
    _Table(
        "trademark rules",
        "trademark_rules.csv",
        TrademarkRule,
        {
            "office": _code,
            "term_years": _int(1, 99),
            "term_from": _one_of("filing", "registration"),
            "term_end": _one_of("anniversary", "day_before"),
            "renewal_window_months": _int(0, 24),
            "grace_months": _int(0, 24),
            "opposition": _optional,
            "non_use_years": _int(1, 10, False),
            "use_declaration": _optional,
            "source": _text,
            "status": _STATUS,
        },
    ),
    _Table(
        "patent rules",
        "patent_rules.csv",
        PatentRule,
        {
            "office": _code,
            "kind": _one_of("invention", "utility_model", "design"),
            "term_years": _int(1, 99),
            "term_from": _one_of("filing", "grant"),
            "filed_from": _date,
            "filed_until": _date,
            "annuity_grace_months": _int(0, 24, False),
            "annuity_surcharge": _optional,
            "source": _text,
            "status": _STATUS,
        },
    ),
    _Table(
        "PCT national phase periods",
        "pct_periods.csv",
        PctPeriod,
        {
            "office": _code,
            "months": _int(12, 60),
            "late_months": _int(12, 60, False),
            "source": _text,
            "status": _STATUS,
        },
    ),
)
# Tables without a natural key: the rows of every group the CSV names are replaced on load.
REPLACED_BY: dict[type[SQLModel], str] = {
    RegionMembership: "region",
    MarketRegion: "region",
    PatentRule: "office",
}
# Columns every file carries although not every table stores them (e.g. Nice's source).
ALWAYS: dict[str, Parser] = {"source": _text, "status": _STATUS}


def read_table(path: Path, columns: dict[str, Parser]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line, parsed row) of a reference CSV; raise ReferenceDataError at the first bad cell."""
    name = path.name
    if not path.is_file():
        raise ReferenceDataError(name, 0, "", f"the file is missing in {path.parent}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        parsers = {**ALWAYS, **columns}
        for column in parsers:
            if column not in header:
                raise ReferenceDataError(name, 1, column, "the header lacks this column")
        line = reader.line_num + 1  # where the next record starts (a quoted cell may span lines)
        for raw in reader:
            if None in raw:
                raise ReferenceDataError(name, line, "", "more cells than headers")
            row: dict[str, Any] = {}
            for column, parse in parsers.items():
                text = (raw[column] or "").strip()
                try:
                    value = parse(text)
                except ValueError as exc:
                    raise ReferenceDataError(name, line, column, str(exc)) from None
                if column in columns:
                    row[column] = value
            yield line, row
            line = reader.line_num + 1


def _key(model: type[SQLModel], row: dict[str, Any]) -> Any:
    keys = [c.name for c in model.__table__.primary_key.columns]  # type: ignore[attr-defined]
    return row[keys[0]]


def _upsert(session: Session, table: _Table, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Insert or update rows by primary key and delete rows the CSV no longer has."""
    wanted: dict[Any, dict[str, Any]] = {}
    for number, row in rows:
        key = _key(table.model, row)
        if key in wanted:
            raise ReferenceDataError(table.file, number, "", f"duplicate key {key!r}")
        wanted[key] = row
    for existing in session.exec(select(table.model)).all():
        if _key(table.model, existing.model_dump()) not in wanted:
            session.delete(existing)
    for key, row in wanted.items():
        record = session.get(table.model, key)
        if record is None:
            session.add(table.model(**row))
        else:
            for column, value in row.items():
                setattr(record, column, value)


def _rows_of(records: list[dict[str, Any]]) -> list[str]:
    return sorted(repr(sorted(r.items())) for r in records)


def _replace_by(
    session: Session, model: type[SQLModel], group: str, lines: list[tuple[int, dict[str, Any]]]
) -> None:
    """Replace the rows of each group (region, office) the CSV names whose rows changed."""
    wanted: dict[str, list[dict[str, Any]]] = {}
    for _, row in lines:
        wanted.setdefault(row[group], []).append(row)
    have: dict[str, list[Any]] = {}
    column = getattr(model, group)
    for record in session.exec(select(model).where(column.in_(wanted))):
        have.setdefault(getattr(record, group), []).append(record)
    for key, rows in wanted.items():
        old = have.get(key, [])
        if _rows_of([r.model_dump(exclude={"id"}) for r in old]) != _rows_of(rows):
            for record in old:
                session.delete(record)
            session.add_all(model(**row) for row in rows)


def load_reference(directory: Path, *, session: Session) -> dict[str, int]:
    """Upsert every reference CSV in `directory` into its table; return row counts by table."""
    parsed = {t.label: list(read_table(directory / t.file, t.columns)) for t in TABLES}
    counts: dict[str, int] = {}
    for table in TABLES:
        rows = parsed[table.label]
        if table.model in REPLACED_BY:
            _replace_by(session, table.model, REPLACED_BY[table.model], rows)
        else:
            _upsert(session, table, rows)
        counts[table.label] = len(rows)
    session.flush()
    return counts
