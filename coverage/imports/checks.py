"""Check the tables of an import against the contract: headers, every row, repeated keys, links.

Nothing is written: the database is only read (the patent kinds each office grants, which
linked products exist already, and which brands have trademarks), so checking a big file holds
no write lock.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from coverage.imports import limits
from coverage.imports.sheets import SHEETS, SheetSpec
from coverage.imports.tabular import Problem, Problems, Table, fold_name
from coverage.imports.validation import InvalidRecord, to_text
from coverage.messages import Message, join_and, join_or, msg
from coverage.models import Product, Trademark
from coverage.offices import Geography
from coverage.patents.queries import load_patent_kinds


@dataclass
class Parsed:
    """One table as checked: its valid records by row, and the key of every row that has one."""

    table: Table
    labels: dict[str, str]  # canonical column -> header as written in the file
    records: list[tuple[int, Any]] = field(default_factory=list)  # (row number, parse result)
    # row -> natural key as typed (office upper-cased), for every row that has one, valid or not
    raw_keys: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def problem(self, row: int | None, column: str | None, reason: Message) -> Problem:
        """A problem at `row` and canonical `column`, named as the file names it."""
        label = self.labels.get(column, column) if column else None
        return Problem(self.table.name, row, label, reason)


def header_key(text: str) -> str:
    """Fold a header for matching: case, width, spaces, "*" and bracketed notes ignored."""
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", fold_name(text)).replace("*", "").strip(" .:")
    return re.sub(r"[\s\-]+", "_", text)


def validate_tables(
    tables: dict[str, Table], problems: Problems, *, session: Session, geography: Geography
) -> dict[str, Parsed]:
    """Parse every row of every table, adding each problem to `problems`; read, never write."""
    options: dict[str, dict[str, Any]] = {sheet: {"geography": geography} for sheet in SHEETS}
    if "patents" in tables:
        options["patents"]["patent_kinds"] = load_patent_kinds(session)
    parsed = {
        sheet: _validate_table(table, SHEETS[sheet], options[sheet], problems)
        for sheet, table in tables.items()
    }
    for sheet, result in parsed.items():
        problems.extend(_check_duplicates(result, SHEETS[sheet]))
    if "patents" in parsed:
        problems.extend(_check_products(session, parsed["patents"], parsed.get("products")))
    if "watch" in parsed:
        problems.extend(_check_brands(session, parsed["watch"], parsed.get("trademarks")))
    return parsed


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
    table: Table, spec: SheetSpec, options: dict[str, Any], problems: Problems
) -> Parsed:
    """Parse every row with `spec.parse(values, **options)`, collecting the problems."""
    if not table.headers:
        reason = msg(
            "the sheet is empty: row 1 must hold the column names (%(names)s, ...)",
            names=", ".join(spec.required),
        )
        problems.add(Problem(table.name, 1, None, reason))
        return Parsed(table, {})
    mapping, header_problems = _map_headers(table, spec)
    problems.extend(header_problems)
    problems.extend(table.problems)
    missing = {p.column for p in header_problems}
    parsed = Parsed(table, {c: table.headers[i] for i, c in mapping.items()})
    for row in table.rows:
        values = {name: row.values[i] for i, name in mapping.items()}
        key = _raw_key(values, spec)
        if key is not None:
            parsed.raw_keys[row.number] = key
        try:
            parsed.records.append((row.number, spec.parse(values, **options)))
        except InvalidRecord as exc:
            problems.extend(
                parsed.problem(row.number, c, r) for c, r in exc.errors if c not in missing
            )
    return parsed


def _raw_key(values: dict[str, object], spec: SheetSpec) -> tuple[str, ...] | None:
    """The row's key as typed (office upper-cased), or None when part of it is empty or bad."""
    try:
        key = tuple(to_text(values.get(name)) for name in spec.key)
    except ValueError:  # a control character: the row's own check reports it
        return None
    if not all(key):
        return None
    return tuple(
        str(k).upper() if n == "office" else str(k) for n, k in zip(spec.key, key, strict=True)
    )


def record_key(record: Any, spec: SheetSpec) -> tuple[str, ...]:
    """The natural key of a parsed record (a model, or a (model, links) pair)."""
    base = record[0] if isinstance(record, tuple) else record
    return tuple(str(getattr(base, name)) for name in spec.key)


def _check_duplicates(parsed: Parsed, spec: SheetSpec) -> list[Problem]:
    """Report each key that several rows have, valid or not, once, naming its first rows."""
    keys = dict(parsed.raw_keys)
    keys.update((number, record_key(record, spec)) for number, record in parsed.records)
    rows: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number in sorted(keys):
        rows[keys[number]].append(number)
    problems = []
    for key, numbers in rows.items():
        if len(numbers) < 2:
            continue
        reason = msg(
            '"%(key)s" is on rows %(rows)s; keep one row per %(fields)s',
            key=" ".join(key),
            rows=_some_rows(numbers),
            fields=" + ".join(spec.key),
        )
        problem = parsed.problem(numbers[1], spec.key[-1], reason)
        problems.append(Problem(problem.sheet, problem.row, problem.column, reason, tuple(numbers)))
    return problems


def _some_rows(numbers: list[int]) -> object:
    """ "2, 3 and 5", or the first `limits.ROWS_NAMED` rows "and 9,980 more"."""
    if len(numbers) <= limits.ROWS_NAMED:
        return join_and(numbers)
    return msg(
        "%(some)s and %(more)s more",
        some=", ".join(map(str, numbers[: limits.ROWS_NAMED])),
        more=f"{len(numbers) - limits.ROWS_NAMED:,}",
    )


def _check_products(session: Session, patents: Parsed, products: Parsed | None) -> list[Problem]:
    in_file = {key[-1] for key in products.raw_keys.values()} if products else set()
    wanted = sorted({p for _, (_, ids) in patents.records for p in ids if p not in in_file})
    known: set[str] = set()
    for start in range(0, len(wanted), 500):  # a few hundred bind parameters at a time
        chunk = wanted[start : start + 500]
        known.update(
            session.exec(select(Product.product_id).where(col(Product.product_id).in_(chunk)))
        )
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


def _check_brands(session: Session, watch: Parsed, trademarks: Parsed | None) -> list[Problem]:
    """Refuse watch terms of a brand that no trademark (in the file or saved) is filed under."""
    in_file = _column_texts(trademarks, "brand") if trademarks else set()
    wanted = sorted({entry.brand for _, entry in watch.records} - in_file)
    known: set[str] = set()
    for start in range(0, len(wanted), 500):  # a few hundred bind parameters at a time
        chunk = wanted[start : start + 500]
        known.update(session.exec(select(Trademark.brand).where(col(Trademark.brand).in_(chunk))))
    problems = []
    for number, entry in watch.records:
        if entry.brand not in in_file and entry.brand not in known:
            reason = msg(
                'unknown brand "%(brand)s": no trademark of this brand is in trademarks '
                "or saved before",
                brand=entry.brand,
            )
            problems.append(watch.problem(number, "brand", reason))
    return problems


def _column_texts(parsed: Parsed, column: str) -> set[str]:
    """Every value of `column` in the table, valid row or not (a bad row is reported already)."""
    if column not in parsed.labels:
        return set()
    index = parsed.table.headers.index(parsed.labels[column])
    texts: set[str] = set()
    for row in parsed.table.rows:
        try:
            text = to_text(row.values[index])
        except ValueError:  # a control character: the row's own check reports it
            continue
        if text:
            texts.add(text)
    return texts
