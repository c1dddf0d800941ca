"""Numbered rows read from a sheet or CSV file, the problems met reading them, and CSV folders.

Each row remembers its sheet (or file) name, the row number a person sees in Excel (the header
is row 1) and its values under the original column headers. Anything that keeps a file or a cell
from being read becomes a Problem that names the place and says what to do. Workbooks (.xlsx)
are read by coverage.imports.workbook.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coverage.messages import Message, msg


@dataclass(frozen=True)
class Problem:
    """What is wrong where: `row` is the row number a person sees in Excel (header = row 1)."""

    sheet: str
    row: int | None
    column: str | None
    reason: Message

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
class Table:
    """One sheet or CSV file as read: original headers, rows, and the cells it could not read."""

    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
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
    folder: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted CSV files (canonical name -> accepted base names) of `folder`."""
    files = {fold_name(p.name): p for p in folder.iterdir() if p.is_file()}
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for canonical, accepted in names.items():
        path = next((files[f] for n in accepted if (f := fold_name(n) + ".csv") in files), None)
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
    """Decode CSV bytes as UTF-8 (with or without BOM), else GB18030; say where it fails."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        reason = msg(
            'the file is UTF-16 ("Unicode Text"); save it as "CSV UTF-8 (comma delimited)"'
        )
        return None, Problem(name, None, None, reason)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Non-ASCII text that read fine as UTF-8 before the bad byte means a damaged UTF-8 file.
    if max(data[:first_bad], default=0) < 0x80:
        try:
            return data.decode("gb18030"), None
        except UnicodeDecodeError:
            pass
    line = data[:first_bad].count(b"\n") + 1
    reason = msg(
        "the text is neither UTF-8 nor GB18030 (byte 0x%(byte)s on line %(line)s); "
        'save the file as "CSV UTF-8 (comma delimited)"',
        byte=f"{data[first_bad]:02x}",
        line=line,
    )
    return None, Problem(name, line, None, reason)


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
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        reason = msg("the CSV cannot be read: %(error)s", error=str(exc))
        problems.append(Problem(path.name, None, None, reason))
        return None
    if not any(any(v.strip() for v in r) for r in records):
        problems.append(Problem(path.name, None, None, msg("the file is empty")))
        return None
    headers = [h.strip() for h in records[0]]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(path.name, headers)
    for number, record in enumerate(records[1:], start=2):
        cells = (record + [""] * len(headers))[: len(headers)]
        if any(c.strip() for c in cells):
            table.rows.append(Row(number, tuple(cells)))
    return table
