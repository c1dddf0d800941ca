"""`ipwatch cases pack ID --out FILE.zip` and `ipwatch reminders send [--as-of] [--dry-run]`."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import click
from flask import current_app
from sqlmodel import Session

from monitor.cli.output import as_of_option
from monitor.db import get_session, get_writer_engine
from monitor.monitoring.locks import Busy
from monitor.monitoring.mail import SmtpSettings
from monitor.monitoring.packs import PackRefused, get_case, render, write_case_pack
from monitor.monitoring.records import evidence_store
from monitor.monitoring.reminders import plan_digests, render_digest, run_reminders
from monitor.monitoring.sources import timezone


def register(group: click.Group) -> None:
    """Add `pack` to the `cases` group (made here when cases_cmds has none) and `reminders`."""
    cases = group.commands.get("cases")
    if not isinstance(cases, click.Group):
        cases = click.Group("cases", help="Enforcement cases.")
        group.add_command(cases)
    cases.add_command(pack)
    group.add_command(reminders)


@click.command()
@click.argument("case_id", type=int)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The zip file to write (replaced when it exists).",
)
def pack(case_id: int, out: Path) -> None:
    """Write the complaint pack of platform complaint CASE_ID as a zip.

    Listings spreadsheet(s) of at most 300 listings, the evidence files, the registrations, the
    letter in Chinese and English and manifest.csv. What is missing is printed (and written in
    the pack's README.txt); another route than platform_complaint is refused.
    """
    session = get_session()
    case = get_case(session, case_id)
    if case is None:
        raise click.ClickException(f"there is no case {case_id}")
    tz = timezone()
    now = dt.datetime.now(tz)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".pack-", suffix=".zip", dir=out.parent)
    try:
        with os.fdopen(fd, "w+b") as stream:
            result = write_case_pack(
                session, case, stream, store=evidence_store(), today=now.date(), now=now, tz=tz
            )
        os.replace(temp_name, out)  # the whole pack or nothing at OUT
    except PackRefused as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        Path(temp_name).unlink(missing_ok=True)
    click.echo(
        f"wrote {out}: {result.listings} listings in {', '.join(result.listing_sheets)}, "
        f"{result.evidence_files} evidence files, {len(result.entries) + 1} files in all"
    )
    for problem in result.problems:
        click.echo(f"check: {render(problem, 'en')}", err=True)


@click.group()
def reminders() -> None:
    """E-mail reminders of case deadlines (IPWATCH_SMTP_*)."""


@reminders.command("send")
@as_of_option
@click.option("--dry-run", is_flag=True, help="Print the digests; store and send nothing.")
def reminders_send(as_of: dt.date, dry_run: bool) -> None:
    """Queue the day's deadline digests (one per person and day) and send every unsent one.

    Exits non-zero when e-mail is off (IPWATCH_SMTP_HOST empty) or a reminder could not be
    sent: it stays queued, with its error, and is tried again by the next run or the
    "reminder-retry" job.
    """
    config = current_app.config
    default_locale = str(config["DEFAULT_LOCALE"])
    if dry_run:
        for digest in plan_digests(get_session(), as_of=as_of, default_locale=default_locale):
            subject, body = render_digest(digest, as_of=as_of)
            click.echo(f"To: {digest.recipient}\nSubject: {subject}\n\n{body}")
        return
    smtp = SmtpSettings.from_config(config)
    if not smtp.enabled:
        raise click.ClickException("e-mail is off: set IPWATCH_SMTP_HOST (see the README)")
    now = dt.datetime.now(dt.UTC)
    try:
        with Session(get_writer_engine(), expire_on_commit=False) as session:
            report = run_reminders(
                session, smtp=smtp, as_of=as_of, default_locale=default_locale, now=now
            )
    except Busy:
        raise click.ClickException("reminders are being sent by another process") from None
    click.echo(f"queued {report.queued} reminders for {as_of}; sent {report.sent}")
    for recipient, error in report.failed:
        click.echo(f"not sent to {recipient}: {error}", err=True)
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} reminders not sent: they stay queued and are tried again"
        )
