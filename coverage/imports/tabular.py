"""Numbered rows read from a sheet or CSV file, the problems met reading them, and CSV folders.

A sheet or file is read within `limits` (rows and cells, counted as they stream), and problems
are kept up to `limits.MAX_LISTED`, the rest only counted, so that no file can fill memory.

Each row remembers its sheet (or file) name, the row number a person sees in Excel (the header
is row 1) and its values under the original column headers. Anything that keeps a file or a cell
from being read becomes a Problem that names the place and says what to do. Workbooks (.xlsx)
are read by coverage.imports.workbook.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coverage.imports import limits
from coverage.imports.encoding import decode_csv_bytes
from coverage.messages import Message, msg


@dataclass(frozen=True)
class Problem:
    """What is wrong where: `row` is the row number a person sees in Excel (header = row 1)."""

    sheet: str
    row: int | None
    column: str | None
    reason: Message
    rows: tuple[int, ...] = ()  # every row the problem is on, when it is on several

    def __str__(self) -> str:
        place = self.sheet + (f" row {self.row}" if self.row is not None else "")
        place += f", column {self.column}" if self.column else ""
        return f"{place}: {self.reason}"


@dataclass(frozen=True)
class Row:
    """One non-blank data row: its Excel row number and its values in header order."""

    number: int
    values: tuple[object, ...]


@dataclass
class Problems:
    """Problems as they are found: every one counted, the first `limits.MAX_LISTED` kept."""

    kept: list[Problem] = field(default_factory=list)
    dropped: int = 0

    def add(self, problem: Problem) -> None:
        """Keep `problem`, or only count it once the list is full."""
        if len(self.kept) < limits.MAX_LISTED:
            self.kept.append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add every problem of `problems` (another Problems keeps its count of dropped ones)."""
        for problem in problems:
            self.add(problem)
        if isinstance(problems, Problems):
            self.dropped += problems.dropped

    def __len__(self) -> int:
        return len(self.kept) + self.dropped

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept)


@dataclass
class Table:
    """One sheet or CSV file as read: original headers, rows, and the cells it could not read."""

    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    notes: list[Message] = field(default_factory=list)


def fold_name(text: str) -> str:
    """Fold a sheet, file or header name for matching: NFKC, lower case, no extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def describe_size(n: int) -> str:
    """Say a size in bytes the way a person reads it (MB, KB or bytes)."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def check_size(path: Path, max_bytes: int) -> Problem | None:
    """Say why the file at `path` is too big or empty to read, or None when its size is fine."""
    size = path.stat().st_size
    if size > max_bytes:
        reason = msg(
            "the file is %(size)s; the limit is %(limit)s",
            size=describe_size(size),
            limit=describe_size(max_bytes),
        )
        return Problem(path.name, None, None, reason)
    if size == 0:
        return Problem(path.name, None, None, msg("the file is empty"))
    return None


def read_folder(
    folder: Path,
    names: Mapping[str, Sequence[str]],
    *,
    max_bytes: int,
    optional: Collection[str] = (),
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted CSV files (canonical name -> accepted base names) of `folder`; a missing
    file is a problem unless its canonical name is in `optional`."""
    files = {fold_name(p.name): p for p in folder.iterdir() if p.is_file()}
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for canonical, accepted in names.items():
        path = next((files[f] for n in accepted if (f := fold_name(n) + ".csv") in files), None)
        if path is None and canonical in optional:
            continue
        if path is None:
            reason = msg("the folder has no %(file)s", file=f"{canonical}.csv")
            problems.append(Problem(f"{canonical}.csv", None, None, reason))
            continue
        problem = check_size(path, max_bytes)
        table = None if problem else _read_csv(path, problems)
        if problem:
            problems.append(problem)
        elif table is not None:
            tables[canonical] = table
    return tables, problems


def decode_text(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else Chinese GB18030; say why it cannot."""
    decoded = decode_csv_bytes(data)
    if decoded.reason is not None:
        return None, Problem(name, decoded.line, None, decoded.reason)
    return decoded.text, None


def _read_csv(path: Path, problems: list[Problem]) -> Table | None:
    text, problem = decode_text(path.read_bytes(), path.name)
    if problem is not None or text is None:
        problems.append(problem or Problem(path.name, None, None, msg("the file cannot be read")))
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    if delimiter == "," and ";" in first and "," not in first:
        reason = msg(
            "the columns are separated by ; — save the file as CSV with commas between columns"
        )
        problems.append(Problem(path.name, 1, None, reason))
        return None
    try:
        table, filled = _csv_table(path.name, text, delimiter)
    except csv.Error as exc:
        reason = msg("the CSV cannot be read: %(error)s", error=str(exc))
        problems.append(Problem(path.name, None, None, reason))
        return None
    except TooLarge as exc:
        problems.append(Problem(path.name, None, None, exc.reason))
        return None
    if not filled:
        problems.append(Problem(path.name, None, None, msg("the file is empty")))
        return None
    return table


def _csv_table(name: str, text: str, delimiter: str) -> tuple[Table, bool]:
    """The table of a CSV text and whether any cell is filled; TooLarge past the limits."""
    table, filled, counter = (
        Table(name, []),
        False,
        SizeCounter(msg("the file %(file)s", file=name)),
    )
    for number, record in enumerate(
        csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
    ):
        counter.count(len(record))
        filled = filled or any(v.strip() for v in record)
        if number == 1:
            table.headers = [h.strip() for h in record]
            while table.headers and not table.headers[-1]:
                table.headers.pop()
            continue
        cells = (record + [""] * len(table.headers))[: len(table.headers)]
        if any(c.strip() for c in cells):
            table.rows.append(Row(number, tuple(cells)))
    return table, filled


class TooLarge(Exception):
    """A sheet or file has more rows or cells than an import reads; `reason` says so."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


class SizeCounter:
    """Count the rows (header included) and cells of `place` as they stream; TooLarge past the limits."""

    def __init__(self, place: Message) -> None:
        self.place, self.rows, self.cells = place, 0, 0

    def count(self, cells: int) -> None:
        """Count one more row of `cells` cells."""
        self.rows, self.cells = self.rows + 1, self.cells + cells
        if self.rows > limits.MAX_ROWS + 1:
            raise TooLarge(over_limit(self.place))
        if self.cells > limits.MAX_CELLS:
            raise TooLarge(over_limit(self.place, cells=True))


def over_limit(
    place: Message, *, cells: bool = False, declared: tuple[int, int] | None = None
) -> Message:
    """Say that `place` has (or declares) more rows or cells than an import reads, and what to do."""
    most = {"max_rows": f"{limits.MAX_ROWS:,}", "max_cells": f"{limits.MAX_CELLS:,}"}
    if declared is not None:
        return msg(
            "%(place)s declares %(rows)s rows and %(columns)s columns; at most %(max_rows)s rows "
            "and %(max_cells)s cells are read: split the file or delete the empty rows",
            place=place,
            rows=f"{declared[0]:,}",
            columns=f"{declared[1]:,}",
            **most,
        )
    amount = (
        msg("%(count)s cells", count=most["max_cells"])
        if cells
        else msg("%(count)s rows", count=most["max_rows"])
    )
    return msg(
        "%(place)s has more than %(amount)s; at most %(max_rows)s rows and %(max_cells)s cells "
        "are read: split the file or delete the empty rows",
        place=place,
        amount=amount,
        **most,
    )
