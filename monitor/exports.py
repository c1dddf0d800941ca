"""The gap list in the words of the UI language: rows for the page, an Excel workbook and a CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coverage.advice import Advice, Gap
from coverage.deadlines import Deadline
from coverage.matrix import Coverage
from coverage.offices import country_name

STATUS_LABELS = {
    "protected": _l("protected"),
    "expiring": _l("expiring"),
    "pending": _l("pending"),
    "lapsed": _l("lapsed"),
    "missing": _l("missing"),
    "gap": _l("gap (missing or lapsed)"),
    "at_risk": _l("at risk (expiring or pending)"),
}

ADVICE_LABELS = {
    "designate": _l(
        "Subsequent designation of %(office)s in the international registration %(via)s"
    ),
    "madrid": _l("Madrid international application based on %(via)s, designating %(office)s"),
    "eutm": _l("EU trade mark application at EUIPO (covers every EU member state)"),
    "regional": _l("Regional application at %(office)s"),
    "national": _l("National application in %(office)s"),
}

# The engine's cautions (coverage.advice.CAUTIONS) in the UI language.
WARNINGS = {
    "unverified_party": _l(
        "Madrid membership of %(party)s is unverified: confirm it before designating"
    ),
    "refused": _l("The designation of %(party)s in %(right)s was refused: file directly there"),
    "banjul": _l(
        "Check that the state has given effect to the Banjul Protocol, or file nationally"
    ),
    "outside_hk": _l(
        "A CN registration or designation does not reach Hong Kong: file at the Hong Kong IPD"
    ),
    "outside_mo": _l("A CN registration or designation does not reach Macao: file at the Macao DSE"),
    "outside_tw": _l("Taiwan is outside the Madrid system: file with TIPO"),
}

DEADLINE_LABELS = {
    "renewal": _l("Renewal of %(right)s"),
    "grace": _l("Grace period for renewing %(right)s ends (surcharge)"),
    "use_declaration": _l("US §8 declaration of use for %(right)s"),
    "use_declaration_grace": _l("Late US §8 declaration of use for %(right)s (grace period)"),
    "dependency": _l(
        "Madrid dependency of %(right)s on its basic mark ends: keep the basic mark alive"
    ),
    "expiry": _l("%(right)s expires"),
}

OPENS_LABEL = _l("window opens %(date)s")
OVERDUE_LABEL = _l("overdue")

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
WIDTHS = {
    "product": 28,
    "market_name": 18,
    "rights": 26,
    "note": 40,
    "advice": 50,
    "warning": 36,
    "urgent": 50,
}


def locale_code() -> str:
    """The UI language: 'zh' or 'en'."""
    return "zh" if str(get_locale() or "en").startswith("zh") else "en"


class Wording:
    """Statuses, advice and deadlines in the UI language; labels are looked up once per instance
    (a gettext call per row would make a 100,000-row export slow)."""

    def __init__(self, locale: str | None = None) -> None:
        self.locale = locale or locale_code()
        self.statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
        self.advice = {key: str(label) for key, label in ADVICE_LABELS.items()}
        self.warnings = {code: str(label) for code, label in WARNINGS.items()}
        self.deadlines = {key: str(label) for key, label in DEADLINE_LABELS.items()}
        self.opens, self.overdue = str(OPENS_LABEL), str(OVERDUE_LABEL)
        self._names: dict[str, str] = {}

    def country(self, code: str) -> str:
        """A country or office name, e.g. "Germany" / "德国"."""
        if code not in self._names:
            self._names[code] = country_name(code, self.locale)
        return self._names[code]

    def status(self, status: object) -> str:
        """A cell status (or the filters gap and at_risk)."""
        value = str(getattr(status, "value", status))
        return self.statuses.get(value, value)

    def advice_text(self, advice: Advice) -> str:
        """What to file."""
        label = self.advice.get(advice.action)
        if label is None:  # an action this module does not know yet: the engine's sentence
            return advice.text
        return label % {"office": self.country(advice.office), "via": advice.via or ""}

    def warning(self, advice: Advice) -> str:
        """The advice's caution in the UI language (the engine's English for an unknown code)."""
        if not advice.caution:
            return ""
        label = self.warnings.get(advice.caution)
        if label is None:
            return advice.warning or ""
        return label % {"party": self.country(advice.office), "right": advice.refused_in or ""}

    def deadline(self, deadline: Deadline) -> str:
        """What falls due (without the date)."""
        label = self.deadlines.get(deadline.kind)
        return deadline.text if label is None else label % {"right": deadline.right}

    def deadline_line(self, deadline: Deadline) -> str:
        """Due date, what, when the window opens and whether it is overdue, on one line."""
        parts = [f"{deadline.due.isoformat()} {self.deadline(deadline)}"]
        if deadline.opens:
            parts.append(self.opens % {"date": deadline.opens.isoformat()})
        if deadline.overdue:
            parts.append(self.overdue)
        return "; ".join(parts)

    def product_name(self, coverage: Coverage, product_id: str) -> str:
        """The product's name, in Chinese when the UI is Chinese and a Chinese name is known."""
        info = coverage.products.get(product_id)
        if info is None:
            return product_id
        return (info.name_zh if self.locale == "zh" and info.name_zh else info.name) or product_id

    def gap_row(self, gap: Gap, coverage: Coverage) -> dict[str, Any]:
        """One gap as display values keyed by the COLUMNS keys (plus status_code)."""
        cell = gap.cell
        return {
            "product_id": cell.product_id,
            "product": self.product_name(coverage, cell.product_id),
            "brand": cell.brand,
            "market": cell.market,
            "market_name": self.country(cell.market),
            "nice_class": cell.nice_class,
            "status": self.status(cell.status),
            "status_code": str(getattr(cell.status, "value", cell.status)),
            "rights": ", ".join(cell.rights),
            "expiry": cell.expiry.isoformat() if cell.expiry else "",
            "note": cell.note or "",
            "advice": self.advice_text(gap.advice),
            "warning": self.warning(gap.advice),
            "urgent": "\n".join(self.deadline_line(d) for d in gap.urgent),
        }


def gap_rows(gaps: Iterable[Gap], coverage: Coverage) -> list[dict[str, Any]]:
    """Display rows of `gaps` in the UI language."""
    wording = Wording()
    return [wording.gap_row(g, coverage) for g in gaps]


def headers() -> list[str]:
    """The column headers in the UI language."""
    return [str(label) for _key, label in COLUMNS]


def gaps_xlsx(rows: Sequence[dict[str, Any]]) -> bytes:
    """An Excel workbook of the gap rows: bold frozen header, autofilter, sensible widths."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Gaps"))
    for index, (key, _label) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 12)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(sheet, row[key]) for key, _label in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gaps_csv(rows: Sequence[dict[str, Any]]) -> str:
    """A CSV of the gap rows, starting with a BOM so that Excel reads the Chinese as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_csv_value(row[key]) for key, _label in COLUMNS])
    return out.getvalue()


# A value starting with one of these would run as a formula in a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _xlsx_value(sheet: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
