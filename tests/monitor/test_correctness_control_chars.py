"""Control characters: refused at input with the column and the character named (forms and
imports), escaped at output so that data stored with them still exports to Excel."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from coverage.models import Product
from coverage.portfolio import bump_revision
from tests.conftest import csrf_token
from tests.coverage.imports.test_importer import good_sheets, write_folder
from tests.factories import make_patent, make_product
from tests.monitor.test_portfolio_pages import _field_html

FORM = {
    "product_id": "KD-100",
    "name": "Cordless drill",
    "brand": "KANGDA",
    "nice_classes": "7",
    "markets": "CN",
}


def _post(client, data):
    return client.post(
        "/products/new", data={**data, "csrf_token": csrf_token(client, "/products")}
    )


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "Drill\x07", "contains a control character (U+0007)"),
        ("brand", "KAN\x1bGDA", "contains a control character (U+001B)"),
        ("description", "fine\x0bprint", "contains a control character (U+000B)"),
        ("markets", "CN;\x7fUS", "contains a control character (U+007F)"),
    ],
    ids=["bell-in-name", "escape-in-brand", "vertical-tab-in-description", "delete-in-a-list"],
)
def test_form_refuses_a_control_character_naming_the_field(
    client, login, session, field, value, reason
):
    login()
    resp = _post(client, {**FORM, field: value})
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert reason in _field_html(page, field)
    assert session.exec(select(Product)).all() == []


def test_tabs_and_line_breaks_in_free_text_are_kept_as_typed(client, login, session):
    login()
    resp = _post(client, {**FORM, "description": "line one\r\nline two\twith a tab"})
    assert resp.status_code == 302
    [product] = session.exec(select(Product)).all()
    assert product.description == "line one\r\nline two\twith a tab"


def test_import_reports_the_sheet_row_column_and_character(runner, session, tmp_path):
    sheets = good_sheets()
    sheets["products"][1][1] = "Cordless\x07drill"
    sheets["trademarks"][1][3] = "KANGDA\x00"
    folder = write_folder(tmp_path / "csv", sheets)

    result = runner.invoke(args=["import", "portfolio", str(folder)])

    assert result.exit_code == 1
    assert "products.csv row 2, column name: contains a control character (U+0007)" in result.stderr
    assert (
        "trademarks.csv row 2, column mark_text: contains a control character (U+0000)"
        in result.stderr
    )
    assert session.exec(select(Product)).all() == []


def test_excel_export_of_data_stored_with_control_characters(client, login, session):
    """Rows stored before the check (or written around it) still export: the character is
    replaced, the rest of the text is kept."""
    product = make_product(
        session, product_id="P-BELL", name="Drill\x07 \x01kit", markets=["US"], brand="K\x1bD"
    )
    make_patent(session, products=[product])
    bump_revision(session)
    session.commit()
    login()
    resp = client.get("/coverage/gaps/export", query_string={"format": "xlsx"})
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.data))["Gaps"]
    assert sheet["B2"].value == "Drill\ufffd \ufffdkit"
    assert sheet["C2"].value == "K\ufffdD"
