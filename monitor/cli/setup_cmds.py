"""`ipwatch init`, `ipwatch demo`, `ipwatch serve`."""

from __future__ import annotations

import click
from flask import current_app

from monitor import setup as setup_service


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(demo)
    group.add_command(serve)


@click.command()
def init() -> None:
    """Create or migrate the database and load the reference data (idempotent)."""
    counts = setup_service.initialise(current_app)
    click.echo("Database ready at " + setup_service.safe_url(current_app.config["DATABASE_URL"]))
    click.echo("Reference data: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@click.command()
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (and succeed) when the database already holds data.",
)
def demo(if_empty: bool) -> None:
    """Load the demo portfolio and demo users into an empty database."""
    try:
        logins = setup_service.load_demo(current_app)
    except setup_service.NotEmpty as exc:
        if not if_empty:
            raise click.ClickException(str(exc)) from None
        click.echo("The database already holds data: the demo was not loaded.")
        return
    click.echo("Demo portfolio loaded. Demo logins:")
    for email, role, password in logins:
        click.echo(f"  {role:<14} {email}  password: {password}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web app with its scheduler."""
    setup_service.serve(current_app._get_current_object(), host=host, port=port)  # type: ignore[attr-defined]
