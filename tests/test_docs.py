"""The README lists every setting and every CLI command, so the docs stay true."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from monitor.config import DEFAULTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_readme_lists_every_setting(key):
    assert f"`IPWATCH_{key}`" in README


def _command_paths(group: click.Group, prefix: str = "ipwatch") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_readme_lists_every_command(app):
    paths = _command_paths(app.cli)
    assert "ipwatch coverage gaps" in paths and "ipwatch import portfolio" in paths
    missing = [p for p in paths if f"`{p}" not in README]
    assert missing == []


def test_readme_gives_the_two_setup_commands():
    assert "make run" in README and "make test" in README
