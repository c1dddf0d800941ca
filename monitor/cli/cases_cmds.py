"""`ipwatch cases list|show|new|move|deadlines` and `ipwatch audit verify`: enforcement cases
from the command line, as the case pages work them (changes recorded as the `--as` user), and
the check of the history's hash chain."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click
from sqlmodel import Session

from infringement.audit import all_entries, verify_chain
from infringement.cases import casework
from infringement.cases.deadlines import list_open_deadlines
from infringement.cases.errors import CaseRefused
from infringement.cases.models import Case, Route
from infringement.cases.queries import CaseFilter, CaseRecord, get_case, list_cases
from infringement.cases.registrations import find_registrations
from infringement.cases.routes import all_stages
from infringement.conflicts import Conflict
from infringement.models import AuditEntry
from monitor.auth import EDITORS
from monitor.cli.output import as_of_option, emit, format_option, optional_date
from monitor.db import get_session, get_writer_engine
from monitor.queries.users import get_user_by_email

T = TypeVar("T")
CASE_COLUMNS = ["id", "title", "route", "stage", "owner", "alerts", "next_due"]
DEADLINE_COLUMNS = ["due", "days_left", "kind", "case_id", "title", "route", "stage", "owner"]


def register(group: click.Group) -> None:
    """Add the `cases` and `audit` groups to `group`."""
    group.add_command(cases)
    group.add_command(audit)


def _editor(session: Session, email: str) -> str:
    """The `--as` user's email; stop unless they may work cases (legal or admin)."""
    user = get_user_by_email(session=session, email=email.strip().lower())
    if user is None or not user.active:
        raise click.ClickException(f"no active user {email}: create one with `ipwatch user add`")
    if user.role not in EDITORS["enforcement"]:
        raise click.ClickException(f"{user.email} ({user.role}) may not change cases")
    return user.email


def _write(change: Callable[[Session], T]) -> T:
    """Run `change` in one write transaction; a refusal or a conflict stops with its reason."""
    with Session(get_writer_engine(), expire_on_commit=False) as session:
        try:
            result = change(session)
        except (CaseRefused, Conflict) as exc:
            session.rollback()
            raise click.ClickException(str(exc)) from None
        session.commit()
        return result


def _row(record: CaseRecord, as_of: dt.date) -> dict[str, Any]:
    data = record.to_json(as_of=as_of)
    upcoming = [d for d in data["deadlines"] if not d["done"]]
    return {
        **data,
        "alerts": len(record.alert_ids),
        "next_due": upcoming[0]["due"] if upcoming else None,
    }


@click.group()
def cases() -> None:
    """Enforcement cases: routes, stages, deadlines, outcomes."""


@cases.command("list")
@click.option("--route", type=click.Choice([r.value for r in Route]))
@click.option("--stage", type=click.Choice(all_stages()))
@click.option("--owner", metavar="EMAIL")
@click.option("--brand")
@click.option("--state", type=click.Choice(["open", "closed"]))
@format_option
@as_of_option
def cases_list(
    route: str | None,
    stage: str | None,
    owner: str | None,
    brand: str | None,
    state: str | None,
    fmt: str,
    as_of: dt.date,
) -> None:
    """List cases, most recently changed first (deadlines with days left as of --as-of)."""
    wanted = CaseFilter(route=route, stage=stage, owner=owner, brand=brand, state=state)
    rows = [_row(r, as_of) for r in list_cases(get_session(), wanted)]
    if fmt == "json":
        for row in rows:
            row.pop("alerts"), row.pop("next_due")
    emit(rows, CASE_COLUMNS, fmt)


@cases.command("show")
@click.argument("case_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@as_of_option
def cases_show(case_id: int, fmt: str, as_of: dt.date) -> None:
    """Show case CASE_ID with its deadlines, outcomes, files and history."""
    record = get_case(get_session(), case_id, with_history=True)
    if record is None:
        raise click.ClickException(f"no case {case_id}")
    data = record.to_json(as_of=as_of)
    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    click.echo(f"case {data['id']}: {data['title']}")
    for key in ("route", "stage", "brand", "owner", "platform"):
        click.echo(f"  {key}: {data[key] or ''}")
    click.echo(f"  allowed next: {', '.join(data['allowed_next']) or '(none: closed)'}")
    click.echo(f"  registrations: {', '.join(data['registrations']) or '(none)'}")
    click.echo(f"  alerts: {', '.join(map(str, data['alert_ids'])) or '(none)'}")
    for d in data["deadlines"]:
        state = "done" if d["done"] else f"{d['days_left']} days left"
        click.echo(f"  deadline {d['kind']} {d['due']} ({state}) {d['note'] or ''}".rstrip())
    for o in data["outcomes"]:
        amount = f" {o['amount']:,.2f} {o['currency']}" if o["amount"] is not None else ""
        click.echo(f"  outcome {o['kind']} {o['on']} {o['quantity'] or ''}{amount}".rstrip())
    for f in data["files"]:
        click.echo(f"  file {f['filename']} {f['bytes']} bytes sha256 {f['sha256']}")
    for e in data["history"]:
        click.echo(f"  {e['at']} {e['user']} {e['action']}: {e['before']} -> {e['after']}")


@cases.command("new")
@click.option("--title", required=True)
@click.option("--route", required=True, type=click.Choice([r.value for r in Route]))
@click.option("--as", "user", required=True, metavar="EMAIL", help="Who opens it (legal/admin).")
@click.option("--brand")
@click.option("--owner", metavar="EMAIL")
@click.option("--platform", help="e.g. Alibaba IPP, JD, Amazon Brand Registry.")
@click.option(
    "--registration",
    "registrations",
    multiple=True,
    metavar="TM_NO",
    help="A registration relied on: 'CN 10000001' or the number alone (repeatable).",
)
@click.option("--alert", "alerts", multiple=True, type=int, metavar="ID", help="Repeatable.")
def cases_new(
    title: str,
    route: str,
    user: str,
    brand: str | None,
    owner: str | None,
    platform: str | None,
    registrations: tuple[str, ...],
    alerts: tuple[int, ...],
) -> None:
    """Open a case (stage draft); prints its id."""

    def change(session: Session) -> int:
        email, now = _editor(session, user), dt.datetime.now(dt.UTC)
        marks = find_registrations(session, registrations)
        case = casework.create_case(
            session,
            title=title,
            route=route,
            user=email,
            now=now,
            brand=brand,
            owner=owner,
            platform=platform,
            registrations=[m.id for m in marks if m.id is not None],
        )
        if alerts:
            casework.add_alerts(session, case, alerts, user=email, now=now)
        assert case.id is not None
        return case.id

    case_id = _write(change)
    click.echo(f"case {case_id} opened (draft)")


@cases.command("move")
@click.argument("case_id", type=int)
@click.argument("stage")
@click.option("--as", "user", required=True, metavar="EMAIL", help="Who moves it (legal/admin).")
@click.option(
    "--date", "on", callback=optional_date, metavar="YYYY-MM-DD", help="When it happened."
)
@click.option("--note")
def cases_move(case_id: int, stage: str, user: str, on: dt.date | None, note: str | None) -> None:
    """Move case CASE_ID to STAGE; refused, naming the allowed stages, when the route does not
    allow it."""

    def change(session: Session) -> str:
        email = _editor(session, user)
        case = session.get(Case, case_id)
        if case is None:
            raise click.ClickException(f"no case {case_id}")
        before = case.stage
        casework.move_stage(
            session, case, stage, user=email, now=dt.datetime.now(dt.UTC), on=on, note=note
        )
        return before

    before = _write(change)
    click.echo(f"case {case_id}: {before} -> {stage}")


@cases.command("deadlines")
@click.option("--owner", metavar="EMAIL")
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS", help="Due within DAYS.")
@format_option
@as_of_option
def cases_deadlines(owner: str | None, within: int | None, fmt: str, as_of: dt.date) -> None:
    """List the open deadlines of open cases, soonest first, with days left (negative: overdue)."""
    rows = [
        {
            "due": o.deadline.due,
            "days_left": o.days_left,
            "kind": o.deadline.kind,
            "note": o.deadline.note,
            "computed": o.deadline.computed,
            "case_id": o.case.id,
            "title": o.case.title,
            "route": str(o.case.route),
            "stage": o.case.stage,
            "owner": o.case.owner,
        }
        for o in list_open_deadlines(get_session(), as_of=as_of, owner=owner, within=within)
    ]
    emit(rows, DEADLINE_COLUMNS, fmt)


@click.group()
def audit() -> None:
    """The history of alerts and cases (append-only, hash-chained)."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the history's hash chain; exit non-zero naming each broken entry."""
    seen = [0]

    def counted(entries: Iterator[AuditEntry]) -> Iterator[AuditEntry]:
        for entry in entries:
            seen[0] += 1
            yield entry

    problems = list(verify_chain(counted(all_entries(get_session()))))
    for problem in problems:
        click.echo(f"BROKEN {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} breaks in the history of {seen[0]} entries")
    click.echo(f"{seen[0]} history entries verified: the chain is intact")
