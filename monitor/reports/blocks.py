"""The building blocks of the monthly report's content, laid out by both the PDF (pdf.py) and
the HTML (html_report.py) renderers: plain text everywhere, each renderer escapes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing


@dataclass(frozen=True)
class Para:
    """A paragraph; `small` for notes and footnotes."""

    text: str
    small: bool = False


@dataclass(frozen=True)
class Items:
    """A list of sentences, numbered or not."""

    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Row:
    """A table row: `kind` data, sub (a part of the row above), group (a heading over the rows
    below it) or total; `alert`
    holds the indexes of cells a reader should notice (overdue, no coverage)."""

    cells: tuple[str, ...]
    kind: str = "data"
    alert: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Table:
    """A table: its heading (may be empty), column titles, rows, the indexes of numeric
    (right-aligned) columns, relative column widths and a note under it ("and 12 more")."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart and what it shows (the HTML report's accessible name)."""

    title: str
    drawing: Drawing


Block = Para | Items | Table | Chart


@dataclass
class Section:
    """A numbered part of the report; `new_page` starts it on a fresh page in the PDF."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False


@dataclass
class Report:
    """The whole report in one language: title, as-of line, sections and footnotes."""

    lang: str
    title: str
    subtitle: str
    sections: list[Section]
    footnotes: list[str]
