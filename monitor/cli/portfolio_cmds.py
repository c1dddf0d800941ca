"""`ipwatch import portfolio PATH`: import a portfolio workbook or CSV folder, all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask import current_app

from coverage.imports.changes import RecordChange
from coverage.imports.importer import (
    ImportConflict,
    ImportFailed,
    ImportSummary,
    apply_import,
    plan_import,
    write_conflicts,
)
from coverage.imports.report import summarise, write_problems_csv
from coverage.queries import load_geography
from monitor.db import get_session


def register(group: click.Group) -> None:
    group.add_command(import_group)


@click.group("import")
def import_group() -> None:
    """Import data into ipwatch."""


@import_group.command("portfolio")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and print what would change.")
@click.option(
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every problem found to this CSV file (the terminal shows the first ones).",
)
def portfolio(path: Path, dry_run: bool, problems_file: Path | None) -> None:
    """Import products, patents and trademarks from an .xlsx workbook or a folder of CSV files.

    PATH is a workbook with sheets products, patents, trademarks, or a folder with products.csv,
    patents.csv and trademarks.csv. A file with any bad row changes nothing; every problem is
    printed with its sheet, row, column and reason. Every record created or updated is printed,
    with its changed fields as before → after.
    """
    session = get_session()
    max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    try:
        plan = plan_import(
            path, session=session, geography=load_geography(session), max_bytes=max_bytes
        )
    except ImportFailed as exc:
        session.rollback()
        _report_problems(exc, problems_file)
    if dry_run:
        session.rollback()
        _print_summary(plan)
        click.echo("dry run: nothing was changed")
        return
    try:
        with write_conflicts():
            summary = apply_import(plan, session=session)
            session.commit()
    except ImportConflict as exc:
        session.rollback()
        raise click.ClickException(str(exc.message)) from None
    _print_summary(summary)


def _report_problems(exc: ImportFailed, problems_file: Path | None) -> NoReturn:
    """Print the first problems of each kind to stderr, write them all to `problems_file`; exit 1."""
    report = summarise(exc.problems, dropped=exc.dropped)
    for problem in report.shown:
        click.echo(str(problem), err=True)
    for first, count in report.more:
        click.echo(
            f"{first.sheet}: {count:,} more problems like this one: {first.reason}", err=True
        )
    if report.unlisted:
        click.echo(f"{report.unlisted:,} more problems were found but are not listed", err=True)
    if problems_file is not None:
        with problems_file.open("w", encoding="utf-8-sig", newline="") as out:
            write_problems_csv(out, exc.problems, dropped=exc.dropped)
    elif report.more:
        click.echo("(for the full list: --problems FILE)", err=True)
    count = exc.total
    raise click.ClickException(
        f"nothing was imported: {count:,} problem{'s' if count != 1 else ''} to fix"
    )


def _print_summary(summary: ImportSummary) -> None:
    for change in summary.changes:
        click.echo(_change_line(change))
    for note in summary.notes:
        click.echo(f"note: {note}")
    for sheet, counts in summary.counts.items():
        line = f"{sheet}: {counts['created']} created, {counts['updated']} updated"
        if counts.get("removed"):
            line += f", {counts['removed']} removed"
        unchanged = summary.unchanged.get(sheet, 0)
        click.echo(line + (f", {unchanged} unchanged" if unchanged else ""))


def _change_line(change: RecordChange) -> str:
    """`updated patents CN ZL…: status: granted → lapsed; grant_date: 2022-05-10 → (empty)`."""
    fields = "; ".join(
        f"{f.field}: {f.before or '(empty)'} → {f.after or '(empty)'}" for f in change.fields
    )
    return f"{change.action} {change.sheet} {change.key}" + (f": {fields}" if fields else "")
