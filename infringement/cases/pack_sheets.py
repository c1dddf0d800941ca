"""The tables of a complaint pack as spreadsheets and CSV: listings, registrations, evidence.

Pure: rows in, bytes out. Headers are bilingual (Chinese, then English) because the pack goes
to a Chinese platform or legal officer and may be forwarded abroad. Text that a spreadsheet
would run as a formula is kept as text: CSV cells get a leading apostrophe, .xlsx cells are
typed as strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# (row key, header, column width in characters)
Column = tuple[str, str, int]

LISTING_COLUMNS: tuple[Column, ...] = (
    ("no", "序号 No.", 6),
    ("url", "链接 URL", 48),
    ("title", "商品标题 Title", 40),
    ("seller", "店铺/卖家 Seller", 22),
    ("price", "价格 Price", 10),
    ("source", "来源 Source", 14),
    ("first_seen", "首次发现 First seen", 20),
    ("last_seen", "最近发现 Last seen", 20),
    ("gone_since", "已下架 Gone since", 20),
    ("score", "相似度 Score", 10),
    ("our_marks", "我方商标 Our marks", 22),
    ("reasons", "理由 Reasons", 40),
    ("evidence_files", "证据文件 Evidence files", 44),
    ("evidence_sha256", "证据哈希 Evidence SHA-256", 70),
)
REGISTRATION_COLUMNS: tuple[Column, ...] = (
    ("number", "注册号 Number", 16),
    ("office", "注册机关 Office", 30),
    ("mark", "商标 Mark", 20),
    ("classes", "类别 Classes", 12),
    ("brand", "品牌/权利人 Brand/owner", 20),
    ("status", "状态 Status", 14),
    ("filing_date", "申请日 Filing date", 14),
    ("registration_date", "注册日 Registration date", 16),
    ("expiry_date", "有效期至 Valid until", 16),
)
EVIDENCE_COLUMNS: tuple[Column, ...] = (
    ("file", "文件 File", 80),
    ("kind", "类型 Kind", 10),
    ("listing_no", "链接序号 Listing No.", 10),
    ("url", "截取网址 Captured URL", 48),
    ("captured_at", "截取时间 Captured at", 22),
    ("content_type", "内容类型 Content type", 24),
    ("sha256", "SHA-256", 70),
    ("bytes", "字节 Bytes", 12),
)
MANIFEST_COLUMNS = ("file", "sha256", "bytes")
# A value starting with one of these would run as a formula in a spreadsheet (CSV injection);
# the same list as monitor.exports, which the domain may not import.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """`value` for a CSV cell: text a spreadsheet would run as a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def format_time(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    """A capture time as `2026-03-01 16:00:00 +08:00` in `tz` (naive times are taken as UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(tz)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def table_csv(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 CSV with a BOM (Excel then reads the Chinese right), formula-escaped."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for _key, header, _width in columns])
    for row in rows:
        writer.writerow([escape_formula(_plain(row.get(key))) for key, _h, _w in columns])
    return out.getvalue().encode("utf-8")


def manifest_csv(entries: Sequence[tuple[str, str, int]]) -> bytes:
    """`file,sha256,bytes`: plain UTF-8 without a BOM, for tools that check the hashes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(entries)
    return out.getvalue().encode("utf-8")


def table_xlsx(title: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> bytes:
    """A one-sheet workbook: bold frozen header, autofilter, widths, URLs as links."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append([header for _key, header, _width in columns])
    for index, (_key, _header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for row_no, row in enumerate(rows, start=2):
        for col_no, (key, _header, _width) in enumerate(columns, start=1):
            _set_cell(sheet.cell(row=row_no, column=col_no), key, row.get(key))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_cell(cell: Any, key: str, value: object) -> None:
    plain = _plain(value)
    if not isinstance(plain, str):
        cell.value = plain
        return
    # characters an .xlsx cannot hold are replaced; text is never a formula
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", plain)
    cell.value = text
    cell.data_type = "s"
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if key == "url" and text.startswith(("http://", "https://")):
        cell.hyperlink = text


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
