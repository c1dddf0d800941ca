"""`ipwatch similarity score IN.csv --out OUT.csv` and `ipwatch similarity screen`.

Inputs are CSV in UTF-8 (with or without BOM) or GB18030, read as the portfolio import reads
them (`similarity_rows`). A file that cannot be read at all (its encoding, a missing column)
stops the command with exit code 1 and nothing written. A bad row never stops a batch: `score`
writes it with an empty score and its reason in the `error` column, `screen` leaves it out (or
screens only its words when its image is the problem); both say why on stderr, one line per row
("pairs.csv row 3: image_a logos/x.png: not a readable image"), and exit 0. A mark may be only
a picture (a figurative mark): it is scored on the picture. Output files are written to a
temporary file and renamed, so they are never left half-written.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.logo_match import Logo
from infringement.watch import (
    Candidate,
    WatchedMark,
    build_watch_list,
    score_marks,
    screen_candidates,
)
from monitor.cli.similarity_rows import (
    Row,
    RowProblem,
    Side,
    Table,
    check_row,
    comparable,
    read_classes,
    read_logo,
    read_side,
    read_table,
)
from monitor.config import ROOT
from monitor.exports import escape_formula

CONFIG_DIR = ROOT / "data" / "infringement"
SCORE_COLUMNS = ["score", "verdict", "reasons", "error"]
HIT_COLUMNS = ["watch_id", "watch_mark", "candidate_id", "candidate_mark", "score", "reasons"]
F = TypeVar("F", bound=Callable[..., object])


def register(group: click.Group) -> None:
    group.add_command(similarity)


@click.group()
def similarity() -> None:
    """Score pairs of marks, or screen many candidates against watched marks (0–100, reasons)."""


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
    """Score each pair of marks in IN.csv (mark_a, mark_b; optional image_a/b, classes_a/b).

    A mark may be only a picture (mark empty, image given): the pair is then scored on the
    pictures. OUT.csv adds score, verdict, reasons and error: a row that cannot be scored keeps
    its place with an empty score and the reason in error, also printed on stderr. Exit code 0
    when the batch ran, however many rows were refused; 1 when IN.csv cannot be read at all.
    """
    table = read_table(in_csv, ["mark_a", "mark_b"])
    config = _config()
    out_rows, refused, similar = [], 0, 0
    for row in table.rows:
        cells = [row.values.get(c, "") for c in table.header]
        try:
            scored = _score_row(table, row, config)
        except RowProblem as problem:
            scored = _refuse(problem)
        except Exception as exc:  # a bug: reported on its row, the batch goes on
            scored = _refuse(RowProblem(table, row.number, "row", f"cannot be scored ({exc!r})"))
        refused += scored[-1] != ""
        similar += scored[1] == "similar"
        out_rows.append([*cells, *scored])
    write_atomically(out_csv, [*table.header, *SCORE_COLUMNS], out_rows)
    counts = f"{len(out_rows) - refused} pairs scored, {similar} similar"
    if refused:
        counts += f", {refused} refused (see the error column)"
    click.echo(f"{counts}; written to {out_csv}")


def _refuse(problem: RowProblem) -> list[str]:
    """Report a refused row on stderr; return its empty score cells and its error cell."""
    click.echo(str(problem), err=True)
    return ["", "", "", problem.cell]


def _score_row(table: Table, row: Row, config: MatchConfig) -> list[str]:
    """Return the score, verdict, reasons and (empty) error cells of one row of IN.csv."""
    check_row(table, row)
    a, b = (read_side(table, row, f"mark_{s}", f"classes_{s}", f"image_{s}") for s in "ab")
    comparable(table, row, a, b)
    result = score_marks(
        a.mark,
        b.mark,
        config,
        classes_a=a.classes,
        classes_b=b.classes,
        logo_a=a.logo,
        logo_b=b.logo,
    )
    verdict = "similar" if result.similar else "different"
    return [f"{result.score:.1f}", verdict, "; ".join(result.reasons), ""]


def _entries(table: Table) -> Iterator[tuple[str, Side]]:
    """Yield (id, mark) of each usable row; report the others on stderr and leave them out."""
    for row in table.rows:
        try:
            check_row(table, row)
            classes = read_classes(table, row, "classes")
            logo = _logo_or_words_only(table, row)
            if not row.values.get("mark") and logo is None:
                raise RowProblem(
                    table, row.number, "mark", "the mark is empty and there is no image"
                )
        except RowProblem as problem:
            click.echo(f"{problem}; left out", err=True)
            continue
        yield row.values.get("id") or str(row.number), Side(row.values["mark"], classes, logo)


def _logo_or_words_only(table: Table, row: Row) -> Logo | None:
    """Return the row's logo; when it cannot be used, None if the row has words to screen."""
    try:
        return read_logo(table, row, "image")
    except RowProblem as problem:
        if not row.values.get("mark"):
            raise
        click.echo(f"{problem}; screened on its words only", err=True)
        return None


def _watched_marks(table: Table) -> list[WatchedMark]:
    """Read the watched marks and their logos; rows sharing an id are one brand's marks."""
    return [WatchedMark(i, m.mark, m.classes, logo=m.logo) for i, m in _entries(table)]


def _candidates(table: Table, count: list[int]) -> Iterator[Candidate]:
    """Read the candidates one row at a time: one image in memory at a time, never all;
    `count[0]` counts those screened."""
    for mark_id, mark in _entries(table):
        count[0] += 1
        yield Candidate(mark_id, mark.mark, mark.classes, logo=mark.logo)


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
    """Screen CANDS.csv against WATCH.csv (columns mark; optional id, image, classes).

    A mark may be only a picture (mark empty, image given). A row that cannot be used is left
    out, or screened on its words alone when only its image is unusable; each is reported on
    stderr. Exit code 0 when the screening ran; 1 when an input cannot be read at all.
    """
    watched = _watched_marks(read_table(watch_csv, ["mark"]))
    cands = read_table(cands_csv, ["mark"])
    watch_list = build_watch_list(watched, _config())
    screened = [0]
    hits = screen_candidates(watch_list, _candidates(cands, screened), threshold=threshold)
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
    counts = f"{screened[0]} candidates screened against {len(watched)} watched marks"
    click.echo(f"{counts}: {len(hits)} hits; written to {out_csv}")
