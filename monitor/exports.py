"""The gap list and the filing plan as files: an Excel workbook and a CSV file; `workbook` and
`table_csv` write any columns (the patent layout's exports use them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

COLUMNS = [
    ("product_id", _l("Product ID")),
    ("product", _l("Product")),
    ("brand", _l("Brand")),
    ("market", _l("Market code")),
    ("market_name", _l("Market")),
    ("nice_class", _l("Class")),
    ("status", _l("Status")),
    ("rights", _l("Rights reaching the cell")),
    ("expiry", _l("Expiry")),
    ("note", _l("Why")),
    ("advice", _l("What to file")),
    ("warning", _l("Warning")),
    ("urgent", _l("Urgent deadlines")),
]
PLAN_COLUMNS = [
    ("brand", _l("Brand")),
    ("filing", _l("What to file")),
    ("classes", _l("Classes")),
    ("products", _l("Products")),
    ("markets", _l("Markets")),
    ("gaps", _l("Gaps closed")),
    ("warnings", _l("Warning")),
]
WIDTHS = {
    "filing": 60,
    "products": 30,
    "markets": 40,
    "product": 28,
    "market_name": 18,
    "rights": 26,
    "note": 40,
    "advice": 50,
    "warning": 36,
    "urgent": 50,
    "patents": 36,
    "kinds": 20,
    "what": 50,
    "surcharge": 30,
    "brands": 16,
}
Columns = Sequence[tuple[str, Any]]
T = TypeVar("T")


def gaps_xlsx(rows: Sequence[dict[str, Any]], plan: Sequence[dict[str, Any]] = ()) -> bytes:
    """An Excel workbook: the gap rows, then the filing plan, each with a bold frozen header,
    an autofilter and sensible widths."""
    return workbook([(_("Gaps"), COLUMNS, rows), (_("Filing plan"), PLAN_COLUMNS, plan)])


def workbook(sheets: Sequence[tuple[str, Columns, Sequence[dict[str, Any]]]]) -> bytes:
    """An Excel workbook of (title, columns, rows) sheets, each with a bold frozen header, an
    autofilter and sensible widths; columns are (row key, header label) pairs."""
    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _sheet(book, title, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Any, title: str, columns: Columns, rows: Sequence[dict[str, Any]]) -> None:
    sheet = book.create_sheet(title)
    for index, (key, _label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 12)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for _key, label in columns:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(sheet, row[key]) for key, _label in columns])


def gaps_csv(rows: Sequence[dict[str, Any]]) -> str:
    """A CSV of the gap rows, starting with a BOM so that Excel reads the Chinese as UTF-8."""
    return table_csv(COLUMNS, rows)


def table_csv(columns: Columns, rows: Sequence[dict[str, Any]]) -> str:
    """A CSV of `rows` under the columns' header labels, starting with a BOM (Excel reads the
    Chinese as UTF-8); a value that would run as a formula is quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(label) for _key, label in columns])
    for row in rows:
        writer.writerow([escape_formula(row[key]) for key, _label in columns])
    return out.getvalue()


# A value starting with one of these would run as a formula in a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: T) -> T | str:
    """`value` for a CSV cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe (shown as text); anything else is returned as it is. Every CSV writer uses it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _xlsx_value(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        # characters an .xlsx cannot hold (rows stored before input was checked) are replaced
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            return cell
    return value
