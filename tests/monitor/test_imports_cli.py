"""`ipwatch import portfolio`: the diff of what it applied, `--dry-run`, `--problems FILE`."""

from __future__ import annotations

import csv

from sqlmodel import select

from coverage.models import Patent
from tests.coverage.imports.test_importer import good_sheets, write_book
from tests.monitor.test_cli_import import counts


def _lapsed_sheets() -> dict[str, list[list[object]]]:
    sheets = good_sheets()
    sheets["patents"][1][3] = "lapsed"  # ZL202010012345.6 was granted
    return sheets


def _status(session) -> str:
    session.rollback()
    return session.exec(select(Patent.status).where(Patent.office == "CN")).one()


def test_the_import_prints_every_change_it_applied(runner, session, tmp_path):
    runner.invoke(args=["import", "portfolio", str(write_book(tmp_path / "a.xlsx", good_sheets()))])

    path = write_book(tmp_path / "b.xlsx", _lapsed_sheets())
    result = runner.invoke(args=["import", "portfolio", str(path)])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated patents CN ZL202010012345.6: status: granted → lapsed",
        "products: 0 created, 0 updated, 3 unchanged",
        "patents: 0 created, 1 updated, 1 unchanged",
        "trademarks: 0 created, 0 updated, 2 unchanged",
    ]
    assert _status(session) == "lapsed"


def test_dry_run_prints_the_diff_and_changes_nothing(runner, session, tmp_path):
    runner.invoke(args=["import", "portfolio", str(write_book(tmp_path / "a.xlsx", good_sheets()))])

    path = write_book(tmp_path / "b.xlsx", _lapsed_sheets())
    result = runner.invoke(args=["import", "portfolio", "--dry-run", str(path)])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "updated patents CN ZL202010012345.6: status: granted → lapsed" in lines
    assert lines[-1] == "dry run: nothing was changed"
    assert _status(session) == "granted"


def test_dry_run_of_a_new_portfolio_lists_what_it_would_create(runner, session, tmp_path):
    path = write_book(tmp_path / "a.xlsx", good_sheets())

    result = runner.invoke(args=["import", "portfolio", str(path), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "created products P001" in result.stdout
    assert "created trademarks WO 1234567" in result.stdout
    assert counts(session)["products"] == 0


def test_problems_file_gets_the_full_list_while_the_terminal_gets_a_summary(
    runner, session, tmp_path
):
    sheets = good_sheets()
    for n in range(60):  # 60 rows with the same wrong class: one kind of problem
        sheets["products"].append([f"X{n}", "Drill", "", "KANGDA", "46", "CN"])
    path = write_book(tmp_path / "bad.xlsx", sheets)
    problems = tmp_path / "problems.csv"

    result = runner.invoke(args=["import", "portfolio", str(path), "--problems", str(problems)])

    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) < 30
    assert "products: 40 more problems like this one: class 46 is outside 1–45" in result.stderr
    assert errors[-1] == "Error: nothing was imported: 60 problems to fix"
    with problems.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["sheet", "row", "column", "problem"]
    assert len(rows) == 61
    assert rows[-1][:3] == ["products", "64", "nice_classes"]
    assert counts(session)["products"] == 0
