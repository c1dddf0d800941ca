"""`ipwatch init`, `ipwatch demo`, `ipwatch serve`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from monitor import setup as setup_service
from monitor.db import get_session


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


def _check_demo_logins(production: bool) -> None:
    """Refuse (production) or warn when demo accounts still have their published passwords."""
    session = get_session()
    try:
        exposed = setup_service.exposed_demo_logins(session)
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"cannot read the users of the database ({exc.__class__.__name__}): "
            "run `ipwatch init` first"
        ) from None
    if not exposed:
        return
    names = ", ".join(exposed)
    fix = "change them with `ipwatch user password EMAIL --generate` or deactivate them"
    if production:
        raise click.ClickException(
            f"IPWATCH_PRODUCTION is set and demo accounts still have the passwords published in "
            f"the README: {names}; {fix}"
        )
    others = setup_service.count_non_demo_users(session)
    if others == 0:
        click.echo(
            f"Demo database: the demo logins work ({names}). Put no real data in it.", err=True
        )
        return
    bar = "!" * 78
    click.echo(
        f"{bar}\nWARNING: demo accounts still have the passwords published in the README:\n"
        f"  {names}\nThis database has {others} other user(s): it is not a demo any more, and\n"
        "anyone who has read the README can log in (as an administrator too).\n"
        "Change the demo passwords with `ipwatch user password EMAIL --generate` or\n"
        "deactivate those accounts; set IPWATCH_PRODUCTION=1 to refuse to start while this is so.\n"
        f"{bar}",
        err=True,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--demo-site",
    is_flag=True,
    help="Also serve the demo marketplace on 127.0.0.1:5001, and crawl it once if never done.",
)
def serve(host: str, port: int, demo_site: bool) -> None:
    """Serve the web app with its scheduler (refused under IPWATCH_PRODUCTION while demo logins
    work)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _check_demo_logins(bool(app.config["PRODUCTION"]))
    if demo_site:
        _demo_site(app)
    setup_service.serve(app, host=host, port=port)


DEMO_SITE_PORT = 5001
# the demo marketplace is our own, on this machine: no need to wait a second between pages
DEMO_CRAWL_SETTINGS = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0.1")


def _demo_site(app: Flask) -> None:
    from monitor.monitoring.run_notes import describe
    from monitor.monitoring.runs import CannotRun, run_source

    setup_service.start_demo_site(DEMO_SITE_PORT)
    click.echo(f"Demo marketplace on http://127.0.0.1:{DEMO_SITE_PORT}/")
    if not setup_service.demo_crawl_pending(app):
        return
    click.echo("First watch run of the demo marketplace (a few seconds)…")
    try:
        run = run_source(setup_service.DEMO_SOURCE, overrides=DEMO_CRAWL_SETTINGS)
    except CannotRun as exc:
        click.echo(f"The demo crawl could not run: {exc}", err=True)
        return
    click.echo(f"  {describe(run) or ''}")
