"""What to file for a gap: subsequent designation, Madrid, EU trade mark, regional or national."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.grid import CellStatus
from coverage.queries import load_geography
from coverage.trademarks.advice import Advisor
from coverage.trademarks.matrix import Cell
from coverage.trademarks.queries import load_rules
from coverage.trademarks.standing import MarkInfo

D = dt.date
TODAY = D(2026, 11, 24)


def mark(
    office="CN",
    no="900",
    classes=(7,),
    status="registered",
    designations=(),
    basic=None,
    registered=D(2021, 3, 1),
):
    return MarkInfo(
        office,
        no,
        "KANGDA",
        tuple(classes),
        status,
        registered,
        registered,
        None,
        basic,
        tuple(designations),
    )


HOME = mark()
IR = mark(
    "WO",
    "1600001",
    designations=[("US", "protected"), ("JP", "refused")],
    basic="900",
    registered=D(2023, 3, 1),
)

CASES = [
    # id, marks, market, expected (action, office, via), warning contains
    ("eu-gap-with-live-ir-designate-em", [HOME, IR], "DE", ("designate", "EM", "WO 1600001"), None),
    ("eu-gap-without-ir-file-eutm", [HOME], "FR", ("eutm", "EM", None), None),
    (
        "madrid-party-with-live-ir-designate",
        [HOME, IR],
        "VN",
        ("designate", "VN", "WO 1600001"),
        None,
    ),
    (
        "madrid-party-without-ir-file-madrid-on-cn-basic",
        [HOME],
        "VN",
        ("madrid", "VN", "CN 900"),
        None,
    ),
    ("refused-designation-file-nationally", [HOME, IR], "JP", ("national", "JP", None), "refused"),
    ("oapi-country-designates-oa", [HOME, IR], "SN", ("designate", "OA", "WO 1600001"), None),
    ("benelux-country-is-eu-so-eutm", [HOME], "NL", ("eutm", "EM", None), None),
    ("no-home-mark-national-filing", [], "VN", ("national", "VN", None), None),
    (
        "ir-in-other-class-cannot-be-extended",
        [
            mark(classes=(9,)),
            mark("WO", "1600002", classes=(9,), designations=[("US", "protected")], basic="900"),
        ],
        "VN",
        ("national", "VN", None),
        None,
    ),
    ("taiwan-outside-madrid", [HOME, IR], "TW", ("national", "TW", None), "TIPO"),
    ("hong-kong-not-reached-by-cn", [HOME, IR], "HK", ("national", "HK", None), "Hong Kong"),
    ("argentina-not-a-madrid-party", [HOME, IR], "AR", ("national", "AR", None), None),
    ("home-market-cn-national", [IR], "CN", ("national", "CN", None), None),
    (
        "unverified-madrid-party-warns",
        [HOME, IR],
        "SA",
        ("designate", "SA", "WO 1600001"),
        "unverified",
    ),
    (
        "ir-fallen-by-central-attack-not-used",
        [mark(status="cancelled"), IR],
        "VN",
        ("national", "VN", None),
        None,
    ),
]


@pytest.mark.parametrize(
    ("marks", "market", "expected", "warning"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_advice(session, marks, market, expected, warning):
    advisor = Advisor(marks, load_rules(session), load_geography(session), [], as_of=TODAY)
    gap = advisor.advise(Cell("P1", "KANGDA", market, 7, CellStatus.MISSING))
    advice = gap.advice
    assert (advice.action, advice.office, advice.via) == expected
    if warning:
        assert warning in (advice.warning or "")
    else:
        assert advice.warning is None


def test_advice_reads_as_a_sentence(session):
    advisor = Advisor([HOME, IR], load_rules(session), load_geography(session), [], as_of=TODAY)
    gap = advisor.advise(Cell("P1", "KANGDA", "VN", 7, CellStatus.MISSING))
    assert gap.advice.text == "Designate VN subsequently in WO 1600001"
    assert gap.as_dict()["advice"] == "Designate VN subsequently in WO 1600001"
