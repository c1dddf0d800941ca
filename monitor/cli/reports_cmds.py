"""`ipwatch report figures|monthly|snapshot|deliver`: the month's figures, the executive report,
freezing a month, and the monthly job run by hand."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlmodel import Session

from monitor.cli.output import emit, optional_date
from monitor.db import get_writer_engine
from monitor.reports import service
from monitor.reports.months import BadMonth, Month
from monitor.reports.snapshots import NotEnded, freeze

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def register(group: click.Group) -> None:
    group.add_command(report)


def _month(_ctx: Any, _param: Any, value: str | None) -> Month | None:
    if value is None:
        return None
    try:
        return Month.parse(value)
    except BadMonth as exc:
        raise click.BadParameter(str(exc)) from None


month_option = click.option(
    "--month", "month", required=True, callback=_month, metavar="YYYY-MM", help="The month."
)
as_of_option = click.option(
    "--as-of",
    "as_of",
    callback=optional_date,
    metavar="YYYY-MM-DD",
    help="Month to date: judge the figures on this day when it is before the month's last day "
    "(default: the month's last day).",
)


@click.group()
def report() -> None:
    """The month's figures and the executive report."""


@report.command("figures")
@month_option
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table", "csv"]),
    default="json",
    show_default=True,
)
def figures(month: Month, as_of: dt.date | None, fmt: str) -> None:
    """Print the figures of --month (see docs/report-figures.md): from its snapshot when the
    month was frozen, else computed now as of its last day (or --as-of, when earlier)."""
    data = _figures(month, as_of)
    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    rows = [
        {"figure": key, "value": value}
        for key, value in data.items()
        if not isinstance(value, dict | list)
    ]
    emit(rows, ["figure", "value"], fmt)


def _figures(month: Month, as_of: dt.date | None) -> dict[str, Any]:
    try:
        return service.figures_for(month, as_of=as_of)
    except BadMonth as exc:
        raise click.ClickException(str(exc)) from None


@report.command("monthly")
@month_option
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: FILE.pdf or FILE.html (replaced when it exists).",
)
@as_of_option
def monthly(month: Month, lang: str, out: Path, as_of: dt.date | None) -> None:
    """Write the executive report of --month as PDF or HTML (by the extension of --out)."""
    from monitor.reports.render import render_report

    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise click.BadParameter(
            f"{out.name}: the report is written as .pdf or .html", param_hint="--out"
        )
    data = _figures(month, as_of)
    past = service.history(month, as_of=as_of)
    body = render_report(data, past, lang=lang, fmt=fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_bytes(body)
    temp.replace(out)
    click.echo(f"wrote {out} ({len(body):,} bytes, {fmt}, {lang}, figures: {data['source']})")


@report.command("snapshot")
@month_option
@click.option("--rebuild", is_flag=True, help="Freeze again a month already frozen.")
@click.option(
    "--as-of", "today", callback=optional_date, metavar="YYYY-MM-DD", help="Today (default)."
)
def snapshot(month: Month, rebuild: bool, today: dt.date | None) -> None:
    """Freeze the figures of an ended --month, so its report never changes afterwards."""
    with Session(get_writer_engine()) as session:
        try:
            kept, written = freeze(
                session,
                month,
                today=today or service.local_today(),
                by="cli",
                settings=service.settings(),
                rebuild=rebuild,
            )
        except NotEnded as exc:
            raise click.ClickException(str(exc)) from None
        session.commit()
        if not written:
            click.echo(
                f"{month} was frozen on {kept.frozen_at:%Y-%m-%d %H:%M} UTC and is kept "
                "(--rebuild to freeze it again)"
            )
            return
        click.echo(f"froze {month}: coverage rate {_percent(kept.figures.get('coverage_rate'))}")
        if not kept.exact:
            click.echo(f"note: {kept.note}")


@report.command("deliver")
@click.option(
    "--as-of", "today", callback=optional_date, metavar="YYYY-MM-DD", help="Today (default)."
)
def deliver_cmd(today: dt.date | None) -> None:
    """Run the monthly job now: freeze last month, write its reports, e-mail the executives."""
    from flask import current_app

    from monitor.reports.delivery import deliver

    done = deliver(current_app._get_current_object(), today=today)  # type: ignore[attr-defined]
    click.echo(f"{done.month}: {'froze the month; ' if done.froze else ''}"
               f"{len(done.written)} report files written, {len(done.sent)} e-mails sent")  # fmt: skip
    for path in done.written:
        click.echo(f"  {path}")
    for recipient, error in done.failed:
        click.echo(f"not sent to {recipient}: {error}", err=True)
    if done.failed:
        sys.exit(1)


def _percent(value: object) -> str:
    return "n/a" if value is None else f"{float(str(value)) * 100:.1f}%"
