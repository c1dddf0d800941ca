"""A blueprint or command module that is listed but missing or broken stops the app at start-up."""

from __future__ import annotations

import pytest

from monitor import cli, create_app, views
from monitor.registry import RegistryError, load_module


@pytest.fixture
def app_factory(tmp_path):
    """Build an app on an empty SQLite file (start-up reads no table)."""

    def build():
        return create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
                "SECRET_KEY": "test-secret",
                "INSTANCE_DIR": str(tmp_path / "instance"),
                "SCHEDULER": False,
            }
        )

    return build


def test_a_listed_module_that_does_not_exist_stops_start_up(app_factory, monkeypatch):
    monkeypatch.setattr(views, "BLUEPRINTS", [*views.BLUEPRINTS, "monitor.views.alertz"])
    with pytest.raises(RegistryError, match=r"monitor\.views\.alertz.*ModuleNotFoundError"):
        app_factory()


def test_a_command_module_with_a_broken_import_names_the_module(app_factory, monkeypatch):
    monkeypatch.setattr(cli, "SUBCOMMANDS", [*cli.SUBCOMMANDS, "nonexistent_cmds"])
    with pytest.raises(RegistryError, match=r"cannot load monitor\.cli\.nonexistent_cmds"):
        app_factory()


def test_a_module_without_what_it_must_define_is_refused():
    with pytest.raises(RegistryError, match=r"monitor\.query defines no `bp`"):
        load_module("monitor.query", "bp")


def test_every_listed_blueprint_and_command_group_is_registered(app):
    assert {name.rsplit(".", 1)[-1] for name in views.BLUEPRINTS} <= set(app.blueprints) | {"api"}
    assert {"init", "demo", "user", "coverage", "patents", "similarity"} <= set(app.cli.commands)
