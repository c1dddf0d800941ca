"""`ipwatch coverage matrix|gaps|deadlines`: the JSON, CSV and table contracts of DESIGN.md."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.factories import make_patent, make_product, make_trademark


@pytest.fixture
def portfolio(session):
    drill = make_product(
        session, product_id="KD-100", brand="KANGDA", nice_classes=[7], markets=["CN", "US", "VN"]
    )
    make_product(session, product_id="KD-200", brand="KANGDA", nice_classes=[8], markets=["CN"])
    make_patent(session, [drill])
    make_trademark(
        session, office="CN", tm_no="900", nice_classes=[7], registration_date=dt.date(2023, 1, 1)
    )
    make_trademark(
        session,
        office="WO",
        tm_no="1600001",
        nice_classes=[7],
        basic_mark="900",
        filing_date=dt.date(2023, 3, 1),
        registration_date=dt.date(2023, 3, 1),
        designations={"US": "refused"},
    )
    session.commit()


def run_json(runner, *args):
    result = runner.invoke(args=[*args, "--format", "json", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_gaps_json_contract(runner, portfolio):
    gaps = run_json(runner, "coverage", "gaps")
    got = {(g["product_id"], g["market"], g["nice_class"], g["status"]) for g in gaps}
    assert got == {("KD-100", "US", 7, "lapsed"), ("KD-100", "VN", 7, "missing")}
    vn = next(g for g in gaps if g["market"] == "VN")
    assert vn["advice"] == "Designate VN subsequently in WO 1600001"
    us = next(g for g in gaps if g["market"] == "US")
    assert us["advice_action"] == "national" and "refused" in us["advice_warning"]


def test_matrix_json_has_every_needed_cell_of_patented_products(runner, portfolio):
    cells = run_json(runner, "coverage", "matrix")
    assert {(c["market"], c["status"]) for c in cells} == {
        ("CN", "protected"),
        ("US", "lapsed"),
        ("VN", "missing"),
    }
    assert all(isinstance(c["nice_class"], int) for c in cells)


def test_all_products_adds_unpatented(runner, portfolio):
    cells = run_json(runner, "coverage", "matrix", "--all-products")
    assert {c["product_id"] for c in cells} == {"KD-100", "KD-200"}


def test_filters_narrow_the_output(runner, portfolio):
    cells = run_json(runner, "coverage", "matrix", "--status", "gap", "--market", "vn")
    assert [(c["market"], c["status"]) for c in cells] == [("VN", "missing")]


def test_csv_and_table_formats(runner, portfolio):
    result = runner.invoke(args=["coverage", "gaps", "--format", "csv", "--as-of", "2026-11-24"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["market"] for r in rows} == {"US", "VN"}
    table = runner.invoke(args=["coverage", "matrix", "--as-of", "2026-11-24"])
    assert table.stdout.splitlines()[0].split()[:5] == [
        "product_id",
        "brand",
        "market",
        "nice_class",
        "status",
    ]


def test_bad_as_of_is_refused_with_a_message(runner, portfolio):
    result = runner.invoke(args=["coverage", "gaps", "--as-of", "2026-02-30"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.stderr


def test_deadlines_json(runner, portfolio, session):
    make_trademark(session, office="CN", tm_no="901", registration_date=dt.date(2017, 3, 1))
    session.commit()
    rows = run_json(runner, "coverage", "deadlines")
    assert {"due": "2027-02-28", "kind": "renewal", "right": "CN 901"}.items() <= rows[0].items()


def test_plan_groups_gaps_into_filings(runner, portfolio):
    plan = run_json(runner, "coverage", "plan")
    assert [(f["action"], f["offices"], f["via"], f["gaps"]) for f in plan] == [
        ("designate", ["VN"], "WO 1600001", 1),
        ("national", ["US"], None, 1),
    ]
    assert "refused" in plan[1]["warnings"][0]


def test_sales_region_filter(runner, session):
    drill = make_product(session, product_id="KD-9", markets=["VN", "TH", "US", "DE"])
    make_patent(session, [drill])
    session.commit()
    cells = run_json(runner, "coverage", "matrix", "--region", "ASEAN")
    assert sorted(c["market"] for c in cells) == ["TH", "VN"]
    eu = run_json(runner, "coverage", "matrix", "--region", "EU")
    assert [c["market"] for c in eu] == ["DE"]
