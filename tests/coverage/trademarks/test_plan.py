"""The filing plan groups gaps into the filings that close them."""

from __future__ import annotations

import datetime as dt

from coverage.grid import CellStatus, ProductInfo
from coverage.queries import load_geography
from coverage.trademarks.advice import Advice, Gap
from coverage.trademarks.matrix import Cell, build_matrix
from coverage.trademarks.plan import plan_filings
from coverage.trademarks.queries import build_coverage, load_rules
from tests.factories import make_patent, make_product, make_trademark

D = dt.date
M = CellStatus.MISSING


def gap(product, market, nice_class, action, office, via=None, caution=None, brand="KANGDA"):
    return Gap(Cell(product, brand, market, nice_class, M), Advice(action, office, via, caution))


def test_subsequent_designations_of_one_registration_are_one_filing():
    plan = plan_filings(
        [
            gap("P1", "VN", 7, "designate", "VN", "WO 1"),
            gap("P1", "TH", 7, "designate", "TH", "WO 1"),
            gap("P2", "SN", 7, "designate", "OA", "WO 1"),
            gap("P2", "VN", 7, "designate", "VN", "WO 1"),
        ]
    )
    assert len(plan) == 1
    filing = plan[0]
    assert (filing.offices, filing.classes, filing.products, filing.gaps) == (
        ("OA", "TH", "VN"),
        (7,),
        ("P1", "P2"),
        4,
    )
    assert filing.text == "Designate OA, TH, VN subsequently in WO 1 for KANGDA, classes 7"


def test_national_filings_are_one_per_office_and_most_gaps_first():
    plan = plan_filings(
        [
            gap("P1", "US", 7, "national", "US"),
            gap("P1", "US", 9, "national", "US"),
            gap("P1", "JP", 7, "national", "JP"),
        ]
    )
    assert [(f.offices, f.classes, f.gaps) for f in plan] == [
        (("US",), (7, 9), 2),
        (("JP",), (7,), 1),
    ]


def test_brands_are_planned_separately_and_cautions_kept():
    plan = plan_filings(
        [
            gap("P1", "SA", 7, "designate", "SA", "WO 1", caution="unverified_party"),
            gap("P9", "SA", 7, "designate", "SA", "WO 7", brand="HENGYA"),
        ]
    )
    assert {f.brand for f in plan} == {"KANGDA", "HENGYA"}
    kangda = next(f for f in plan if f.brand == "KANGDA")
    assert [a.warning for a in kangda.cautions] == [
        "Madrid membership of SA is unverified: confirm before designating"
    ]


def test_one_eu_trade_mark_closes_every_eu_gap(session):
    geography, rules = load_geography(session), load_rules(session)
    product = ProductInfo("P1", "Drill", "KANGDA", (7,), ("EU",))
    cells = build_matrix([product], [], rules, geography, as_of=D(2026, 11, 24))
    from coverage.trademarks.advice import Advisor

    advisor = Advisor([], rules, geography, [], as_of=D(2026, 11, 24))
    plan = plan_filings(advisor.advise(c) for c in cells)
    assert [(f.action, f.offices, f.gaps) for f in plan] == [("eutm", ("EM",), 27)]


def test_plan_from_the_database(session):
    drill = make_product(session, product_id="KD-1", markets=["VN", "TH", "US"], nice_classes=[7])
    make_patent(session, [drill])
    make_trademark(session, office="CN", tm_no="900", registration_date=D(2023, 1, 1))
    session.commit()
    coverage = build_coverage(session, as_of=D(2026, 11, 24))
    plan = plan_filings(coverage.gaps())
    assert [(f.action, f.offices, f.via) for f in plan] == [
        ("madrid", ("TH", "US", "VN"), "CN 900")
    ]
