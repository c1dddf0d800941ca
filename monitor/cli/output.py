"""Print rows as a table, JSON or CSV (`--format`; CSV formula-escaped), parse `--as-of`, check
the grid filters (`--market`, `--region`, `--product`, `--brand`) as the pages do."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
from flask_babel import force_locale

from coverage.grid import Grid
from monitor.exports import escape_formula
from monitor.query import BadQuery, check_codes, parse_code

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def optional_date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    """A click callback: the YYYY-MM-DD date given, or None; a malformed one is refused."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def _parse_date(ctx: Any, param: Any, value: str | None) -> dt.date:
    return optional_date(ctx, param, value) or dt.date.today()


as_of_option = click.option(
    "--as-of",
    "as_of",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Judge statuses and deadlines on this date (default: today).",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Write `rows` to stdout; table and CSV show `columns`, JSON shows every key."""
    if fmt == "json":
        json.dump(
            [{k: _jsonable(v) for k, v in r.items()} for r in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    flat = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    if fmt == "csv":  # formula-escaped as the web exports are: names may come from anyone
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: escape_formula(v) for c, v in r.items()} for r in flat)
        return
    widths = {c: max([len(c)] + [_width(r[c]) for r in flat]) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for r in flat:
        click.echo("  ".join(_pad(r[c], widths[c]) for c in columns).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(_jsonable(value))


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def checked_filters(grid: Grid, filters: dict[str, Any]) -> dict[str, Any]:
    """The grid filters with market and region in upper case; an unknown market, region,
    product or brand stops the command with the reason, as the pages and the API answer 400."""
    region = (filters.get("region") or "").strip().upper() or None
    try:
        with force_locale("en"):  # the command line speaks English
            market = parse_code("--market", (filters.get("market") or "").strip())
            product, brand = filters.get("product"), filters.get("brand")
            check_codes(grid, region=region, product=product, brand=brand)
    except BadQuery as exc:
        raise click.UsageError(str(exc)) from None
    return {**filters, "market": market, "region": region}


def fail(message: str) -> Callable[[], None]:
    raise click.ClickException(message)
