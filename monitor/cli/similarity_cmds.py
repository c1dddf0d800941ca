"""`ipwatch similarity score IN.csv --out OUT.csv` and `ipwatch similarity screen`.

Inputs are CSV in UTF-8 (with or without BOM) or GB18030, read as the portfolio import reads them. Every row is read and checked before
anything is scored; a bad row stops the command with the file, row and column named, and the
output file is written to a temporary file and renamed, so it is never left half-written.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from coverage.imports.tabular import decode_text
from coverage.imports.values import parse_classes as parse_nice_classes
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_match import Logo
from infringement.watch import (
    Candidate,
    WatchedMark,
    build_watch_list,
    score_marks,
    screen_candidates,
)
from monitor.config import ROOT
from monitor.exports import escape_formula

CONFIG_DIR = ROOT / "data" / "infringement"
SCORE_COLUMNS = ["score", "verdict", "reasons"]
HIT_COLUMNS = ["watch_id", "watch_mark", "candidate_id", "candidate_mark", "score", "reasons"]
F = TypeVar("F", bound=Callable[..., object])


def register(group: click.Group) -> None:
    group.add_command(similarity)


@click.group()
def similarity() -> None:
    """Score pairs of marks, or screen many candidates against watched marks (0–100, reasons)."""


@dataclass(frozen=True)
class Table:
    """A CSV file read whole: its name, header and rows with their row numbers (header = 1)."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def where(self, row: int, column: str) -> str:
        return f"{self.path.name} row {row}, column {column}"


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
        if None in row:
            raise click.ClickException(
                f"{path.name} row {reader.line_num}: more cells than columns"
            )
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return Table(path, header, rows)


def parse_classes(value: str, where: str) -> tuple[int, ...]:
    """Parse Nice classes as the portfolio import does (`7;9`, `7, 9`, `7 9`, `第7类`); empty
    means none; raise naming `where`."""
    if not value.strip():
        return ()
    try:
        return tuple(parse_nice_classes(value))
    except ValueError as exc:
        raise click.ClickException(f"{where}: {exc}") from None


def _mark(table: Table, row: int, values: dict[str, str], column: str) -> str:
    if not values.get(column):
        raise click.ClickException(f"{table.where(row, column)}: the mark is empty")
    return values[column]


def _logo(table: Table, row: int, values: dict[str, str], column: str) -> Logo | None:
    name = values.get(column, "")
    if not name:
        return None
    path = table.path.parent / name
    try:
        return Logo.open(path, name=name)
    except LogoError as exc:
        raise click.ClickException(f"{table.where(row, column)}: {exc}") from None


def write_atomically(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a UTF-8 CSV to a temporary file beside `path`, then rename it over `path`; cells
    are formula-escaped as the web exports are (marks and listing titles come from anyone)."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([escape_formula(name) for name in header])
            writer.writerows([escape_formula(cell) for cell in row] for row in rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _config() -> MatchConfig:
    return load_config(CONFIG_DIR)


def _csv_option(flag: str, name: str, help: str, *, exists: bool) -> Callable[[F], F]:
    """A required CSV file option; `exists`: a file to read, which must be there."""
    path = click.Path(exists=exists, dir_okay=False, path_type=Path)
    return click.option(flag, name, required=True, type=path, help=help)


@similarity.command()
@click.argument(
    "in_csv", metavar="IN.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_csv_option("--out", "out_csv", "OUT.csv to write.", exists=False)
def score(in_csv: Path, out_csv: Path) -> None:
    """Score each pair of marks in IN.csv (mark_a, mark_b; optional image_a/b, classes_a/b)."""
    table = read_table(in_csv, ["mark_a", "mark_b"])
    config = _config()
    out_rows = []
    for row, values in table.rows:  # a bad row stops everything before OUT is written
        mark_a, mark_b = (_mark(table, row, values, f"mark_{s}") for s in "ab")
        classes_a, classes_b = (
            parse_classes(values.get(f"classes_{s}", ""), table.where(row, f"classes_{s}"))
            for s in "ab"
        )
        logo_a, logo_b = (_logo(table, row, values, f"image_{s}") for s in "ab")
        result = score_marks(
            mark_a,
            mark_b,
            config,
            classes_a=classes_a,
            classes_b=classes_b,
            logo_a=logo_a,
            logo_b=logo_b,
        )
        verdict = "similar" if result.similar else "different"
        cells = [values.get(c, "") for c in table.header]
        out_rows.append([*cells, f"{result.score:.1f}", verdict, "; ".join(result.reasons)])
    write_atomically(out_csv, [*table.header, *SCORE_COLUMNS], out_rows)
    similar = sum(1 for r in out_rows if r[-2] == "similar")
    click.echo(f"{len(out_rows)} pairs scored, {similar} similar; written to {out_csv}")


def _entry(table: Table, row: int, values: dict[str, str]) -> tuple[str, str, tuple[int, ...]]:
    mark = _mark(table, row, values, "mark")
    classes = parse_classes(values.get("classes", ""), table.where(row, "classes"))
    return values.get("id") or str(row), mark, classes


def _watched_marks(table: Table) -> list[WatchedMark]:
    """Read the watched marks and their logos; rows sharing an id are one brand's marks."""
    marks = []
    for row, values in table.rows:
        mark_id, mark, classes = _entry(table, row, values)
        logo = _logo(table, row, values, "image")
        marks.append(WatchedMark(mark_id, mark, classes, logo=logo))
    return marks


def _candidates(table: Table) -> Iterator[Candidate]:
    """Read the candidates one row at a time: one image in memory at a time, never all."""
    for row, values in table.rows:
        mark_id, mark, classes = _entry(table, row, values)
        yield Candidate(mark_id, mark, classes, logo=_logo(table, row, values, "image"))


@similarity.command()
@_csv_option("--watch", "watch_csv", "WATCH.csv: the watched marks.", exists=True)
@_csv_option("--candidates", "cands_csv", "CANDS.csv: new filings or listing titles.", exists=True)
@_csv_option("--out", "out_csv", "HITS.csv to write.", exists=False)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Lowest score reported (0–100; default: the alert threshold).",
)
def screen(watch_csv: Path, cands_csv: Path, out_csv: Path, threshold: float | None) -> None:
    """Screen CANDS.csv against WATCH.csv (columns mark; optional id, image, classes)."""
    watched = _watched_marks(read_table(watch_csv, ["mark"]))
    cands = read_table(cands_csv, ["mark"])
    watch_list = build_watch_list(watched, _config())
    hits = screen_candidates(watch_list, _candidates(cands), threshold=threshold)
    rows = (
        [
            h.watch_id,
            h.watch_mark,
            h.candidate_id,
            h.candidate_mark,
            f"{h.score:.1f}",
            "; ".join(h.reasons),
        ]
        for h in hits
    )
    write_atomically(out_csv, HIT_COLUMNS, rows)
    counts = f"{len(cands.rows)} candidates screened against {len(watched)} watched marks"
    click.echo(f"{counts}: {len(hits)} hits; written to {out_csv}")
