"""The month's figures against values worked out by hand (tests/monitor/reports/november.py),
through the command and the API an outside script would use."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.monitor.reports.november import (
    EXPECTED,
    build_enforcement,
    build_portfolio,
    file_in_november,
)


@pytest.fixture
def november(session, runner) -> dict[str, Any]:
    """The portfolio, October frozen on November 1st, a filing in November, the enforcement."""
    portfolio = build_portfolio(session)
    frozen = runner.invoke(
        args=["report", "snapshot", "--month", "2026-10", "--as-of", "2026-11-01"]
    )
    assert frozen.exit_code == 0, frozen.output
    file_in_november(session)
    return {**portfolio, **build_enforcement(session, portfolio)}


def figures(runner, *args: str) -> dict[str, Any]:
    result = runner.invoke(args=["report", "figures", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def nov(runner, november) -> dict[str, Any]:
    return figures(runner, "--month", "2026-11", "--format", "json")


@pytest.mark.parametrize(("key", "expected"), sorted(EXPECTED.items()))
def test_figure_matches_the_hand_computed_value(nov, key, expected):
    assert nov[key] == expected


def test_the_month_is_judged_on_its_last_day_from_the_live_database(nov):
    assert (nov["month"], nov["as_of"], nov["source"]) == ("2026-11", "2026-11-30", "live")


def test_gaps_opened_and_closed_are_measured_against_the_frozen_october(nov):
    assert nov["gaps_basis"] == {"previous": "2026-10-31", "exact": True, "note": None}


@pytest.mark.parametrize(
    ("table", "key", "counts"),
    [
        ("by_market", "CN", {"cells": 3, "protected": 1, "expiring": 1, "lapsed": 1}),
        ("by_market", "VN", {"cells": 3, "pending": 2, "missing": 1, "coverage_rate": 0.0}),
        ("by_market", "US", {"cells": 1, "lapsed": 1, "gaps": 1}),
        ("by_class", "7", {"cells": 3, "protected": 1, "coverage_rate": 0.3333}),
        ("by_class", "12", {"cells": 2, "expiring": 1, "missing": 1}),
        ("by_brand", "KANGDA", {"cells": 7, "protected": 1}),
        ("by_region", "ASEAN", {"cells": 3, "pending": 2}),
        ("patents_by_market", "CN", {"branded_products": 2, "without_live_patent": 1}),
        ("patents_by_market", "US", {"branded_products": 1, "share_without": 0.0}),
    ],
)
def test_breakdowns(nov, table, key, counts):
    assert {k: nov[table][key][k] for k in counts} == counts


def test_a_product_without_patents_is_not_in_the_coverage_figures(nov):
    assert "HENGYA" not in nov["by_brand"]
    assert "11" not in nov["by_class"]


def test_cases_by_route_with_the_stages_of_open_cases_at_the_month_end(nov):
    assert nov["cases_by_route"] == {
        "cease_and_desist": {"opened": 0, "closed": 1, "open": 0, "stages": {}},
        "opposition": {"opened": 1, "closed": 0, "open": 1, "stages": {"draft": 1}},
        "platform_complaint": {
            "opened": 1,
            "closed": 0,
            "open": 1,
            "stages": {"taken_down": 1},
        },
    }


def test_gap_cells_grouped_biggest_first(nov):
    tops = {(g["market"], g["nice_class"]): g for g in nov["top_gaps"]}
    assert set(tops) == {("CN", 9), ("US", 7), ("VN", 12)}
    assert tops["VN", 12]["status"] == "missing"
    assert tops["VN", 12]["region"] == "ASEAN"
    assert tops["CN", 9]["products"] == ["P-DRILL"]


def test_a_filing_to_close_the_gaps_is_among_the_decisions(nov):
    kinds = [d["kind"] for d in nov["decisions"]]
    assert "file" in kinds
    filing = next(d for d in nov["decisions"] if d["kind"] == "file")
    assert filing["brand"] == "KANGDA" and filing["cells"] >= 1


def test_month_to_date_counts_only_the_days_so_far(runner, november):
    early = figures(runner, "--month", "2026-11", "--as-of", "2026-11-09")
    assert early["as_of"] == "2026-11-09"
    assert early["alerts_new"] == 2  # A1 and A2; A3 came on the 10th
    assert early["alerts_triaged"] == 3  # A1, A2 and A4 (escalated on the 2nd)
    assert early["takedowns"] == 0
    assert early["lapsed"] == 1  # CN 9 was still in its grace period on the 9th


def test_december_does_not_count_november(runner, november):
    december = figures(runner, "--month", "2026-12", "--as-of", "2026-12-05")
    assert december["alerts_new"] == 1  # A6
    assert december["cases_opened"] == december["cases_closed"] == 0
    assert december["cases_open"] == 2


def test_the_api_serves_the_same_figures(client, login, november, nov):
    login("executive")
    answer = client.get("/api/v1/reports/figures?month=2026-11")
    assert answer.status_code == 200
    body = answer.get_json()
    assert {k: body[k] for k in EXPECTED} == {k: nov[k] for k in EXPECTED}


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "last month"])
def test_a_bad_month_is_refused_by_name(runner, client, login, month):
    result = runner.invoke(args=["report", "figures", "--month", month])
    assert result.exit_code != 0
    assert "YYYY-MM" in result.output
    login("executive")
    answer = client.get("/api/v1/reports/figures", query_string={"month": month})
    assert answer.status_code == 400
    assert "YYYY-MM" in answer.get_json()["error"]


def test_an_as_of_before_the_month_is_refused(runner, november):
    result = runner.invoke(
        args=["report", "figures", "--month", "2026-11", "--as-of", "2026-10-31"]
    )
    assert result.exit_code != 0
    assert "before the month" in result.output


def test_an_empty_database_gives_zeros_not_errors(runner):
    empty = figures(runner, "--month", "2026-11")
    assert empty["cells"] == 0 and empty["coverage_rate"] is None
    assert empty["alerts_new"] == 0 and empty["takedown_days_median"] is None


def test_the_eu_gaps_of_a_brand_and_class_are_one_row(runner, session):
    from tests.factories import make_patent, make_product

    saw = make_product(session, product_id="P-SAW", nice_classes=[8], markets=["EU", "VN"])
    make_patent(session, [saw])
    session.commit()
    tops = figures(runner, "--month", "2026-11")["top_gaps"]
    eu = next(g for g in tops if g["market"] == "EU")
    assert eu["cells"] == len(eu["markets"]) == 27  # the member states on 2026-11-30
    assert {"DE", "FR", "IT"} <= set(eu["markets"]) and "GB" not in eu["markets"]
    assert eu["region"] == "EU" and eu["nice_class"] == 8
    assert tops[0] is not None and tops[0]["market"] == "EU"  # the biggest first
    assert any(g["market"] == "VN" and g["cells"] == 1 for g in tops)


def test_the_eu_states_are_one_sales_market(runner, session):
    from tests.factories import make_patent, make_product

    saw = make_product(session, product_id="P-SAW", nice_classes=[8], markets=["EU", "CN"])
    make_patent(session, [saw])
    session.commit()
    data = figures(runner, "--month", "2026-11")
    assert data["by_sales_market"]["EU"]["cells"] == 27
    assert set(data["by_sales_market"]) == {"EU", "CN"}
    assert len(data["by_market"]) == 28
