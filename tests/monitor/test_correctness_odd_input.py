"""Odd input is a 400 with a reason, never a 500: superscript digits where a number is expected,
and NUL bytes anywhere in a query or form (PostgreSQL refuses to store or compare them)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from coverage.models import Product
from coverage.portfolio import bump_revision
from tests.conftest import PASSWORD, csrf_token
from tests.coverage.imports.test_importer import good_sheets, write_folder
from tests.factories import make_patent, make_product, make_trademark


@pytest.fixture
def portfolio(session):
    drill = make_product(session, product_id="KD-1", nice_classes=[7], markets=["CN", "DE"])
    make_patent(session, products=[drill])
    make_trademark(session, office="CN", tm_no="10000001", registration_date=dt.date(2020, 1, 1))
    bump_revision(session)
    session.commit()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/products", {"page": "²"}),
        ("/trademarks", {"page": "²"}),
        ("/patents", {"page": "³"}),
        ("/coverage", {"page": "²"}),
        ("/coverage", {"per_page": "²"}),
        ("/coverage", {"class": "⁹"}),
        ("/coverage/gaps", {"class": "٣"}),
        ("/patents/layout", {"page": "²"}),
    ],
    ids=[
        "products-page",
        "trademarks-page",
        "patents-page",
        "matrix-page",
        "matrix-per-page",
        "matrix-class",
        "gaps-arabic-indic-class",
        "layout-page",
    ],
)
def test_superscript_digits_in_a_number_are_a_400(client, login, portfolio, path, params):
    login()
    resp = client.get(path, query_string=params)
    assert resp.status_code == 400
    assert "whole number" in resp.get_data(as_text=True) or "Nice class" in resp.get_data(
        as_text=True
    )


def test_superscript_version_on_an_edit_form_is_a_400(client, login, session, portfolio):
    login()
    data = {
        "name": "Drill 2",
        "brand": "KANGDA",
        "nice_classes": "7",
        "markets": "CN",
        "version": "¹",
        "csrf_token": csrf_token(client, "/products"),
    }
    resp = client.post("/products/edit/KD-1", data=data)
    assert resp.status_code == 400
    assert "reload the page" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.exec(select(Product.name)).one() != "Drill 2"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/products", {"q": "KD\x00"}),
        ("/products", {"brand": "\x00"}),
        ("/trademarks", {"brand": "KANGDA\x00"}),
        ("/patents", {"office": "C\x00"}),
        ("/coverage", {"product": "KD\x001"}),
        ("/coverage/gaps", {"brand": "K\x00"}),
        ("/api/v1/coverage/matrix", {"brand": "K\x00"}),
        ("/products/KD\x001", {}),
    ],
    ids=[
        "product-search",
        "product-brand",
        "trademark-brand",
        "patent-office",
        "matrix-product",
        "gaps-brand",
        "api-brand",
        "in-the-path",
    ],
)
def test_nul_in_a_query_is_a_400(client, login, portfolio, path, params):
    login()
    resp = client.get(path, query_string=params)
    assert resp.status_code == 400
    assert "NUL" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "field", ["product_id", "name", "brand", "description", "markets"], ids=str
)
def test_nul_in_a_form_field_is_a_400_and_nothing_is_saved(client, login, session, field):
    login()
    data = {
        "product_id": "KD-9",
        "name": "Drill",
        "brand": "KANGDA",
        "nice_classes": "7",
        "markets": "CN",
        "csrf_token": csrf_token(client, "/products"),
    }
    data[field] = data.get(field, "") + "\x00"
    resp = client.post("/products/new", data=data)
    assert resp.status_code == 400
    assert "NUL" in resp.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(Product)).all() == []


def test_nul_in_the_login_email_is_a_400(client, make_user):
    email = make_user("admin")
    resp = client.post(
        "/login",
        data={"email": email + "\x00", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert resp.status_code == 400
    # and the real login still works afterwards
    resp = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    assert resp.status_code == 302


def test_nul_in_an_imported_cell_is_reported(runner, session, tmp_path):
    sheets = good_sheets()
    sheets["products"][2][1] = "Hydraulic\x00jack"
    folder = write_folder(tmp_path / "csv", sheets)

    result = runner.invoke(args=["import", "portfolio", str(folder)])

    assert result.exit_code == 1
    assert "products.csv row 3, column name: contains a control character (U+0000)" in result.stderr
    session.rollback()
    assert session.exec(select(Product)).all() == []
