"""`ipwatch alerts triage ID… --as EMAIL (--dismiss REASON [--note TEXT] | --escalate [--case
CASE_ID | --route ROUTE [--title TEXT]] | --assign EMAIL | --snooze YYYY-MM-DD)`: the triage
page's actions from the command line, recorded in the history as that user."""

from __future__ import annotations

import datetime as dt
from typing import cast

import click
from sqlmodel import Session

from infringement.conflicts import Conflict
from infringement.triage import REASONS, TriageRefused
from monitor.db import get_writer_engine
from monitor.monitoring.triage import (
    ROUTES,
    TriageRequest,
    conflict_message,
    find_editor,
    perform,
)


def register(group: click.Group) -> None:
    """Add `triage` to the `alerts` group (monitoring_cmds registers that group first)."""
    cast(click.Group, group.commands["alerts"]).add_command(alerts_triage)


def _request(
    reason: str | None,
    note: str | None,
    escalate: bool,
    case_id: int | None,
    route: str | None,
    title: str | None,
    assignee: str | None,
    until: dt.datetime | None,
) -> TriageRequest:
    """The one action the options ask for; UsageError when there is not exactly one."""
    chosen = [
        name
        for name, given in (
            ("--dismiss", reason is not None),
            ("--escalate", escalate),
            ("--assign", assignee is not None),
            ("--snooze", until is not None),
        )
        if given
    ]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --dismiss, --escalate, --assign, --snooze")
    if note is not None and reason is None:
        raise click.UsageError("--note goes with --dismiss")
    if (case_id is not None or route or title) and not escalate:
        raise click.UsageError("--case, --route and --title go with --escalate")
    if escalate and case_id is not None and (route or title):
        raise click.UsageError("--escalate takes --case or --route and --title, not both")
    if escalate and case_id is None and not route:
        raise click.UsageError("--escalate needs --case CASE_ID or --route ROUTE --title TEXT")
    action = {"--dismiss": "dismiss", "--escalate": "escalate", "--assign": "assign"}
    return TriageRequest(
        action=action.get(chosen[0], "snooze"),
        reason=reason,
        note=note,
        case_id=case_id,
        route=route,
        title=title,
        assignee=assignee,
        until=until.date() if until else None,
    )


@click.command("triage")
@click.argument("alert_ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID…")
@click.option("--as", "user", required=True, metavar="EMAIL", help="Who triages (legal, admin).")
@click.option("--dismiss", "reason", type=click.Choice(REASONS), help="Dismiss, for REASON.")
@click.option("--note", help="Why, in a few words (with --dismiss).")
@click.option("--escalate", is_flag=True, help="Put the alerts into a case.")
@click.option("--case", "case_id", type=click.IntRange(min=1), help="The open case to add to.")
@click.option("--route", type=click.Choice(ROUTES), help="The route of a new case.")
@click.option("--title", help="The title of a new case (default: our mark and the listing).")
@click.option("--assign", "assignee", metavar="EMAIL", help="Give the alerts to EMAIL.")
@click.option(
    "--snooze", "until", type=click.DateTime(["%Y-%m-%d"]), help="Put them aside until then."
)
def alerts_triage(
    alert_ids: tuple[int, ...],
    user: str,
    reason: str | None,
    note: str | None,
    escalate: bool,
    case_id: int | None,
    route: str | None,
    title: str | None,
    assignee: str | None,
    until: dt.datetime | None,
) -> None:
    """Dismiss, escalate, assign or snooze alerts ID…, all or none, recorded as EMAIL."""
    request = _request(reason, note, escalate, case_id, route, title, assignee, until)
    with Session(get_writer_engine(), expire_on_commit=False) as session:
        try:
            who = find_editor(session, user).email
            done = perform(session, request, alert_ids, user=who, now=dt.datetime.now(dt.UTC))
        except TriageRefused as exc:
            raise click.ClickException(str(exc.message)) from None
        except Conflict as exc:
            raise click.ClickException(str(conflict_message(exc))) from None
        session.commit()
    ids = ", ".join(map(str, done.alert_ids))
    if done.case is not None:
        case = done.case
        click.echo(f"escalated alerts {ids} into case {case.id} ({case.route}): {case.title}")
    else:
        past = {"dismiss": "dismissed", "assign": "assigned", "snooze": "snoozed"}
        click.echo(f"{past[request.action]} alerts {ids} as {who}")
