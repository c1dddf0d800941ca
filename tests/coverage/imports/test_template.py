"""The Excel template: importable as downloaded, bilingual help, drop-down lists."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlmodel import select

from coverage.imports.importer import import_portfolio
from coverage.imports.sheets import SHEETS
from coverage.imports.template import HELP_SHEET, build_template
from coverage.models import Designation, Trademark
from coverage.queries import load_geography


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_template()))


def test_template_with_its_example_rows_imports_without_problems(tmp_path, session):
    path = tmp_path / "ipwatch-template.xlsx"
    path.write_bytes(build_template())

    summary = import_portfolio(path, session=session, geography=load_geography(session))

    assert summary.counts == {
        "products": {"created": 1, "updated": 0},
        "patents": {"created": 1, "updated": 0},
        "trademarks": {"created": 2, "updated": 0},
        "watch": {"created": 2, "updated": 0, "removed": 0},
    }
    ir = session.exec(select(Trademark).where(Trademark.office == "WO")).one()
    assert (
        len(session.exec(select(Designation).where(Designation.trademark_pk == ir.id)).all()) == 3
    )


def test_template_has_the_three_sheets_and_a_bilingual_help_sheet(book):
    assert book.sheetnames == ["products", "patents", "trademarks", "watch", HELP_SHEET]
    help_rows = list(book[HELP_SHEET].iter_rows(min_row=5, values_only=True))
    documented = {(row[0], row[1]) for row in help_rows}
    for sheet, spec in SHEETS.items():
        assert {(sheet, c) for c in spec.required} <= documented
    brand = next(r for r in help_rows if r[:2] == ("products", "brand"))
    assert brand[2] == "品牌" and brand[3] == "yes 是" and "销售所用品牌" in brand[5]


@pytest.mark.parametrize("sheet", ["products", "patents", "trademarks"])
def test_row_1_keeps_the_english_headers_with_chinese_comments(book, sheet):
    headers = [c.value for c in book[sheet][1]]

    assert set(SHEETS[sheet].required) <= set(headers)
    first_header = book[sheet].cell(row=1, column=1)
    assert "中文列名" in first_header.comment.text


@pytest.mark.parametrize(
    ("sheet", "column", "values"),
    [
        pytest.param("patents", "kind", "invention,utility_model,design", id="patent-kind"),
        pytest.param(
            "patents",
            "status",
            "pending,granted,lapsed,expired,withdrawn,refused",
            id="patent-status",
        ),
        pytest.param(
            "trademarks",
            "status",
            "pending,registered,refused,opposed,expired,cancelled,withdrawn",
            id="trademark-status",
        ),
    ],
)
def test_kind_and_status_columns_offer_a_drop_down_list(book, sheet, column, values):
    headers = [c.value for c in book[sheet][1]]
    letter = openpyxl.utils.get_column_letter(headers.index(column) + 1)

    lists = {str(dv.sqref): dv.formula1 for dv in book[sheet].data_validations.dataValidation}

    assert lists[f"{letter}2:{letter}2000"] == f'"{values}"'
