"""`ipwatch import portfolio PATH`: import a portfolio workbook or CSV folder, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from coverage.imports.importer import ImportFailed, import_portfolio
from coverage.queries import load_geography
from monitor.db import get_session


def register(group: click.Group) -> None:
    group.add_command(import_group)


@click.group("import")
def import_group() -> None:
    """Import data into ipwatch."""


@import_group.command("portfolio")
@click.argument("path", type=click.Path(path_type=Path))
def portfolio(path: Path) -> None:
    """Import products, patents and trademarks from an .xlsx workbook or a folder of CSV files.

    PATH is a workbook with sheets products, patents, trademarks, or a folder with products.csv,
    patents.csv and trademarks.csv. A file with any bad row changes nothing; every problem is
    printed with its sheet, row, column and reason.
    """
    session = get_session()
    max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    try:
        summary = import_portfolio(
            path, session=session, geography=load_geography(session), max_bytes=max_bytes
        )
    except ImportFailed as exc:
        session.rollback()
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        count = len(exc.problems)
        raise click.ClickException(
            f"nothing was imported: {count} problem{'s' if count != 1 else ''} to fix"
        ) from None
    session.commit()
    for note in summary.notes:
        click.echo(f"note: {note}")
    for sheet, counts in summary.counts.items():
        click.echo(f"{sheet}: {counts['created']} created, {counts['updated']} updated")
