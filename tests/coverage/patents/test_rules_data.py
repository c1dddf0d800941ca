"""The shipped patent terms and PCT national-phase periods (data/reference), as DOMAIN.md gives them."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest
from sqlmodel import Session, select

from coverage.models import PatentRule, PctPeriod
from coverage.reference import read_table
from coverage.reference_tables import TABLES

REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"
ONE_DAY = dt.timedelta(days=1)
# Schemes closed to new filings: no rule for a later filing.
ENDED = {("AU", "utility_model")}  # innovation patents: no filings after 2021-08-25


def _rules(session: Session, office: str, kind: str) -> list[PatentRule]:
    query = select(PatentRule).where(PatentRule.office == office, PatentRule.kind == kind)
    return sorted(session.exec(query), key=lambda r: r.filed_from or dt.date.min)


def _rule_for(session: Session, office: str, kind: str, filed: dt.date) -> PatentRule:
    (rule,) = [
        r
        for r in _rules(session, office, kind)
        if (r.filed_from or dt.date.min) <= filed <= (r.filed_until or dt.date.max)
    ]
    return rule


@pytest.mark.parametrize(
    ("office", "kind", "filed", "years", "start"),
    [
        pytest.param("CN", "invention", "2010-01-15", 20, "filing", id="CN-invention-20y"),
        pytest.param("CN", "utility_model", "2018-03-01", 10, "filing", id="CN-utility-10y"),
        pytest.param("CN", "design", "2021-05-31", 10, "filing", id="CN-design-filed-05-31-10y"),
        pytest.param("CN", "design", "2021-06-01", 15, "filing", id="CN-design-filed-06-01-15y"),
        pytest.param("CN", "design", "2009-10-01", 10, "filing", id="CN-design-2008-law-10y"),
        pytest.param("US", "invention", "2016-04-04", 20, "filing", id="US-utility-20y"),
        pytest.param("US", "design", "2015-05-12", 14, "grant", id="US-design-filed-05-12-14y"),
        pytest.param("US", "design", "2015-05-13", 15, "grant", id="US-design-filed-05-13-15y"),
        pytest.param("EP", "invention", "2019-09-09", 20, "filing", id="EP-invention-20y"),
        pytest.param("JP", "invention", "2012-02-02", 20, "filing", id="JP-invention-20y"),
        pytest.param("JP", "utility_model", "2023-01-05", 10, "filing", id="JP-utility-10y"),
        pytest.param("JP", "design", "2020-03-31", 20, "grant", id="JP-design-03-31-20y-reg"),
        pytest.param("JP", "design", "2020-04-01", 25, "filing", id="JP-design-04-01-25y"),
        pytest.param("KR", "invention", "2017-07-07", 20, "filing", id="KR-invention-20y"),
        pytest.param("KR", "utility_model", "2020-08-08", 10, "filing", id="KR-utility-10y"),
        pytest.param("KR", "design", "2014-06-30", 15, "grant", id="KR-design-06-30-15y-reg"),
        pytest.param("KR", "design", "2014-07-01", 20, "filing", id="KR-design-07-01-20y"),
        pytest.param("DE", "utility_model", "2022-02-22", 10, "filing", id="DE-gebrauchsmuster"),
        pytest.param("IT", "utility_model", "2022-02-22", 10, "filing", id="IT-modello-utilita"),
        pytest.param("BR", "utility_model", "2022-02-22", 15, "filing", id="BR-utility-15y"),
        pytest.param("AU", "utility_model", "2021-08-25", 8, "filing", id="AU-last-innovation"),
        pytest.param("GB", "invention", "2022-02-22", 20, "filing", id="GB-invention-20y"),
    ],
)
def test_term_of_a_filing(
    session: Session, office: str, kind: str, filed: str, years: int, start: str
) -> None:
    rule = _rule_for(session, office, kind, dt.date.fromisoformat(filed))
    assert (rule.term_years, rule.term_from) == (years, start)


@pytest.mark.parametrize(
    ("office", "kind", "filed"),
    [
        pytest.param("US", "utility_model", "2020-01-01", id="US-has-no-utility-model"),
        pytest.param("EP", "utility_model", "2020-01-01", id="EP-grants-no-utility-model"),
        pytest.param("EP", "design", "2020-01-01", id="EU-designs-are-not-EP-patents"),
        pytest.param("GB", "utility_model", "2020-01-01", id="GB-has-no-utility-model"),
        pytest.param("IN", "utility_model", "2020-01-01", id="IN-has-no-utility-model"),
        pytest.param("WO", "invention", "2020-01-01", id="a-PCT-application-has-no-own-term"),
        pytest.param("AU", "utility_model", "2021-08-26", id="AU-innovation-patents-ended"),
    ],
)
def test_no_rule_for_a_kind_the_office_does_not_grant(
    session: Session, office: str, kind: str, filed: str
) -> None:
    day = dt.date.fromisoformat(filed)
    assert not [
        r
        for r in _rules(session, office, kind)
        if (r.filed_from or dt.date.min) <= day <= (r.filed_until or dt.date.max)
    ]


def _groups() -> list[tuple[str, str]]:
    table = next(t for t in TABLES if t.model is PatentRule)
    rows = [row for _, row in read_table(REFERENCE / table.file, table.columns)]
    return sorted({(row["office"], row["kind"]) for row in rows})


@pytest.mark.parametrize(("office", "kind"), _groups(), ids=lambda v: str(v))
def test_the_date_ranges_of_a_kind_follow_each_other_without_gap_or_overlap(
    session: Session, office: str, kind: str
) -> None:
    rules = _rules(session, office, kind)
    for earlier, later in pairwise(rules):
        assert earlier.filed_until is not None and later.filed_from is not None
        assert earlier.filed_until + ONE_DAY == later.filed_from
    assert rules[0].filed_from is None
    assert (rules[-1].filed_until is None) is ((office, kind) not in ENDED)


def test_cn_design_cut_over_is_2021_05_31_to_2021_06_01(session: Session) -> None:
    ten, fifteen = _rules(session, "CN", "design")
    assert (ten.term_years, ten.filed_from, ten.filed_until) == (10, None, dt.date(2021, 5, 31))
    assert (fifteen.term_years, fifteen.filed_from, fifteen.filed_until) == (
        15,
        dt.date(2021, 6, 1),
        None,
    )


@pytest.mark.parametrize("kind", ["invention", "utility_model", "design"])
def test_cn_annuities_have_6_months_grace_at_5_percent_a_month(session: Session, kind: str) -> None:
    rules = _rules(session, "CN", kind)
    assert rules
    for rule in rules:
        assert rule.annuity_grace_months == 6
        assert rule.annuity_surcharge is not None and "5%" in rule.annuity_surcharge
        assert "per month" in (rule.source or "")


def test_rows_from_domain_md_are_confirmed_and_cite_it(session: Session) -> None:
    domain = {"CN", "US", "EP", "JP", "KR"}
    rows = session.exec(select(PatentRule).where(PatentRule.office.in_(domain))).all()  # type: ignore[attr-defined]
    cited = [r for r in rows if "DOMAIN.md" in (r.source or "")]
    assert len(cited) >= 13
    assert all(r.status == "confirmed" for r in cited)


@pytest.mark.parametrize(
    ("office", "months", "late"),
    [
        pytest.param("CN", 30, 32, id="CN-30-or-32-with-late-fee"),
        pytest.param("EP", 31, None, id="EP-31"),
        pytest.param("KR", 31, None, id="KR-31"),
        pytest.param("IN", 31, None, id="IN-31"),
        pytest.param("JP", 30, None, id="JP-30"),
        pytest.param("US", 30, None, id="US-30"),
        pytest.param("CA", 30, 42, id="CA-30-or-42-with-late-fee"),
        pytest.param("AU", 31, None, id="AU-31"),
        pytest.param("BR", 30, None, id="BR-30"),
    ],
)
def test_pct_national_phase_months(
    session: Session, office: str, months: int, late: int | None
) -> None:
    period = session.get(PctPeriod, office)
    assert period is not None
    assert (period.months, period.late_months) == (months, late)
    assert period.status == "confirmed"


def test_every_pct_period_has_a_source_and_a_late_limit_after_the_normal_one(
    session: Session,
) -> None:
    periods = session.exec(select(PctPeriod)).all()
    assert len(periods) >= 20
    for p in periods:
        assert p.source and p.status in ("confirmed", "unverified")
        assert p.months in (30, 31)
        assert p.late_months is None or p.late_months > p.months


def test_every_patent_rule_has_a_source(session: Session) -> None:
    rules = session.exec(select(PatentRule)).all()
    assert len(rules) >= 30
    assert all(r.source and r.status in ("confirmed", "unverified") for r in rules)
