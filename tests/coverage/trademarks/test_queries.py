"""What the trademark pages read: one mark, pages of marks, offices, designations, brand marks."""

from __future__ import annotations

import pytest

from coverage.models import TrademarkStatus
from coverage.trademarks.queries import (
    get_trademark,
    list_brand_trademarks,
    list_designations,
    list_trademark_offices,
    search_trademarks,
)
from tests.factories import make_trademark


@pytest.fixture
def marks(session):
    """Five marks of two brands in three offices."""
    make_trademark(session, brand="ZETA", office="CN", tm_no="3")
    make_trademark(session, brand="KANGDA", office="US", tm_no="1", status="pending")
    make_trademark(session, brand="KANGDA", office="CN", tm_no="2")
    make_trademark(session, brand="KANGDA", office="CN", tm_no="1")
    make_trademark(session, brand="KANGDA", office="WO", tm_no="7", designations={"JP": "refused"})


def labels(page) -> list[str]:
    return [f"{t.brand} {t.office} {t.tm_no}" for t in page.items]


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        pytest.param(
            {},
            ["KANGDA CN 1", "KANGDA CN 2", "KANGDA US 1", "KANGDA WO 7", "ZETA CN 3"],
            id="all by brand, office, number",
        ),
        pytest.param({"brand": "ZETA"}, ["ZETA CN 3"], id="one brand"),
        pytest.param({"office": "CN"}, ["KANGDA CN 1", "KANGDA CN 2", "ZETA CN 3"], id="office"),
        pytest.param({"status": TrademarkStatus.PENDING}, ["KANGDA US 1"], id="one status"),
        pytest.param({"brand": "ZETA", "office": "US"}, [], id="filters combine"),
    ],
)
def test_search_trademarks_filters_and_orders(session, marks, filters, found):
    page = search_trademarks(session=session, **filters, page=1, per_page=25)

    assert labels(page) == found
    assert page.total == len(found)


def test_search_trademarks_pages(session, marks):
    page = search_trademarks(session=session, page=2, per_page=2)

    assert (page.total, page.page, page.pages) == (5, 2, 3)
    assert labels(page) == ["KANGDA US 1", "KANGDA WO 7"]


def test_get_trademark_needs_office_and_number(session, marks):
    found = get_trademark(session=session, office="US", tm_no="1")

    assert found is not None and found.status == TrademarkStatus.PENDING
    assert get_trademark(session=session, office="US", tm_no="2") is None


def test_list_trademark_offices_names_each_office_once_sorted(session, marks):
    assert list_trademark_offices(session=session) == ["CN", "US", "WO"]


def test_list_designations_of_a_madrid_mark_by_party(session):
    tm = make_trademark(
        session, office="WO", tm_no="9", designations={"US": "protected", "DE": "pending"}
    )
    make_trademark(session, office="WO", tm_no="8", designations={"AU": "refused"})

    found = list_designations(session=session, trademark=tm)

    assert [(d.party, str(d.status)) for d in found] == [("DE", "pending"), ("US", "protected")]


def test_list_brand_trademarks_lists_only_that_brand_by_office_and_number(session, marks):
    found = list_brand_trademarks(session=session, brand="KANGDA")

    assert [(t.office, t.tm_no) for t in found] == [
        ("CN", "1"),
        ("CN", "2"),
        ("US", "1"),
        ("WO", "7"),
    ]
