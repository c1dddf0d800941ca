"""Read the sheets of an .xlsx workbook, or the CSV files of a folder, into numbered rows.

Each row remembers its sheet (or file) name, the row number a person sees in Excel (the header
is row 1) and its values under the original column headers. Anything that keeps a file or a cell
from being read becomes a Problem that names the place and says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and of encrypted .xlsx
_ZIP = b"PK\x03\x04"
# How much bigger than the file the unpacked XML may be (guards against zip bombs).
UNPACK_FACTOR = 25
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass(frozen=True)
class Problem:
    """What is wrong where: `row` is the row number a person sees in Excel (header = row 1)."""

    sheet: str
    row: int | None
    column: str | None
    reason: str

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
    notes: list[str] = field(default_factory=list)


def fold_name(text: str) -> str:
    """Fold a sheet, file or header name for matching: NFKC, lower case, no extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def describe_size(n: int) -> str:
    """Say a size in bytes the way a person reads it (MB, KB or bytes)."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def read_tables(
    path: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted sheets (canonical name -> accepted names) from a workbook or CSV folder."""
    if path.is_dir():
        return _read_folder(path, names, max_bytes=max_bytes)
    if not path.exists():
        return {}, [Problem(path.name, None, None, f"no such file or folder: {path}")]
    return _read_workbook(path, names, max_bytes=max_bytes)


def _file_problem(path: Path, max_bytes: int) -> Problem | None:
    size = path.stat().st_size
    if size > max_bytes:
        reason = f"the file is {describe_size(size)}; the limit is {describe_size(max_bytes)}"
        return Problem(path.name, None, None, reason)
    if size == 0:
        return Problem(path.name, None, None, "the file is empty")
    return None


def _not_xlsx(path: Path, head: bytes, data: bytes) -> str | None:
    """Say why `path` cannot be an .xlsx workbook, or None when it looks like one."""
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return "the workbook is password-protected; save it without a password"
        return (
            "this is an old Excel 97-2003 (.xls) file; open it in Excel and save it as "
            "Excel Workbook (.xlsx)"
        )
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return (
            f'cannot read "{path.suffix or path.name}" files: give an .xlsx workbook or a '
            "folder with products.csv, patents.csv and trademarks.csv"
        )
    if not head.startswith(_ZIP):
        return "the file is not an Excel workbook (.xlsx) or it is damaged; save it again in Excel"
    return None


def _read_workbook(
    path: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    problem = _file_problem(path, max_bytes)
    if problem is not None:
        return {}, [problem]
    data = path.read_bytes()
    reason = _not_xlsx(path, data[:8], data)
    if reason is None:
        try:
            formulas = _formula_cells(path, max_bytes)
            with warnings.catch_warnings():  # unsupported Excel extensions only warn
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(path, read_only=False, data_only=True)
        except _TooBig as exc:
            reason = str(exc)
        except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
            reason = (
                f"the workbook is damaged and cannot be read ({type(exc).__name__}); "
                "open it in Excel and save it again"
            )
    if reason is not None:
        return {}, [Problem(path.name, None, None, reason)]
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    titles = {fold_name(t): t for t in book.sheetnames}
    for canonical, accepted in names.items():
        title = next((titles[fold_name(n)] for n in accepted if fold_name(n) in titles), None)
        if title is None:
            found = ", ".join(f'"{t}"' for t in book.sheetnames)
            reason = f'the workbook has no sheet "{canonical}" (its sheets: {found})'
            problems.append(Problem(canonical, None, None, reason))
            continue
        tables[canonical] = _read_sheet(book[title], formulas.get(title, {}))
    book.close()
    return tables, problems


class _TooBig(Exception):
    pass


def _formula_cells(path: Path, max_bytes: int) -> dict[str, dict[tuple[int, int], str]]:
    """Formula text of every formula cell, by sheet title and (row, column); {} when none."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
        if unpacked > UNPACK_FACTOR * max_bytes:
            raise _TooBig(
                f"the workbook unpacks to {describe_size(unpacked)}; the limit is "
                f"{describe_size(UNPACK_FACTOR * max_bytes)}"
            )
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        if not any(_FORMULA_TAG.search(archive.read(n)) for n in sheets):
            return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    out.setdefault(sheet.title, {})[(cell.row, cell.column)] = str(cell.value)
    book.close()
    return out


def _read_sheet(sheet: Worksheet, formulas: dict[tuple[int, int], str]) -> Table:
    grid = [list(r) for r in sheet.iter_rows()]
    headers = [
        str(c.value).strip() if c.value is not None else "" for c in (grid[0] if grid else [])
    ]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(sheet.title, headers)
    if not headers:
        return table
    values: dict[int, list[Any]] = {}
    for cells in grid[1:]:
        row: list[Any] = []
        for cell in cells[: len(headers)]:
            row.append(_cell_value(table, cell, formulas))
        values[cells[0].row] = row + [None] * (len(headers) - len(row))
    _fill_merged(table, sheet, values)
    table.rows = [Row(n, tuple(v)) for n, v in sorted(values.items()) if any(map(_filled, v))]
    return table


def _cell_value(table: Table, cell: Any, formulas: dict[tuple[int, int], str]) -> Any:
    header = table.headers[cell.column - 1]
    formula = formulas.get((cell.row, cell.column))
    if cell.data_type == "e":
        table.problems.append(
            Problem(
                table.name,
                cell.row,
                header or cell.column_letter,
                f"the cell {cell.coordinate} shows the Excel error "
                f"{cell.value}; correct it or type the value",
            )
        )
        return None
    if formula is not None and cell.value is None:
        table.problems.append(
            Problem(
                table.name,
                cell.row,
                header or cell.column_letter,
                f"the cell {cell.coordinate} holds a formula ({formula}) with no saved result; open "
                "the workbook in Excel, save it and import again, or type the value",
            )
        )
    return cell.value


def _fill_merged(table: Table, sheet: Worksheet, values: dict[int, list[Any]]) -> None:
    """Read a merge down one column as its top-left value on every row; refuse other merges."""
    for merged in sheet.merged_cells.ranges:
        columns = range(merged.min_col, min(merged.max_col, len(table.headers)) + 1)
        labels = [table.headers[c - 1] for c in columns if table.headers[c - 1]]
        if not labels:
            continue
        if merged.min_row == 1 or merged.min_col != merged.max_col:
            table.problems.append(
                Problem(
                    table.name,
                    merged.min_row,
                    labels[0],
                    f"the cells {merged.coord} are merged; unmerge them and fill in each cell "
                    "(only cells merged down one column are read, as the top-left value on every row)",
                )
            )
            continue
        top = values.get(merged.min_row, [None] * len(table.headers))[merged.min_col - 1]
        for number in range(merged.min_row + 1, merged.max_row + 1):
            values.setdefault(number, [None] * len(table.headers))[merged.min_col - 1] = top
        table.notes.append(
            f"{table.name}: the cells {merged.coord} are merged; their top-left value was used "
            f"on every row of column {labels[0]}"
        )


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _read_folder(
    folder: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    files = {fold_name(p.name): p for p in folder.iterdir() if p.is_file()}
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for canonical, accepted in names.items():
        path = next((files[f] for n in accepted if (f := fold_name(n) + ".csv") in files), None)
        if path is None:
            problems.append(
                Problem(f"{canonical}.csv", None, None, f"the folder has no {canonical}.csv")
            )
            continue
        problem = _file_problem(path, max_bytes)
        table = None if problem else _read_csv(path, problems)
        if problem:
            problems.append(problem)
        elif table is not None:
            tables[canonical] = table
    return tables, problems


def decode_text(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else GB18030; say where it fails."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            name,
            None,
            None,
            'the file is UTF-16 ("Unicode Text"); save it as "CSV UTF-8 (comma delimited)"',
        )
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
    reason = (
        f"the text is neither UTF-8 nor GB18030 (byte 0x{data[first_bad]:02x} on line "
        f'{line}); save the file as "CSV UTF-8 (comma delimited)"'
    )
    return None, Problem(name, line, None, reason)


def _read_csv(path: Path, problems: list[Problem]) -> Table | None:
    text, problem = decode_text(path.read_bytes(), path.name)
    if problem is not None or text is None:
        problems.append(problem or Problem(path.name, None, None, "the file cannot be read"))
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    if delimiter == "," and ";" in first and "," not in first:
        problems.append(
            Problem(
                path.name,
                1,
                None,
                "the columns are separated by ; — save the file as CSV with commas between columns",
            )
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.append(Problem(path.name, None, None, f"the CSV cannot be read: {exc}"))
        return None
    if not any(any(v.strip() for v in r) for r in records):
        problems.append(Problem(path.name, None, None, "the file is empty"))
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
