"""Query strings: every parameter parsed or refused with its name and the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.query import BadQuery, CoverageQuery, DeadlineQuery, LayoutQuery

TODAY = dt.date(2026, 12, 5)


def parse(cls, **args):
    return cls.from_args(args, today=TODAY, per_page=25, max_per_page=100)


def test_an_empty_query_string_asks_for_today_page_one():
    query = parse(CoverageQuery)
    assert (query.as_of, query.page, query.per_page, query.all_products) == (TODAY, 1, 25, False)
    assert query.filters() == dict.fromkeys(
        ("brand", "product", "market", "region", "nice_class", "status")
    )


def test_the_class_parameter_fills_the_nice_class_filter_and_links_write_it_back():
    query = parse(CoverageQuery, **{"class": "7", "market": "de", "all_products": "on"})
    assert query.nice_class == 7 and query.market == "DE"
    assert query.args(page=2) == {
        "as_of": "2026-12-05",
        "all_products": "1",
        "market": "DE",
        "class": "7",
        "page": "2",
    }


@pytest.mark.parametrize(
    ("param", "value", "named"),
    [
        pytest.param("page", "²", "page", id="superscript-two-is-no-page-number"),
        pytest.param("per_page", "٣", "per_page", id="arabic-indic-digit"),
        pytest.param("class", "⁷", "class", id="superscript-class"),
        pytest.param("class", "46", "class", id="no-class-46"),
        pytest.param("per_page", "101", "per_page", id="above-the-maximum"),
        pytest.param("market", "DEU", "market", id="three-letter-code"),
        pytest.param("status", "great", "status", id="unknown-status"),
        pytest.param("as_of", "2026-02-30", "as_of", id="no-such-day"),
        pytest.param("as_of", "2300-01-01", "as_of", id="out-of-range"),
    ],
)
def test_a_bad_parameter_is_refused_naming_it(param, value, named):
    with pytest.raises(BadQuery, match=named):
        parse(CoverageQuery, **{param: value})


def test_layout_kind_chooses_the_layout_and_is_not_a_cell_filter():
    query = parse(LayoutQuery, kind="Invention", status="gap")
    assert query.kind == "invention"
    assert "kind" not in query.filters() and query.filters()["status"] == "gap"


def test_deadline_list_reads_its_kind_of_deadline_and_pages_by_a_hundred():
    query = DeadlineQuery.from_args({"deadline": "annuity"}, today=TODAY)
    assert (query.deadline, query.per_page) == ("annuity", 100)
    with pytest.raises(BadQuery, match="deadline"):
        DeadlineQuery.from_args({"deadline": "renewal"}, today=TODAY)
