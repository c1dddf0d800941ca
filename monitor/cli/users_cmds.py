"""`ipwatch user add` and `ipwatch user token`."""

from __future__ import annotations

import secrets

import click

from monitor import auth
from monitor.db import get_session
from monitor.models import Role
from monitor.queries.users import get_user_by_email


def register(group: click.Group) -> None:
    group.add_command(user)


@click.group()
def user() -> None:
    """Manage users and API tokens."""


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--password", help="Password (at least 8 characters); generated and printed when omitted."
)
def add(email: str, role: str, password: str | None) -> None:
    """Create a user with a role."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    session = get_session()
    try:
        auth.create_user(session, email=email, role=Role(role), password=password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    session.commit()
    click.echo(
        f"Created {email.strip().lower()} ({role})"
        + (f", password: {password}" if generated else "")
    )


@user.command("token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
def token(email: str, name: str) -> None:
    """Create a bearer token for the JSON API and print it (shown once)."""
    session = get_session()
    found = get_user_by_email(session=session, email=email.strip().lower())
    if found is None:
        raise click.ClickException(f"no user {email}; create one with `ipwatch user add`")
    value = auth.issue_token(session, user=found, name=name)
    session.commit()
    click.echo(value)
