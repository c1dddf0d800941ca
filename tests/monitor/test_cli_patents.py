"""`ipwatch patents layout|deadlines|families`: the JSON contract of DESIGN.md."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.factories import make_patent, make_product, make_trademark

D = dt.date


@pytest.fixture
def portfolio(session):
    drill = make_product(session, product_id="KD-1", brand="KANGDA", markets=["CN", "US", "DE"])
    saw = make_product(session, product_id="KD-2", brand="KANGDA", markets=["CN"])
    make_product(session, product_id="NM-1", brand="NOMARK", markets=["CN"])
    make_trademark(session, brand="KANGDA")
    make_trademark(session, brand="NOMARK", status="refused")
    make_patent(
        session,
        [drill],
        office="CN",
        patent_no="ZL1",
        filing_date=D(2020, 1, 1),
        family_id="F1",
        annuity_paid_until=D(2027, 1, 1),
    )
    make_patent(
        session,
        [drill],
        office="EP",
        patent_no="EP1",
        filing_date=D(2020, 6, 1),
        designations=["DE"],
        family_id="F1",
    )
    make_patent(
        session,
        [drill],
        office="US",
        patent_no="US1",
        kind="utility_model",
        filing_date=D(2020, 1, 1),
    )
    session.commit()
    return saw


def run_json(runner, *args):
    result = runner.invoke(args=[*args, "--format", "json", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_layout_json_contract(runner, portfolio):
    cells = run_json(runner, "patents", "layout")
    got = {(c["brand"], c["product_id"], c["market"], c["status"]): c["patents"] for c in cells}
    assert got == {
        ("KANGDA", "KD-1", "CN", "protected"): ["CN ZL1"],
        ("KANGDA", "KD-1", "DE", "protected"): ["EP EP1"],
        ("KANGDA", "KD-1", "US", "protected"): ["US US1"],  # no rule: status kept, never guessed
        ("KANGDA", "KD-2", "CN", "missing"): [],
    }
    us = next(c for c in cells if c["market"] == "US")
    assert us["note"] == "no rule for office US, kind utility_model"


def test_layout_filters(runner, portfolio):
    cells = run_json(runner, "patents", "layout", "--status", "gap")
    assert [(c["product_id"], c["market"]) for c in cells] == [("KD-2", "CN")]
    designs = run_json(runner, "patents", "layout", "--kind", "design", "--product", "KD-1")
    assert {c["status"] for c in designs} == {"missing"}


def test_deadlines_json(runner, portfolio):
    rows = run_json(runner, "patents", "deadlines")
    assert [(r["kind"], r["due"], r["patent"]) for r in rows] == [
        ("annuity", "2027-01-01", "CN ZL1")
    ]
    assert rows[0]["brands"] == ["KANGDA"] and rows[0]["products"] == ["KD-1"]


def test_families_json(runner, portfolio):
    [family] = run_json(runner, "patents", "families")
    assert family["family_id"] == "F1"
    assert family["uncovered"] == ["US"]
