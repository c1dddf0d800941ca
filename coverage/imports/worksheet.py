"""Stream one sheet of an .xlsx workbook (openpyxl read-only mode) into a Table, within limits.

A sheet that declares, or turns out to have, more rows or cells than `limits` allows is refused
(TooLarge) before it fills memory. Cells showing an Excel error, formulas without a saved result
and merged cells become Problems that say what to do in Excel; a merge down one column is read as
its top-left value on every row.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from coverage.imports import limits
from coverage.imports.tabular import Problem, Row, SizeCounter, Table, TooLarge, over_limit
from coverage.messages import msg

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE_TAG = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})"'
)


@dataclass
class SheetXml:
    """What a sheet's XML holds besides its cells: formulas at all, and its merged ranges."""

    formulas: bool = False
    merges: list[str] = field(default_factory=list)


def scan_sheet_xml(archive: zipfile.ZipFile, member: str, title: str) -> SheetXml:
    """Stream the XML of sheet `title` for formula tags and merged ranges, a megabyte at a time."""
    found, rest = SheetXml(), b""
    with archive.open(member) as stream:
        for chunk in itertools.chain(_chunks(stream), [b"<"]):
            data = rest + chunk
            cut = data.rfind(b"<")  # no tag is cut in two: the last one waits for the next chunk
            if cut < 0:  # text without a tag: nothing to find, nothing to keep
                rest = b""
                continue
            head, rest = data[:cut], data[cut:]
            found.formulas = found.formulas or bool(_FORMULA_TAG.search(head))
            found.merges += [m.decode() for m in _MERGE_TAG.findall(head)]
            if len(found.merges) > limits.MAX_ROWS:
                raise TooLarge(
                    msg(
                        "the sheet %(sheet)s has more than %(count)s merged ranges; unmerge "
                        "the cells",
                        sheet=title,
                        count=f"{limits.MAX_ROWS:,}",
                    )
                )
    return found


def _chunks(stream: IO[bytes]) -> Iterable[bytes]:
    while chunk := stream.read(1 << 20):
        yield chunk


def read_sheet(sheet: Any, formulas: Any | None, merges: list[str]) -> Table:
    """Read a read-only `sheet` (saved values) into a Table; TooLarge past the limits.

    `formulas` is the same sheet opened with its formulas (None when the sheet has none), read
    in step with `sheet` to find formulas that have no saved result.
    """
    place = msg("the sheet %(sheet)s", sheet=sheet.title)
    declared = (sheet.max_row or 0, sheet.max_column or 0)
    if declared[0] > limits.MAX_ROWS + 1 or declared[0] * declared[1] > limits.MAX_CELLS:
        raise TooLarge(over_limit(place, declared=declared))
    for each in (sheet, formulas):
        if each is not None:  # read every row there is: a declared size may be wrong
            each.reset_dimensions()
    counter = SizeCounter(place)
    table = Table(sheet.title, [])
    values: dict[int, list[Any]] = {}
    steps = formulas.iter_rows() if formulas is not None else itertools.repeat(())
    rows = zip(sheet.iter_rows(), steps, strict=False)  # `steps` never ends when there are none
    for number, (cells, formula_cells) in enumerate(rows, start=1):
        counter.count(len(cells))
        if number == 1:
            table.headers = [str(c.value).strip() if c.value is not None else "" for c in cells]
            while table.headers and not table.headers[-1]:
                table.headers.pop()
            if not table.headers:
                return table
            continue
        width = len(table.headers)
        row = [
            _cell_value(table, number, column, cell, _at(formula_cells, column))
            for column, cell in enumerate(cells[:width], start=1)
        ]
        if any(map(_filled, row)):
            values[number] = row + [None] * (width - len(row))
    _fill_merged(table, merges, values, last_row=counter.rows)
    table.rows = [Row(n, tuple(v)) for n, v in sorted(values.items()) if any(map(_filled, v))]
    return table


def _at(cells: tuple[Any, ...], column: int) -> Any:
    return cells[column - 1] if column <= len(cells) else None


def _cell_value(table: Table, number: int, column: int, cell: Any, formula: Any) -> Any:
    coordinate = f"{get_column_letter(column)}{number}"
    reason = None
    if cell.data_type == "e":
        reason = msg(
            "the cell %(cell)s shows the Excel error %(error)s; correct it or type the value",
            cell=coordinate,
            error=cell.value,
        )
    elif getattr(formula, "data_type", None) == "f" and cell.value is None:
        reason = msg(
            "the cell %(cell)s holds a formula (%(formula)s) with no saved result; open "
            "the workbook in Excel, save it and import again, or type the value",
            cell=coordinate,
            formula=str(formula.value),
        )
    if reason is not None:
        header = table.headers[column - 1] or get_column_letter(column)
        table.problems.add(Problem(table.name, number, header, reason))
    return None if cell.data_type == "e" else cell.value


def _fill_merged(
    table: Table, merges: list[str], values: dict[int, list[Any]], *, last_row: int
) -> None:
    """Read a merge down one column as its top-left value on every row; refuse other merges."""
    width, noted = len(table.headers), 0
    for ref in merges:
        merged = CellRange(ref)
        columns = range(merged.min_col, min(merged.max_col, width) + 1)
        labels = [table.headers[c - 1] for c in columns if table.headers[c - 1]]
        if not labels or merged.min_row > last_row:
            continue
        if merged.min_row == 1 or merged.min_col != merged.max_col:
            reason = msg(
                "the cells %(cells)s are merged; unmerge them and fill in each cell "
                "(only cells merged down one column are read, as the top-left value on every row)",
                cells=merged.coord,
            )
            table.problems.add(Problem(table.name, merged.min_row, labels[0], reason))
            continue
        top = values.get(merged.min_row, [None] * width)[merged.min_col - 1]
        for number in range(merged.min_row + 1, min(merged.max_row, last_row) + 1):
            values.setdefault(number, [None] * width)[merged.min_col - 1] = top
        noted += 1
        if noted <= limits.SHOWN_PER_KIND:
            table.notes.append(
                msg(
                    "%(sheet)s: the cells %(cells)s are merged; their top-left value was used "
                    "on every row of column %(column)s",
                    sheet=table.name,
                    cells=merged.coord,
                    column=labels[0],
                )
            )
    if noted > limits.SHOWN_PER_KIND:
        table.notes.append(
            msg(
                "%(sheet)s: %(count)s more merged cells were read the same way",
                sheet=table.name,
                count=noted - limits.SHOWN_PER_KIND,
            )
        )


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def sheet_member(sheet: Any) -> str | None:
    """The path of a read-only sheet's XML inside the workbook archive, when openpyxl says it."""
    member = getattr(sheet, "_worksheet_path", None)
    return member.lstrip("/") if isinstance(member, str) else None
