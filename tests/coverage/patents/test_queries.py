"""What the patent pages read: one patent, pages of patents, offices, linked products."""

from __future__ import annotations

import pytest

from coverage.models import PatentKind, PatentStatus
from coverage.patents.queries import (
    get_patent,
    list_patent_offices,
    list_patent_products,
    list_product_patents,
    search_patents,
)
from tests.factories import make_patent, make_product


@pytest.fixture
def patents(session):
    """Four patents in three offices, of two kinds and three statuses."""
    make_patent(session, office="US", patent_no="11000001", kind=PatentKind.DESIGN)
    make_patent(session, office="CN", patent_no="ZL2", status=PatentStatus.PENDING)
    make_patent(session, office="CN", patent_no="ZL1")
    make_patent(session, office="EP", patent_no="EP1", status=PatentStatus.LAPSED)


def labels(page) -> list[str]:
    return [f"{p.office} {p.patent_no}" for p in page.items]


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        pytest.param({}, ["CN ZL1", "CN ZL2", "EP EP1", "US 11000001"], id="all by office, number"),
        pytest.param({"office": "CN"}, ["CN ZL1", "CN ZL2"], id="one office"),
        pytest.param({"kind": PatentKind.DESIGN}, ["US 11000001"], id="one kind"),
        pytest.param({"status": PatentStatus.PENDING}, ["CN ZL2"], id="one status"),
        pytest.param(
            {"office": "CN", "status": PatentStatus.GRANTED}, ["CN ZL1"], id="filters combine"
        ),
        pytest.param({"office": "JP"}, [], id="an office without patents"),
    ],
)
def test_search_patents_filters_and_orders(session, patents, filters, found):
    page = search_patents(session=session, **filters, page=1, per_page=25)

    assert labels(page) == found
    assert page.total == len(found)


def test_search_patents_pages(session, patents):
    page = search_patents(session=session, page=2, per_page=3)

    assert (page.total, page.page, page.pages) == (4, 2, 2)
    assert labels(page) == ["US 11000001"]


def test_get_patent_needs_office_and_number(session, patents):
    found = get_patent(session=session, office="CN", patent_no="ZL1")

    assert found is not None and (found.office, found.patent_no) == ("CN", "ZL1")
    assert get_patent(session=session, office="EP", patent_no="ZL1") is None


def test_list_patent_offices_names_each_office_once_sorted(session, patents):
    assert list_patent_offices(session=session) == ["CN", "EP", "US"]


def test_linked_products_and_patents_are_listed_both_ways_in_order(session):
    drill = make_product(session, product_id="P2")
    saw = make_product(session, product_id="P1")
    make_product(session, product_id="P3")  # linked to nothing
    second = make_patent(session, office="US", patent_no="2", products=[drill])
    first = make_patent(session, office="CN", patent_no="9", products=[drill, saw])

    assert [p.product_id for p in list_patent_products(session=session, patent=first)] == [
        "P1",
        "P2",
    ]
    assert [p.product_id for p in list_patent_products(session=session, patent=second)] == ["P2"]
    linked = list_product_patents(session=session, product=drill)
    assert [(p.office, p.patent_no) for p in linked] == [("CN", "9"), ("US", "2")]
