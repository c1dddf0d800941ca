"""Load the shipped reference tables (offices, regions, Madrid, Nice, trademark and patent rules)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from coverage.reference_tables import ALWAYS, REPLACED_BY, TABLES, Parser, Table


class ReferenceDataError(ValueError):
    """A reference CSV is missing or malformed; names the file, line and column."""

    def __init__(self, file: str, line: int, column: str, reason: str) -> None:
        super().__init__(f"{file}, line {line}, column {column!r}: {reason}")
        self.file, self.line, self.column, self.reason = file, line, column, reason


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


def _upsert(session: Session, table: Table, rows: list[tuple[int, dict[str, Any]]]) -> None:
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
