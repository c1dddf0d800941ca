"""Read the wanted sheets of an .xlsx workbook (or the CSV files of a folder) into Tables.

A workbook is checked before it is opened (old .xls, password, damage, zip bombs); cells that
show an Excel error, formulas without a saved result and merged cells become Problems that say
what to do in Excel.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from coverage.imports.tabular import (
    Problem,
    Row,
    Table,
    check_size,
    describe_size,
    fold_name,
    read_folder,
)
from coverage.messages import Message, msg

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and of encrypted .xlsx
_ZIP = b"PK\x03\x04"
# How much bigger than the file the unpacked XML may be (guards against zip bombs).
UNPACK_FACTOR = 25
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def read_tables(
    path: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted sheets (canonical name -> accepted names) from a workbook or CSV folder."""
    if path.is_dir():
        return read_folder(path, names, max_bytes=max_bytes)
    if not path.exists():
        reason = msg("no such file or folder: %(path)s", path=str(path))
        return {}, [Problem(path.name, None, None, reason)]
    return _read_workbook(path, names, max_bytes=max_bytes)


def _not_xlsx(path: Path, head: bytes, data: bytes) -> Message | None:
    """Say why `path` cannot be an .xlsx workbook, or None when it looks like one."""
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return msg("the workbook is password-protected; save it without a password")
        return msg(
            "this is an old Excel 97-2003 (.xls) file; open it in Excel and save it as "
            "Excel Workbook (.xlsx)"
        )
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return msg(
            'cannot read "%(kind)s" files: give an .xlsx workbook or a '
            "folder with products.csv, patents.csv and trademarks.csv",
            kind=path.suffix or path.name,
        )
    if not head.startswith(_ZIP):
        return msg(
            "the file is not an Excel workbook (.xlsx) or it is damaged; save it again in Excel"
        )
    return None


def _open(path: Path, max_bytes: int) -> tuple[Any, dict[str, dict[tuple[int, int], str]]]:
    """Open the workbook and find its formula cells; raise _Unreadable with the reason."""
    data = path.read_bytes()
    reason = _not_xlsx(path, data[:8], data)
    if reason is not None:
        raise _Unreadable(reason)
    try:
        formulas = _formula_cells(path, max_bytes)
        with warnings.catch_warnings():  # unsupported Excel extensions only warn
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=False, data_only=True), formulas
    except _Unreadable:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        reason = msg(
            "the workbook is damaged and cannot be read (%(error)s); "
            "open it in Excel and save it again",
            error=type(exc).__name__,
        )
        raise _Unreadable(reason) from None


def _read_workbook(
    path: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int
) -> tuple[dict[str, Table], list[Problem]]:
    problem = check_size(path, max_bytes)
    if problem is not None:
        return {}, [problem]
    try:
        book, formulas = _open(path, max_bytes)
    except _Unreadable as exc:
        return {}, [Problem(path.name, None, None, exc.reason)]
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    titles = {fold_name(t): t for t in book.sheetnames}
    for canonical, accepted in names.items():
        title = next((titles[fold_name(n)] for n in accepted if fold_name(n) in titles), None)
        if title is None:
            found = ", ".join(f'"{t}"' for t in book.sheetnames)
            reason = msg(
                'the workbook has no sheet "%(sheet)s" (its sheets: %(found)s)',
                sheet=canonical,
                found=found,
            )
            problems.append(Problem(canonical, None, None, reason))
            continue
        tables[canonical] = _read_sheet(book[title], formulas.get(title, {}))
    book.close()
    return tables, problems


class _Unreadable(Exception):
    """The workbook cannot be opened; `reason` says what to do."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


def _formula_cells(path: Path, max_bytes: int) -> dict[str, dict[tuple[int, int], str]]:
    """Formula text of every formula cell, by sheet title and (row, column); {} when none."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
        if unpacked > UNPACK_FACTOR * max_bytes:
            raise _Unreadable(
                msg(
                    "the workbook unpacks to %(size)s; the limit is %(limit)s",
                    size=describe_size(unpacked),
                    limit=describe_size(UNPACK_FACTOR * max_bytes),
                )
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
    reason = None
    if cell.data_type == "e":
        reason = msg(
            "the cell %(cell)s shows the Excel error %(error)s; correct it or type the value",
            cell=cell.coordinate,
            error=cell.value,
        )
    elif formula is not None and cell.value is None:
        reason = msg(
            "the cell %(cell)s holds a formula (%(formula)s) with no saved result; open "
            "the workbook in Excel, save it and import again, or type the value",
            cell=cell.coordinate,
            formula=formula,
        )
    if reason is not None:
        table.problems.append(Problem(table.name, cell.row, header or cell.column_letter, reason))
    return None if cell.data_type == "e" else cell.value


def _fill_merged(table: Table, sheet: Worksheet, values: dict[int, list[Any]]) -> None:
    """Read a merge down one column as its top-left value on every row; refuse other merges."""
    for merged in sheet.merged_cells.ranges:
        columns = range(merged.min_col, min(merged.max_col, len(table.headers)) + 1)
        labels = [table.headers[c - 1] for c in columns if table.headers[c - 1]]
        if not labels:
            continue
        if merged.min_row == 1 or merged.min_col != merged.max_col:
            reason = msg(
                "the cells %(cells)s are merged; unmerge them and fill in each cell "
                "(only cells merged down one column are read, as the top-left value on every row)",
                cells=merged.coord,
            )
            table.problems.append(Problem(table.name, merged.min_row, labels[0], reason))
            continue
        top = values.get(merged.min_row, [None] * len(table.headers))[merged.min_col - 1]
        for number in range(merged.min_row + 1, merged.max_row + 1):
            values.setdefault(number, [None] * len(table.headers))[merged.min_col - 1] = top
        table.notes.append(
            msg(
                "%(sheet)s: the cells %(cells)s are merged; their top-left value was used "
                "on every row of column %(column)s",
                sheet=table.name,
                cells=merged.coord,
                column=labels[0],
            )
        )


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")
