"""`ipwatch similarity score IN.csv --out OUT.csv` and `ipwatch similarity screen`.

Inputs are CSV in UTF-8 (with or without BOM) or GB18030. Every row is read and checked before
anything is scored; a bad row stops the command with the file, row and column named, and the
output file is written to a temporary file and renamed, so it is never left half-written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from infringement.config import merge_aliases
from infringement.image import LogoError
from infringement.index import WatchIndex
from infringement.logo_index import LogoIndex
from infringement.logo_match import MATCH_SCORE, Logo, compare_logos
from infringement.normalize import MatchConfig, load_config, prepare
from infringement.scoring import score_pair
from monitor.config import ROOT

CONFIG_DIR = ROOT / "data" / "infringement"
SCORE_COLUMNS = ["score", "verdict", "reasons"]
HIT_COLUMNS = ["watch_id", "watch_mark", "candidate_id", "candidate_mark", "score", "reasons"]
_CLASS_SPLIT = re.compile(r"[\s,;，；、/|]+")


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
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - GB18030 decodes any byte string that reached here
        raise click.ClickException(f"{path.name}: not UTF-8 or GB18030 text")
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
    """Parse Nice classes written `7;9`, `7, 9` or `7 9` (1–45); raise naming `where`."""
    classes = []
    for part in _CLASS_SPLIT.split(value.strip()):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 45:
            raise click.ClickException(f"{where}: {part!r} is not a Nice class (1–45)")
        classes.append(int(part))
    return tuple(classes)


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
    """Write a UTF-8 CSV to a temporary file beside `path`, then rename it over `path`."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _config() -> MatchConfig:
    return load_config(CONFIG_DIR)


@similarity.command()
@click.argument(
    "in_csv", metavar="IN.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_csv",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="OUT.csv to write.",
)
def score(in_csv: Path, out_csv: Path) -> None:
    """Score each pair of marks in IN.csv (mark_a, mark_b; optional image_a/b, classes_a/b)."""
    table = read_table(in_csv, ["mark_a", "mark_b"])
    config = _config()
    out_rows = []
    for row, values in table.rows:  # a bad row stops everything before OUT is written
        mark_a, mark_b = (prepare(_mark(table, row, values, f"mark_{s}"), config) for s in "ab")
        classes_a, classes_b = (
            parse_classes(values.get(f"classes_{s}", ""), table.where(row, f"classes_{s}"))
            for s in "ab"
        )
        logo_a, logo_b = (_logo(table, row, values, f"image_{s}") for s in "ab")
        logo = compare_logos(logo_a, logo_b) if logo_a and logo_b else None
        result = score_pair(
            mark_a, mark_b, config, classes_a=classes_a, classes_b=classes_b, logo=logo
        )
        verdict = "similar" if result.similar else "different"
        cells = [values.get(c, "") for c in table.header]
        out_rows.append([*cells, f"{result.score:.1f}", verdict, "; ".join(result.reasons)])
    write_atomically(out_csv, [*table.header, *SCORE_COLUMNS], out_rows)
    similar = sum(1 for r in out_rows if r[-2] == "similar")
    click.echo(f"{len(out_rows)} pairs scored, {similar} similar; written to {out_csv}")


Entries = list[tuple[str, str, tuple[int, ...]]]
LogoScores = dict[tuple[int, int], tuple[float, str]]


def _entry(table: Table, row: int, values: dict[str, str]) -> tuple[str, str, tuple[int, ...]]:
    mark = _mark(table, row, values, "mark")
    classes = parse_classes(values.get("classes", ""), table.where(row, "classes"))
    return values.get("id") or str(row), mark, classes


def _read_watched(table: Table) -> tuple[Entries, LogoIndex, dict[int, Logo]]:
    """Read the watched marks; index their logos (kept whole for the ORB re-ranking)."""
    entries: Entries = []
    logos: dict[int, Logo] = {}
    index = LogoIndex()
    for row, values in table.rows:
        entries.append(_entry(table, row, values))
        logo = _logo(table, row, values, "image")
        if logo is not None:
            logos[len(entries) - 1] = logo
            index.add_logo(len(entries) - 1, logo.hashes)
    return entries, index, logos


def _read_candidates(
    table: Table, index: LogoIndex, logos: dict[int, Logo]
) -> tuple[Entries, LogoScores]:
    """Read the candidates; compare each one's logo, if any, with the watched logos near it."""
    entries: Entries = []
    found: LogoScores = {}
    for row, values in table.rows:
        entries.append(_entry(table, row, values))
        logo = _logo(table, row, values, "image")  # one image at a time: never all in memory
        if logo is None or not len(index):
            continue
        for hit in index.search_logo(logo.hashes):
            result = compare_logos(logos[hit.key], logo)
            if result[0] >= MATCH_SCORE - 20:  # the scorer words logos from 50 up
                found[(hit.key, len(entries) - 1)] = result
    return entries, found


@similarity.command()
@click.option(
    "--watch",
    "watch_csv",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="WATCH.csv: the watched marks.",
)
@click.option(
    "--candidates",
    "cands_csv",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CANDS.csv: new filings or listing titles.",
)
@click.option(
    "--out",
    "out_csv",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HITS.csv to write.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Lowest score reported (0–100; default: the alert threshold).",
)
def screen(watch_csv: Path, cands_csv: Path, out_csv: Path, threshold: float | None) -> None:
    """Screen CANDS.csv against WATCH.csv (columns mark; optional id, image, classes)."""
    watched, logo_index, watched_logos = _read_watched(read_table(watch_csv, ["mark"]))
    cands = read_table(cands_csv, ["mark"])
    candidates, logos = _read_candidates(cands, logo_index, watched_logos)
    by_id: dict[str, list[str]] = {}
    for watch_id, mark, _ in watched:
        by_id.setdefault(watch_id, []).append(mark)  # rows sharing an id: one brand's aliases
    config = merge_aliases(_config(), by_id.values())
    index = WatchIndex(watched, config)
    hits = index.screen(candidates, threshold, logos=logos)
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
    counts = f"{len(candidates)} candidates screened against {len(watched)} watched marks"
    click.echo(f"{counts}: {len(hits)} hits; written to {out_csv}")
