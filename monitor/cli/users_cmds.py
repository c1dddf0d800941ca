"""`ipwatch user add|password|token|tokens|revoke-token`."""

from __future__ import annotations

import click
from flask import current_app

from monitor import auth, tokens
from monitor.cli.output import emit, format_option
from monitor.db import get_session
from monitor.models import Role, TokenScope, User
from monitor.passwords import MIN_LENGTH, generate_password
from monitor.queries.users import get_token_by_id, get_user_by_email, list_tokens

TOKEN_COLUMNS = ["id", "name", "scope", "created", "last_used", "expires"]


def register(group: click.Group) -> None:
    group.add_command(user)


@click.group()
def user() -> None:
    """Manage users, passwords and API tokens."""


def _find(email: str) -> User:
    found = get_user_by_email(session=get_session(), email=email.strip().lower())
    if found is None:
        raise click.ClickException(f"no user {email}; create one with `ipwatch user add`")
    return found


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--password",
    help=f"Password (at least {MIN_LENGTH} characters, not a common one); generated and printed when omitted.",
)
def add(email: str, role: str, password: str | None) -> None:
    """Create a user with a role."""
    generated = password is None
    password = password or generate_password()
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


@user.command("password")
@click.argument("email")
@click.option(
    "--generate", is_flag=True, help="Generate a password and print it instead of asking."
)
def password(email: str, generate: bool) -> None:
    """Set a user's password (asked twice, or generated) and end their sessions."""
    found = _find(email)
    new = (
        generate_password()
        if generate
        else click.prompt("New password", hide_input=True, confirmation_prompt=True)
    )
    session = get_session()
    try:
        auth.set_password(session=session, user=found, password=new)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    session.commit()
    click.echo(f"Password of {found.email} changed" + (f": {new}" if generate else "."))


@user.command("token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
@click.option(
    "--scope",
    type=click.Choice([s.value for s in TokenScope]),
    default=TokenScope.READ.value,
    show_default=True,
    help="read: GET requests only; read-write: also the write endpoints.",
)
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    help="Days it stays valid (default: IPWATCH_TOKEN_DAYS).",
)
def token(email: str, name: str, scope: str, days: int | None) -> None:
    """Create a bearer token for the JSON API and print it (shown once)."""
    found = _find(email)
    if not found.active:
        raise click.ClickException(f"{found.email} is deactivated; reactivate them first")
    days = days or int(str(current_app.config["TOKEN_DAYS"]))
    value = tokens.issue_token(get_session(), user=found, name=name, scope=scope, days=days)
    get_session().commit()
    click.echo(value)
    click.echo(f"({scope} token for {found.email}, valid {days} days)", err=True)


@user.command("tokens")
@click.argument("email")
@format_option
def list_user_tokens(email: str, fmt: str) -> None:
    """List a user's API tokens that were not revoked (never the tokens themselves)."""
    found = _find(email)
    assert found.id is not None
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "scope": str(t.scope),
            "created": t.created_at,
            "last_used": t.last_used_at,
            "expires": t.expires_at,
        }
        for t in list_tokens(session=get_session(), user_id=found.id)
    ]
    emit(rows, TOKEN_COLUMNS, fmt)


@user.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke the API token with this id (see `ipwatch user tokens`); it stops working at once."""
    session = get_session()
    found = get_token_by_id(session=session, token_id=token_id)
    if found is None or found.revoked_at is not None:
        raise click.ClickException(f"no token {token_id} (or it is revoked already)")
    tokens.revoke_token(session=session, token=found)
    session.commit()
    click.echo(f"Token {token_id} ({found.name or 'no name'}) revoked.")
