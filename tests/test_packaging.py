"""`import coverage` must be this project's package, not the coverage.py tool."""

from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def test_import_coverage_is_this_project():
    assert Path(coverage.__file__).resolve().parent == ROOT / "coverage"
    assert not hasattr(coverage, "Coverage")  # coverage.py's main class


def test_conftest_keeps_every_reference_table():
    """The PostgreSQL fixture keeps the tables the reference loader fills between tests."""
    from coverage.reference_tables import TABLES
    from tests.conftest import REFERENCE_TABLES

    assert {t.model.__tablename__ for t in TABLES} == set(REFERENCE_TABLES)
