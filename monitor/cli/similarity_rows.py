"""The rows of `ipwatch similarity` inputs, read so that one bad row is refused alone.

A CSV in UTF-8 (with or without BOM) or GB18030 is read whole, as the portfolio import reads it;
a file that cannot be read at all (its encoding, a missing column) stops the command. Within it,
a bad row (Nice classes that are not classes, an image that cannot be read or has nothing drawn
in it, no words and no image, more cells than columns) raises RowProblem, which names the file,
row and column; the commands report it and go on with the other rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from coverage.imports.tabular import decode_text
from coverage.imports.values import parse_classes as parse_nice_classes
from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_match import Logo


@dataclass(frozen=True)
class Row:
    """One data row: its line number (the header is 1), its cells by column, and what is wrong
    with it as a whole (a row with more cells than columns), if anything."""

    number: int
    values: dict[str, str]
    problem: str = ""


@dataclass(frozen=True)
class Table:
    """A CSV file read whole: its path, header and rows."""

    path: Path
    header: list[str]
    rows: list[Row]


class RowProblem(Exception):
    """A row that cannot be scored: `what` (a column, or an image and its column) and why."""

    def __init__(self, table: Table, row: int, what: str, reason: str) -> None:
        super().__init__(f"{table.path.name} row {row}: {what}: {reason}")
        self.what, self.reason = what, reason

    @property
    def cell(self) -> str:
        """The problem as the output's `error` cell says it (the row is the output's own)."""
        return f"{self.what}: {self.reason}"


@dataclass(frozen=True)
class Side:
    """One mark of a row: its words (may be empty when there is an image), classes and logo."""

    mark: str
    classes: tuple[int, ...]
    logo: Logo | None


def read_table(path: Path, required: Sequence[str]) -> Table:
    """Read a CSV in UTF-8 (BOM or not) or GB18030; check the required columns are there."""
    text, problem = decode_text(path.read_bytes(), path.name)
    if text is None:
        raise click.ClickException(str(problem))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(header) or "no header"
        raise click.ClickException(
            f"{path.name}: missing column {', '.join(missing)} (found: {found})"
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        extra = row.pop(None, None)
        values = {k: (v or "").strip() for k, v in row.items()}
        rows.append(Row(reader.line_num, values, "more cells than columns" if extra else ""))
    return Table(path, header, rows)


def check_row(table: Table, row: Row) -> None:
    """Raise RowProblem when the row as a whole is malformed."""
    if row.problem:
        raise RowProblem(table, row.number, "row", row.problem)


def read_classes(table: Table, row: Row, column: str) -> tuple[int, ...]:
    """Parse Nice classes as the portfolio import does (`7;9`, `7, 9`, `7 9`, `第7类`); empty
    means none; raise RowProblem naming the column."""
    value = row.values.get(column, "")
    if not value.strip():
        return ()
    try:
        return tuple(parse_nice_classes(value))
    except ValueError as exc:
        raise RowProblem(table, row.number, column, str(exc)) from None


def read_logo(table: Table, row: Row, column: str) -> Logo | None:
    """Open and hash the image named in `column` (relative to the table's folder), or None when
    the cell is empty; raise RowProblem naming the column and image."""
    name = row.values.get(column, "")
    if not name:
        return None
    try:
        return Logo.open(table.path.parent / name, name=name)
    except LogoError as exc:
        reason = str(exc).removeprefix(f"{name}: ")
        raise RowProblem(table, row.number, f"{column} {name}", reason) from None


def read_side(table: Table, row: Row, mark: str, classes: str, image: str) -> Side:
    """Read one mark of a row from its columns; a mark needs words, an image or both."""
    logo = read_logo(table, row, image)
    words = row.values.get(mark, "")
    if not words and logo is None:
        raise RowProblem(table, row.number, mark, "the mark is empty and there is no image")
    return Side(words, read_classes(table, row, classes), logo)


def comparable(table: Table, row: Row, a: Side, b: Side) -> None:
    """Raise RowProblem unless both marks have words or both have an image."""
    if not (a.mark and b.mark) and (a.logo is None or b.logo is None):
        pictured, other = ("a", "b") if a.logo is not None and not a.mark else ("b", "a")
        raise RowProblem(
            table,
            row.number,
            f"mark_{pictured}",
            f"only a picture, and mark_{other} has no image to compare it with",
        )
