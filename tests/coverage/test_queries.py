"""What the portfolio pages read in common: pages of a list, products, brands, Nice classes."""

from __future__ import annotations

import pytest
from sqlmodel import select

from coverage.models import Product
from coverage.queries import (
    Page,
    get_product,
    list_brand_products,
    list_brands,
    list_nice_classes,
    paginate,
    search_products,
)
from tests.factories import make_product, make_trademark


def ids(page: Page[Product]) -> list[str]:
    return [p.product_id for p in page.items]


@pytest.mark.parametrize(
    ("rows", "asked", "shown", "pages", "on_page"),
    [
        pytest.param(31, 1, 1, 2, 25, id="a full first page of 25"),
        pytest.param(31, 2, 2, 2, 6, id="the rest on the last page"),
        pytest.param(31, 9, 2, 2, 6, id="a page past the end shows the last page"),
        pytest.param(25, 1, 1, 1, 25, id="exactly one full page"),
        pytest.param(0, 3, 1, 1, 0, id="an empty list is one empty page"),
    ],
)
def test_paginate_counts_every_row_and_reads_one_page(session, rows, asked, shown, pages, on_page):
    for n in range(rows):
        make_product(session, product_id=f"P{n:03d}")
    stmt = select(Product).order_by(Product.product_id)

    page = paginate(stmt, session=session, page=asked, per_page=25)

    assert (page.total, page.page, page.pages, len(page.items)) == (rows, shown, pages, on_page)
    first = (shown - 1) * 25
    assert ids(page) == [f"P{n:03d}" for n in range(first, first + on_page)]


def test_search_products_orders_by_brand_then_product_id(session):
    for brand, pid in [("ZETA", "A1"), ("KANGDA", "B2"), ("KANGDA", "A9"), ("ACME", "C3")]:
        make_product(session, brand=brand, product_id=pid)

    page = search_products(session=session, page=1, per_page=25)

    assert ids(page) == ["C3", "A9", "B2", "A1"]
    assert page.total == 4


@pytest.mark.parametrize(
    ("text", "brand", "found"),
    [
        pytest.param("drill", "", ["D1", "D2"], id="text in the name, any case"),
        pytest.param("电钻", "", ["D2"], id="text in the Chinese name"),
        pytest.param("acme", "", ["S1", "S2"], id="text in the brand"),
        pytest.param("d1", "", ["D1"], id="text in the product_id"),
        pytest.param("50%", "", ["S1"], id="a % typed by the user is a percent sign"),
        pytest.param("", "KANGDA", ["D1", "D2"], id="brand must match exactly"),
        pytest.param("", "kangda", [], id="brand is not searched in any case"),
        pytest.param("drill", "ACME", [], id="both filters must hold"),
    ],
)
def test_search_products_filters_by_text_and_brand(session, text, brand, found):
    make_product(session, product_id="D1", name="Cordless DRILL", brand="KANGDA")
    make_product(session, product_id="D2", name="Hammer drill", name_zh="冲击电钻", brand="KANGDA")
    make_product(session, product_id="S1", name="Saw 500W (50% off)", brand="ACME")
    make_product(session, product_id="S2", name="Saw 5000", brand="ACME")

    page = search_products(session=session, text=text, brand=brand, page=1, per_page=25)

    assert ids(page) == found
    assert page.total == len(found)


def test_search_products_pages_the_filtered_rows(session):
    for n in range(30):
        make_product(session, product_id=f"K{n:02d}", brand="KANGDA")
    make_product(session, product_id="Z00", brand="ZETA")

    page = search_products(session=session, brand="KANGDA", page=2, per_page=25)

    assert (page.total, page.pages, page.page) == (30, 2, 2)
    assert ids(page) == [f"K{n:02d}" for n in range(25, 30)]


def test_get_product_finds_by_product_id_or_returns_none(session):
    make_product(session, product_id="P-1/A")

    found = get_product(session=session, product_id="P-1/A")

    assert found is not None and found.product_id == "P-1/A"
    assert get_product(session=session, product_id="P-1") is None


def test_list_brands_names_each_brand_of_products_and_trademarks_once_sorted(session):
    make_product(session, brand="KANGDA")
    make_product(session, brand="KANGDA")
    make_product(session, brand="ACME")
    make_trademark(session, brand="KANGDA")
    make_trademark(session, brand="ZETA")  # a brand with marks but no product yet

    assert list_brands(session=session) == ["ACME", "KANGDA", "ZETA"]


def test_list_brands_of_an_empty_portfolio_is_empty(session):
    assert list_brands(session=session) == []


def test_list_brand_products_lists_only_that_brand_by_product_id(session):
    make_product(session, product_id="B", brand="KANGDA")
    make_product(session, product_id="A", brand="KANGDA")
    make_product(session, product_id="C", brand="ACME")

    found = list_brand_products(session=session, brand="KANGDA")

    assert [p.product_id for p in found] == ["A", "B"]


def test_list_nice_classes_gives_the_headings_of_known_numbers_in_order(session):
    found = list_nice_classes(session=session, numbers=[9, 7, 99])

    assert [c.number for c in found] == [7, 9]
    assert all(c.heading_en and c.heading_zh for c in found)
