"""`ipwatch import portfolio PATH`: changes and counts on success; problems on stderr, exit 1."""

from __future__ import annotations

from sqlmodel import func, select

from coverage.models import Designation, Patent, Product, Trademark
from tests.coverage.imports.test_importer import good_sheets, write_book, write_folder


def counts(session) -> dict[str, int]:
    session.rollback()  # see what the command committed
    tables = {
        "products": Product,
        "patents": Patent,
        "trademarks": Trademark,
        "designations": Designation,
    }
    return {
        name: session.exec(select(func.count()).select_from(t)).one() for name, t in tables.items()
    }


def test_import_workbook_prints_counts_per_sheet(runner, session, tmp_path):
    path = write_book(tmp_path / "portfolio.xlsx", good_sheets())

    result = runner.invoke(args=["import", "portfolio", str(path)])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-3:] == [
        "products: 3 created, 0 updated",
        "patents: 2 created, 0 updated",
        "trademarks: 2 created, 0 updated",
    ]
    assert lines[:-3] == [  # every record created, by sheet and key
        "created products P001",
        "created products P002",
        "created products P003",
        "created patents CN ZL202010012345.6",
        "created patents EP EP3456789",
        "created trademarks CN 12345678",
        "created trademarks WO 1234567",
    ]
    assert counts(session) == {"products": 3, "patents": 2, "trademarks": 2, "designations": 4}


def test_import_again_changes_nothing_and_does_not_duplicate(runner, session, tmp_path):
    folder = write_folder(tmp_path / "csv", good_sheets())
    runner.invoke(args=["import", "portfolio", str(folder)])

    result = runner.invoke(args=["import", "portfolio", str(folder)])

    assert result.exit_code == 0, result.output
    assert "products: 0 created, 0 updated, 3 unchanged" in result.stdout
    assert counts(session)["products"] == 3


def test_bad_rows_go_to_stderr_with_exit_1_and_nothing_saved(runner, session, tmp_path):
    sheets = good_sheets()
    sheets["trademarks"][2][8] = "US:protected;XX"  # row 3: the WO mark's designations
    sheets["products"][1][4] = "46"
    folder = write_folder(tmp_path / "csv", sheets)

    result = runner.invoke(args=["import", "portfolio", str(folder)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "products.csv row 2, column nice_classes: class 46 is outside 1–45 (Nice classes are "
        "1 to 45)",
        'trademarks.csv row 3, column designations: unknown party "XX"; use ISO country codes, '
        "EM, BX or OA",
        "Error: nothing was imported: 2 problems to fix",
    ]
    assert counts(session) == {"products": 0, "patents": 0, "trademarks": 0, "designations": 0}


def test_file_over_the_configured_limit_is_refused(app, runner, session, tmp_path):
    app.config["MAX_UPLOAD_MB"] = 0
    path = write_book(tmp_path / "portfolio.xlsx", good_sheets())

    result = runner.invoke(args=["import", "portfolio", str(path)])

    assert result.exit_code == 1
    assert "portfolio.xlsx: the file is" in result.stderr
    assert "the limit is 0 bytes" in result.stderr
    assert counts(session)["products"] == 0


def test_help_explains_the_path(runner):
    result = runner.invoke(args=["import", "portfolio", "--help"])

    assert result.exit_code == 0
    assert "products.csv, patents.csv" in result.stdout
