"""The `ipwatch` command: a Flask CLI group; each subgroup lives in its own module.

create_app registers the commands on `app.cli`, so FlaskGroup finds them (and pushes an app
context) and `app.test_cli_runner()` sees the same commands.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from monitor.registry import load_module

# modules under monitor.cli that define a `register(group)` function
SUBCOMMANDS = [
    "setup_cmds",
    "users_cmds",
    "portfolio_cmds",
    "coverage_cmds",
    "patents_cmds",
    "similarity_cmds",
    "monitoring_cmds",
    "scheduler_cmds",
    "triage_cmds",
    "cases_cmds",
    "packs_cmds",
    "reports_cmds",
]


def register_commands(group: click.Group) -> None:
    """Add every command group of SUBCOMMANDS to `group`; a missing or broken module is an error."""
    for name in SUBCOMMANDS:
        module = load_module(f"monitor.cli.{name}", "register")
        module.register(group)


def _create_app() -> Flask:
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
