"""SQLite under a long import: WAL so readers are never blocked, a busy timeout, and a clear 503."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

import monitor.db
from coverage.imports import importer
from coverage.queries import load_geography
from monitor.db import make_engine
from tests.conftest import PG_URL
from tests.factories import make_product
from tests.monitor.test_imports_page import GOOD, _counts, _upload, _workbook

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite connection settings")


def _path(app) -> str:
    return app.config["DATABASE_URL"].split("///", 1)[1]


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(app):
    with app.extensions["ipwatch_engine"].connect() as conn:
        pragmas = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 15000,
        "synchronous": 1,
        "foreign_keys": 1,
    }


def test_pages_read_while_another_connection_writes(app, client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-1", name="Saved drill")
    session.commit()
    writer = sqlite3.connect(_path(app), timeout=0)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # what a committing import holds
        writer.execute("UPDATE product SET name = 'Half-written' WHERE product_id = 'KD-1'")

        resp = client.get("/products")

        page = resp.get_data(as_text=True)
        assert resp.status_code == 200
        assert "Saved drill" in page and "Half-written" not in page
    finally:
        writer.rollback()
        writer.close()


def test_a_reader_is_not_blocked_while_an_import_validates(app, session, tmp_path, monkeypatch):
    make_product(session, product_id="KD-1", name="Saved drill")
    session.commit()
    seen: list[str] = []
    validate = importer.validate_tables

    def slow_validation(*args, **kwargs):
        reader = sqlite3.connect(_path(app), timeout=0)  # no waiting: a lock would fail at once
        seen.extend(r[0] for r in reader.execute("SELECT name FROM product"))
        writer = sqlite3.connect(_path(app), timeout=0)
        writer.execute("UPDATE product SET brand = 'KANGDA' WHERE product_id = 'KD-1'")
        writer.commit()
        reader.close()
        writer.close()
        return validate(*args, **kwargs)

    monkeypatch.setattr(importer, "validate_tables", slow_validation)
    path = tmp_path / "p.xlsx"
    path.write_bytes(_workbook(GOOD))

    importer.import_portfolio(path, session=session, geography=load_geography(session))
    session.commit()

    assert seen == ["Saved drill"]
    assert _counts(session) == (3, 1, 2)


def test_an_import_that_cannot_get_the_database_gets_503_and_try_again(
    app, client, login, session, monkeypatch
):
    login("brand_manager")
    monkeypatch.setattr(monitor.db, "SQLITE_BUSY_TIMEOUT", 0.2, raising=False)
    app.extensions["ipwatch_engine"].dispose()
    app.extensions["ipwatch_engine"] = make_engine(app.config["DATABASE_URL"])
    writer = sqlite3.connect(_path(app), timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another import holds the write lock

        resp = _upload(client, _workbook(GOOD))

        assert resp.status_code == 503
        assert "The database is busy; try again in a moment." in resp.get_data(as_text=True)
    finally:
        writer.rollback()
        writer.close()
    assert _counts(session) == (0, 0, 0)
