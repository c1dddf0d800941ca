"""The Alembic migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from monitor.db import upgrade


def test_migrations_match_models(database_url, engine):
    SQLModel.metadata.drop_all(engine)
    upgrade(database_url)
    upgrade(database_url)  # idempotent: a second run changes nothing and does not fail
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []


def test_init_command_migrates_and_loads_reference(runner, engine):
    SQLModel.metadata.drop_all(engine)  # start from an empty database, as a new user does
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "Database ready" in result.output
    assert "45 Nice classes" in result.output
    again = runner.invoke(args=["init"])
    assert again.exit_code == 0, again.output
