"""`ipwatch crawl|gazette import|sources list|check|alerts list|evidence verify|watch …`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import click
from sqlmodel import Session, select

from crawlers.gazettes import FORMATS
from crawlers.sources import MarketplaceSource
from infringement.models import AlertStatus, CrawlRun, Evidence
from monitor.cli.output import as_of_option, emit, format_option
from monitor.db import get_session, get_writer_engine
from monitor.monitoring.alert_list import AlertFilter, list_alerts
from monitor.monitoring.gazettes import GazetteRefused, import_gazette_file
from monitor.monitoring.records import evidence_store
from monitor.monitoring.run_notes import describe
from monitor.monitoring.runs import CannotRun, queries_for, run_source
from monitor.monitoring.sources import UnknownSource, describe_sources, find_source
from monitor.monitoring.terms import TermRefused, add_term, list_terms, remove_term

ALERT_COLUMNS = ["id", "kind", "score", "status", "observed_text", "watched_mark", "source"]
SOURCE_COLUMNS = ["name", "kind", "schedule", "last_run", "last_status", "next_run", "target"]


def register(group: click.Group) -> None:
    for command in (crawl, gazette, sources, alerts, evidence, watch):
        group.add_command(command)


def _run_line(run: CrawlRun) -> str:
    return f"run {run.id} of {run.source}: {run.status}: {describe(run) or ''}"


@click.command()
@click.argument("name")
@click.option("--trigger", type=click.Choice(["cli", "manual", "schedule"]), default="cli")
@click.option("--as", "user", metavar="EMAIL", help="Who asked for the run (recorded on it).")
@click.option("--run-id", type=int, help="Carry on a run record made by the web page.")
@click.option("--set", "overrides", multiple=True, metavar="SETTING=VALUE", help="Scrapy setting.")
def crawl(
    name: str, trigger: str, user: str | None, run_id: int | None, overrides: tuple[str, ...]
) -> None:
    """Run source NAME now: read it, store and match what it found, raise alerts.

    Exits 0 when the crawl ran (its failures are counted and named on the run), non-zero when
    it could not run at all.
    """
    try:
        run = run_source(name, trigger=trigger, user=user, run_id=run_id, overrides=overrides)
    except CannotRun as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_run_line(run))
    for failure in run.failed[:20]:
        click.echo(
            f"  failed {failure.get('kind')}: {failure.get('url')} ({failure.get('reason')})"
        )
    if run.failures > 20:
        click.echo(f"  … and {run.failures - 20} more failures (see the monitoring page)")


@click.group()
def gazette() -> None:
    """Trademark gazettes."""


@gazette.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: told from the content.")
@click.option(
    "--source", default="gazette-file", show_default=True, help="Source name to file it under."
)
@click.option("--as", "user", metavar="EMAIL")
def gazette_import(file: Path, fmt: str | None, source: str, user: str | None) -> None:
    """Store every record of gazette FILE, match it and raise alerts (all or nothing)."""
    try:
        with Session(get_writer_engine(), expire_on_commit=False) as session:
            run = import_gazette_file(session, file, source=source, fmt=fmt, user=user)
    except GazetteRefused as exc:
        raise click.ClickException(f"nothing imported: {exc}") from None
    click.echo(_run_line(run))


@click.group()
def sources() -> None:
    """Crawl sources (data/sources and IPWATCH_SOURCES_DIR)."""


@sources.command("list")
@format_option
def sources_list(fmt: str) -> None:
    """List the sources with their last and next run; refused files go to stderr."""
    infos, errors = describe_sources(get_session(), dt.datetime.now(dt.UTC))
    rows = [
        {
            "name": i.name,
            "kind": i.kind,
            "file": str(i.source.file),
            "shipped": i.shipped,
            "schedule": i.source.schedule,
            "last_run": i.last_run.started_at.isoformat() if i.last_run else None,
            "last_status": str(i.last_run.status) if i.last_run else None,
            "next_run": i.next_run.isoformat() if i.next_run else None,
            "target": i.target,
        }
        for i in infos
    ]
    emit(rows, SOURCE_COLUMNS, fmt)
    for error in errors:
        click.echo(f"refused: {error}", err=True)


@sources.command("check")
@click.argument("name")
@click.option("--query", help="Search for this (default: the first watched mark).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def sources_check(name: str, query: str | None, as_json: bool) -> None:
    """Dry run: fetch one results page and one detail page, show what each selector found."""
    try:
        source = find_source(name)
    except UnknownSource as exc:
        raise click.ClickException(str(exc)) from None
    if not isinstance(source, MarketplaceSource):
        raise click.ClickException(f"{name} is a gazette source: try `ipwatch crawl {name}`")
    query = query or next(iter(queries_for(get_session())), "test")
    args = [sys.executable, "-m", "crawlers.check", str(source.file), "--query", query]
    done = subprocess.run([*args, "--json"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise click.ClickException(done.stderr.strip() or f"the check exited {done.returncode}")
    if as_json:
        click.echo(done.stdout.strip())
        return
    from crawlers.check import format_report

    click.echo(format_report(json.loads(done.stdout)))


@click.group()
def alerts() -> None:
    """Alerts raised by crawls and gazette imports."""


@alerts.command("list")
@click.option("--status", type=click.Choice([s.value for s in AlertStatus]))
@click.option("--kind", type=click.Choice(["listing", "filing"]))
@click.option("--source")
@click.option("--brand")
@format_option
@as_of_option
def alerts_list(
    status: str | None,
    kind: str | None,
    source: str | None,
    brand: str | None,
    fmt: str,
    as_of: dt.date,
) -> None:
    """List alerts, best first (for filings: the opposition deadline and days left)."""
    wanted = AlertFilter(
        status=AlertStatus(status) if status else None, kind=kind, source=source, brand=brand
    )
    rows = [r.to_json() for r in list_alerts(get_session(), wanted, as_of=as_of)]
    emit(rows, ALERT_COLUMNS, fmt)


@click.group()
def evidence() -> None:
    """Captured evidence (pages, pictures, gazette records)."""


@evidence.command("verify")
def evidence_verify() -> None:
    """Recompute the hash of every evidence file; exit non-zero naming each mismatch."""
    store = evidence_store()
    shas = sorted(get_session().exec(select(Evidence.sha256).distinct()).all())
    problems = list(store.verify(shas))
    for problem in problems:
        click.echo(f"MISMATCH {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} of {len(shas)} evidence files do not match")
    click.echo(f"{len(shas)} evidence files verified under {store.root}")


@click.group()
def watch() -> None:
    """Watch terms: brand aliases, extra terms and exclusions."""


@watch.command("list")
@click.option("--brand")
@format_option
def watch_list(brand: str | None, fmt: str) -> None:
    """List the watch terms."""
    rows = [
        {"id": t.id, "brand": t.brand, "kind": str(t.kind), "text": t.text, "note": t.note}
        for t in list_terms(get_session(), brand)
    ]
    emit(rows, ["id", "brand", "kind", "text", "note"], fmt)


@watch.command("add")
@click.argument("brand")
@click.argument("kind", type=click.Choice(["alias", "term", "exclusion"]))
@click.argument("text")
@click.option("--note")
def watch_add(brand: str, kind: str, text: str, note: str | None) -> None:
    """Add an alias, extra term or exclusion to BRAND."""
    session = get_session()
    try:
        term = add_term(session, brand=brand, kind=kind, text=text, note=note)
    except TermRefused as exc:
        raise click.ClickException(str(exc)) from None
    session.commit()
    click.echo(f"added {term.kind} {term.text!r} to {term.brand} (id {term.id})")


@watch.command("remove")
@click.argument("term_id", type=int)
def watch_remove(term_id: int) -> None:
    """Remove a watch term by id."""
    session = get_session()
    if remove_term(session, term_id) is None:
        raise click.ClickException(f"no watch term {term_id}")
    session.commit()
    click.echo(f"removed watch term {term_id}")
