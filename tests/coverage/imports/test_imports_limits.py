"""The bounds of an import: rows and cells read per sheet, and a report that stays short."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from coverage.imports import limits
from coverage.imports.importer import ImportFailed, import_portfolio
from coverage.imports.report import summarise
from coverage.imports.tabular import Problem
from coverage.messages import msg
from tests.coverage.imports.test_importer import good_sheets, write_book, write_folder
from tests.coverage.imports.test_importer_bad import failing


@pytest.fixture
def geography(session):
    from coverage.queries import load_geography

    return load_geography(session)


def _products(n: int, key: str | None = None) -> dict[str, list[list[object]]]:
    sheets = good_sheets()
    sheets["patents"] = sheets["patents"][:1]
    sheets["products"] = sheets["products"][:1] + [
        [key or f"X{i}", "Drill", "", "KANGDA", "7", "CN"] for i in range(n)
    ]
    return sheets


def _declared(path: Path, dimension: str) -> Path:
    """Rewrite the products sheet's declared dimension (the first sheet) in place."""
    with zipfile.ZipFile(path) as source:
        items = [(i, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"'.encode(), data
                )
            target.writestr(info, data)
    return path


def test_a_sheet_over_the_row_limit_is_refused_by_name(tmp_path, session, geography, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)

    problems = failing(write_book(tmp_path / "p.xlsx", _products(60)), session, geography)

    assert [str(p) for p in problems] == [
        "products: the sheet products declares 61 rows and 6 columns; at most 50 rows and "
        "5,000,000 cells are read: split the file or delete the empty rows"
    ]


def test_a_sheet_that_declares_fewer_rows_than_it_has_is_still_counted(
    tmp_path, session, geography, monkeypatch
):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    path = _declared(write_book(tmp_path / "p.xlsx", _products(60)), "A1:F2")

    problems = failing(path, session, geography)

    assert [str(p) for p in problems] == [
        "products: the sheet products has more than 50 rows; at most 50 rows and 5,000,000 "
        "cells are read: split the file or delete the empty rows"
    ]


def test_a_sheet_over_the_cell_limit_is_refused(tmp_path, session, geography, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    path = _declared(write_book(tmp_path / "p.xlsx", _products(30)), "A1:F2")

    problems = failing(path, session, geography)

    assert "the sheet products has more than 100 cells" in str(problems[0].reason)


def test_a_declared_dimension_beyond_the_limits_is_refused_before_reading(
    tmp_path, session, geography
):
    path = _declared(write_book(tmp_path / "p.xlsx", _products(2)), "A1:XFD1048576")

    problems = failing(path, session, geography)

    assert str(problems[0]) == (
        "products: the sheet products declares 1,048,576 rows and 16,384 columns; at most "
        "200,000 rows and 5,000,000 cells are read: split the file or delete the empty rows"
    )


def test_a_csv_file_over_the_row_limit_is_refused(tmp_path, session, geography, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)

    problems = failing(write_folder(tmp_path / "csv", _products(60)), session, geography)

    assert "the file products.csv has more than 50 rows" in str(problems[0])


def test_a_key_repeated_on_many_rows_is_one_problem_naming_the_first_rows(
    tmp_path, session, geography
):
    with pytest.raises(ImportFailed) as caught:
        import_portfolio(
            write_book(tmp_path / "p.xlsx", _products(500, key="KD-1")),
            session=session,
            geography=geography,
        )

    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("products", 3, "product_id")
    assert str(problem.reason) == (
        '"KD-1" is on rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 '
        "and 480 more; keep one row per product_id"
    )
    assert problem.rows == tuple(range(2, 502))


def test_the_summary_shows_the_first_problems_of_each_kind_and_counts_the_rest():
    big = [Problem("products", n, "nice_classes", msg("class 46")) for n in range(2, 102)]
    other = [Problem("products", 5, "markets", msg("unknown market"))]

    report = summarise(big + other)

    assert report.total == 101
    assert [p.row for p in report.shown] == [*range(2, 22), 5]
    assert [(p.row, n) for p, n in report.more] == [(22, 80)]
