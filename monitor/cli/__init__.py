"""The `ipwatch` command: a Flask CLI group; each subgroup lives in its own module.

create_app registers the commands on `app.cli`, so FlaskGroup finds them (and pushes an app
context) and `app.test_cli_runner()` sees the same commands.
"""

from __future__ import annotations

from importlib import import_module

import click
from flask.cli import FlaskGroup

# modules under monitor.cli that define a `register(group)` function
SUBCOMMANDS = ["setup", "users", "portfolio", "coverage_cmds", "patents_cmds", "similarity_cmds"]


def register_commands(group: click.Group) -> None:
    for name in SUBCOMMANDS:
        try:
            module = import_module(f"monitor.cli.{name}")
        except ModuleNotFoundError as exc:  # a command group still being written
            if exc.name != f"monitor.cli.{name}":
                raise
            continue
        module.register(group)


def _create_app():  # type: ignore[no-untyped-def]
    from monitor import create_app

    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def main() -> None:
    """ipwatch: trademark and patent coverage, and watching for imitations.

    Settings come from IPWATCH_* environment variables (see the README); the database is
    IPWATCH_DATABASE_URL.
    """
