"""The Alembic migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import monitor
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


def test_released_revisions_are_never_edited_in_place():
    """A database upgraded to a revision never sees later edits of that file: schema changes
    go into new revisions, each recorded in released.txt when it is committed."""
    folder = Path(monitor.__file__).parent / "migrations"
    released = {}
    for line in (folder / "released.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            released[name] = digest
    files = sorted(p.name for p in (folder / "versions").glob("*.py"))
    assert files == sorted(released), "record each new revision in migrations/released.txt"
    for name in files:
        digest = hashlib.sha256((folder / "versions" / name).read_bytes()).hexdigest()
        assert digest == released[name], f"{name} was edited after release: add a new revision"
