"""The `ipwatch` command: a Flask CLI group; each subgroup lives in its own module."""

from __future__ import annotations

from importlib import import_module

import click
from flask.cli import FlaskGroup

# modules under monitor.cli that define a `register(group)` function
SUBCOMMANDS = ["setup", "users", "portfolio", "coverage_cmds"]


def _create_app():  # type: ignore[no-untyped-def]
    from monitor import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """ipwatch: trademark and patent coverage, and watching for imitations."""


for _name in SUBCOMMANDS:
    import_module(f"monitor.cli.{_name}").register(main)
