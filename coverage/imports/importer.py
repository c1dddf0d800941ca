"""Import a portfolio workbook (or CSV folder) all-or-nothing, per DESIGN.md's import contract.

Every row of every sheet is validated first; any problem stops the import before anything is
written, and every problem is reported with its sheet, row, column and reason. Records are then
upserted by their natural keys, so importing the same file again updates and never duplicates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from coverage.imports.sheets import SHEETS, SheetSpec
from coverage.imports.tabular import Problem, Table, fold_name
from coverage.imports.validation import (
    InvalidRecord,
    to_text,
)
from coverage.imports.workbook import read_tables
from coverage.messages import Message, join_and, join_or, msg
from coverage.models import Product
from coverage.offices import Geography
from coverage.patents.queries import load_patent_kinds
from coverage.portfolio import (
    StaleRecord,
    bump_revision,
    save_patent,
    save_product,
    save_trademark,
)

__all__ = ["ImportFailed", "ImportSummary", "Problem", "import_portfolio"]


class ImportFailed(Exception):
    """Nothing was imported; `problems` lists every bad place in the file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ImportSummary:
    """How many records each sheet created and updated, and remarks on how cells were read."""

    counts: dict[str, dict[str, int]]
    notes: list[Message] = field(default_factory=list)


@dataclass
class _Parsed:
    table: Table
    labels: dict[str, str]  # canonical column -> header as written in the file
    records: list[tuple[int, Any]] = field(default_factory=list)  # (row number, parse result)
    # row -> natural key as typed (office upper-cased), for every row that has one, valid or not
    raw_keys: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def problem(self, row: int | None, column: str | None, reason: Message) -> Problem:
        label = self.labels.get(column, column) if column else None
        return Problem(self.table.name, row, label, reason)


def header_key(text: str) -> str:
    """Fold a header for matching: case, width, spaces, "*" and bracketed notes ignored."""
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", fold_name(text)).replace("*", "").strip(" .:")
    return re.sub(r"[\s\-]+", "_", text)


def _map_headers(table: Table, spec: SheetSpec) -> tuple[dict[int, str], list[Problem]]:
    """Return column index -> canonical name, with problems for missing or doubled columns."""
    lookup = {header_key(a): c for c, aliases in spec.columns.items() for a in (c, *aliases)}
    mapping: dict[int, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(table.headers):
        canonical = lookup.get(header_key(header)) if header else None
        if canonical is None:
            continue
        if canonical in seen:
            reason = msg(
                'the columns "%(first)s" and "%(second)s" both mean %(column)s; keep one',
                first=seen[canonical],
                second=header,
                column=canonical,
            )
            problems.append(Problem(table.name, 1, header, reason))
            continue
        seen[canonical] = header
        mapping[index] = canonical
    for name in spec.required:
        if name not in seen:
            also = join_or([a for a in spec.columns[name] if not a.isascii()][:2])
            reason = msg(
                'missing column "%(column)s" (the Chinese header %(also)s works too)',
                column=name,
                also=also,
            )
            problems.append(Problem(table.name, 1, name, reason))
    return mapping, problems


def _validate_table(
    table: Table, spec: SheetSpec, options: dict[str, Any], problems: list[Problem]
) -> _Parsed:
    """Parse every row with `spec.parse(values, **options)`, collecting the problems."""
    if not table.headers:
        reason = msg(
            "the sheet is empty: row 1 must hold the column names (%(names)s, ...)",
            names=", ".join(spec.required),
        )
        problems.append(Problem(table.name, 1, None, reason))
        return _Parsed(table, {})
    mapping, header_problems = _map_headers(table, spec)
    problems += header_problems + table.problems
    missing = {p.column for p in header_problems}
    parsed = _Parsed(table, {c: table.headers[i] for i, c in mapping.items()})
    for row in table.rows:
        values = {name: row.values[i] for i, name in mapping.items()}
        key = tuple(to_text(values.get(name)) for name in spec.key)
        if all(key):
            parsed.raw_keys[row.number] = tuple(
                str(k).strip().upper() if n == "office" else str(k).strip()
                for n, k in zip(spec.key, key, strict=True)
            )
        try:
            parsed.records.append((row.number, spec.parse(values, **options)))
        except InvalidRecord as exc:
            problems += [
                parsed.problem(row.number, c, r) for c, r in exc.errors if c not in missing
            ]
    return parsed


def _key(record: Any, spec: SheetSpec) -> tuple[str, ...]:
    base = record[0] if isinstance(record, tuple) else record
    return tuple(str(getattr(base, name)) for name in spec.key)


def _check_duplicates(parsed: _Parsed, spec: SheetSpec) -> list[Problem]:
    """Report every row whose key an earlier row has, valid or not (so both get fixed at once)."""
    keys = dict(parsed.raw_keys)
    keys.update((number, _key(record, spec)) for number, record in parsed.records)
    rows: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number in sorted(keys):
        rows[keys[number]].append(number)
    problems = []
    for key, numbers in rows.items():
        reason = msg(
            '"%(key)s" is on rows %(rows)s; keep one row per %(fields)s',
            key=" ".join(key),
            rows=join_and(numbers),
            fields=" + ".join(spec.key),
        )
        for number in numbers[1:]:
            problems.append(parsed.problem(number, spec.key[-1], reason))
    return problems


def _check_products(session: Session, patents: _Parsed, products: _Parsed | None) -> list[Problem]:
    in_file = {key[-1] for key in products.raw_keys.values()} if products else set()
    wanted = {p for _, (_, ids) in patents.records for p in ids if p not in in_file}
    known = set(session.exec(select(Product.product_id).where(col(Product.product_id).in_(wanted))))
    problems = []
    for number, (_, ids) in patents.records:
        for product_id in ids:
            if product_id not in in_file and product_id not in known:
                reason = msg(
                    'unknown product "%(product_id)s": it is neither in products nor saved before',
                    product_id=product_id,
                )
                problems.append(patents.problem(number, "products", reason))
    return problems


def import_portfolio(
    path: Path, *, session: Session, geography: Geography, max_bytes: int = 20 * 1024 * 1024
) -> ImportSummary:
    """Validate every sheet of `path` and save all records, or raise ImportFailed with every problem.

    Writes through `session` without committing; on ImportFailed nothing has been written.
    """
    names = {sheet: spec.names for sheet, spec in SHEETS.items()}
    tables, problems = read_tables(path, names, max_bytes=max_bytes)
    options: dict[str, dict[str, Any]] = {sheet: {"geography": geography} for sheet in SHEETS}
    if "patents" in tables:
        options["patents"]["patent_kinds"] = load_patent_kinds(session)
    parsed = {
        sheet: _validate_table(table, SHEETS[sheet], options[sheet], problems)
        for sheet, table in tables.items()
    }
    for sheet, result in parsed.items():
        problems += _check_duplicates(result, SHEETS[sheet])
    if "patents" in parsed:
        problems += _check_products(session, parsed["patents"], parsed.get("products"))
    if problems:
        raise ImportFailed(_in_order(problems, [t.name for t in tables.values()]))
    return ImportSummary(_save(session, parsed), [n for t in tables.values() for n in t.notes])


def _in_order(problems: Iterable[Problem], sheets: list[str]) -> list[Problem]:
    def order(p: Problem) -> tuple[int, int]:
        return (sheets.index(p.sheet) if p.sheet in sheets else -1, p.row or 0)

    return sorted(dict.fromkeys(problems), key=order)


def _save(session: Session, parsed: dict[str, _Parsed]) -> dict[str, dict[str, int]]:
    counts = {sheet: {"created": 0, "updated": 0} for sheet in parsed}
    savers: dict[str, Callable[[Any], tuple[Any, bool]]] = {
        "products": lambda r: save_product(session, r, revise=False),
        "patents": lambda r: save_patent(session, r[0], r[1], revise=False),
        "trademarks": lambda r: save_trademark(session, r[0], r[1], revise=False),
    }
    for sheet in SHEETS:  # products first: patents link to them
        if sheet not in parsed:
            continue
        for number, record in parsed[sheet].records:
            try:
                _, created = savers[sheet](record)
            except StaleRecord:
                problem = parsed[sheet].problem(
                    number,
                    None,
                    msg("someone changed this record while the import ran; import the file again"),
                )
                raise ImportFailed([problem]) from None
            counts[sheet]["created" if created else "updated"] += 1
    bump_revision(session)
    return counts
