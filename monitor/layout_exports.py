"""The patent layout and the patent deadlines as files: Excel workbooks and CSV, in the UI language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from monitor.exports import table_csv, workbook

LAYOUT_COLUMNS = [
    ("product_id", _l("Product ID")),
    ("product", _l("Product")),
    ("brand", _l("Brand")),
    ("market", _l("Market code")),
    ("market_name", _l("Market")),
    ("status", _l("Status")),
    ("patents", _l("Patents reaching the market")),
    ("kinds", _l("Kinds")),
    ("expiry", _l("Expiry")),
    ("note", _l("Why")),
]
DEADLINE_COLUMNS = [
    ("due", _l("Due")),
    ("overdue", _l("Overdue")),
    ("what", _l("What")),
    ("kind", _l("Kind")),
    ("patent", _l("Patent")),
    ("office", _l("Office")),
    ("market", _l("Market code")),
    ("opens", _l("Window opens")),
    ("surcharge", _l("Surcharge")),
    ("products", _l("Products")),
    ("brands", _l("Brands")),
]

Rows = Sequence[dict[str, Any]]


def layout_xlsx(cells: Rows, deadlines: Rows) -> bytes:
    """A workbook: the layout cells, then the deadlines of the same products."""
    return workbook(
        [
            (_("Patent layout"), LAYOUT_COLUMNS, cells),
            (_("Patent deadlines"), DEADLINE_COLUMNS, deadlines),
        ]
    )


def layout_csv(cells: Rows) -> str:
    """A CSV of the layout cells (with a BOM)."""
    return table_csv(LAYOUT_COLUMNS, cells)


def deadlines_xlsx(deadlines: Rows) -> bytes:
    """A workbook of the patent deadlines."""
    return workbook([(_("Patent deadlines"), DEADLINE_COLUMNS, deadlines)])


def deadlines_csv(deadlines: Rows) -> str:
    """A CSV of the patent deadlines (with a BOM)."""
    return table_csv(DEADLINE_COLUMNS, deadlines)
