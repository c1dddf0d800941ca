"""A small portfolio and a month of enforcement whose November 2026 figures are known by hand.

Coverage of patented products on 2026-11-30 (Asia/Shanghai):

  P-DRILL (KANGDA, patented: CN invention granted), classes 7, 9, 12, markets CN, VN
    CN 7   CN 10000001 registered 2020-01-01, expires 2029-12-31       protected
    CN 9   CN 10000002 registered 2016-05-10, expired 2026-05-09, its
           six-month grace ended 2026-11-09 (expiring on 2026-10-31)   lapsed   (gap opened)
    CN 12  CN 10000003 registered 2017-03-01, expires 2027-02-28       expiring
    VN 7   VN 4-2026-00001 pending since 2026-06-01                    pending
    VN 9   VN 4-2026-00002 filed 2026-11-15, after October was frozen   pending  (gap closed)
    VN 12  nothing                                                     missing
  P-JACK (KANGDA, patented: US application pending), class 7, market US
    US 7   US 90000001 refused                                         lapsed
  P-LAMP (HENGYA, no patent: not in the coverage matrix), class 11, market CN

  7 cells: 1 protected, 1 expiring, 2 pending, 2 lapsed, 1 missing; rate 1/7.

Patents behind branded products (brands with a pending or registered mark: KANGDA, HENGYA):
  P-DRILL CN live (granted), VN none; P-JACK US live (pending); P-LAMP CN none.
  3 branded products, 1 without a live patent anywhere (P-LAMP); 2 live patent links -> 0.67.

Enforcement in November:
  A1 listing seen 11-03, dismissed "not similar" 11-04
  A2 listing seen 11-03, dismissed "authorised" 11-05
  A3 listing seen 11-10, escalated 11-11 into C1 (platform complaint): complaint filed 11-12,
     taken down 11-20 with 3 listings (10 days after A3 was seen)
  A4 filing seen 10-28 (October), escalated 11-02 into C2 (opposition), left in draft
  A5 listing seen 11-29, waiting
  A6 listing seen 12-02 (December): not November's
  C3 cease-and-desist opened 10-15, letter sent 10-16, no response 11-01, closed 11-25
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from coverage.models import PortfolioState, TrademarkStatus
from coverage.portfolio import bump_revision
from infringement import triage
from infringement.cases.casework import add_alerts, create_case, move_stage
from infringement.cases.outcomes import add_outcome
from infringement.models import Alert, Observation
from tests.factories import make_patent, make_product, make_trademark

ZONE = ZoneInfo("Asia/Shanghai")
USER = "legal@example.com"

EXPECTED: dict[str, Any] = {
    "cells": 7,
    "protected": 1,
    "expiring": 1,
    "pending": 2,
    "lapsed": 2,
    "missing": 1,
    "gaps": 3,
    "at_risk": 3,
    "coverage_rate": round(1 / 7, 4),
    "gaps_opened": 1,
    "gaps_closed": 1,
    "branded_products": 3,
    "branded_products_without_live_patent": 1,
    "patents_per_branded_product": 0.67,
    "alerts_new": 4,
    "alerts_triaged": 4,
    "alerts_dismissed": 2,
    "alerts_dismissed_not_similar": 1,
    "false_alarm_rate": 0.25,
    "alerts_escalated": 2,
    "alerts_open": 1,
    "cases_opened": 2,
    "cases_closed": 1,
    "cases_open": 2,
    "takedowns": 3,
    "takedown_days_median": 10,
}


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    """A moment in 2026, Shanghai time, as the aware datetime the functions take."""
    return dt.datetime(2026, month, day, hour, tzinfo=ZONE)


def build_portfolio(session: Session) -> dict[str, Any]:
    drill = make_product(
        session, product_id="P-DRILL", nice_classes=[7, 9, 12], markets=["CN", "VN"]
    )
    jack = make_product(session, product_id="P-JACK", nice_classes=[7], markets=["US"])
    lamp = make_product(
        session, product_id="P-LAMP", brand="HENGYA", nice_classes=[11], markets=["CN"]
    )
    make_patent(session, [drill], office="CN", patent_no="ZL202010000001.1")
    make_patent(
        session,
        [jack],
        office="US",
        patent_no="18/000001",
        status="pending",
        filing_date=dt.date(2025, 3, 1),
        grant_date=None,
    )
    cn7 = make_trademark(session, tm_no="10000001", nice_classes=[7])
    make_trademark(
        session,
        tm_no="10000002",
        nice_classes=[9],
        filing_date=dt.date(2015, 1, 1),
        registration_date=dt.date(2016, 5, 10),
    )
    make_trademark(
        session,
        tm_no="10000003",
        nice_classes=[12],
        filing_date=dt.date(2016, 1, 1),
        registration_date=dt.date(2017, 3, 1),
    )
    _pending_vn(session, "4-2026-00001", 7, dt.date(2026, 6, 1))
    make_trademark(
        session,
        office="US",
        tm_no="90000001",
        nice_classes=[7],
        status=TrademarkStatus.REFUSED,
        registration_date=None,
    )
    make_trademark(session, brand="HENGYA", mark_text="HENGYA", tm_no="20000001", nice_classes=[11])
    session.commit()
    return {"drill": drill, "jack": jack, "lamp": lamp, "cn7": cn7}


def _pending_vn(session: Session, number: str, nice_class: int, filed: dt.date) -> None:
    make_trademark(
        session,
        office="VN",
        tm_no=number,
        nice_classes=[nice_class],
        status=TrademarkStatus.PENDING,
        filing_date=filed,
        registration_date=None,
    )


def file_in_november(session: Session) -> None:
    """The brand manager files VN class 9 on 2026-11-15 (after October was frozen)."""
    _pending_vn(session, "4-2026-00002", 9, dt.date(2026, 11, 15))
    bump_revision(session)
    state = session.get(PortfolioState, 1)
    assert state is not None
    state.changed_at = at(11, 15)  # when the edit was made, in the story
    session.commit()


def _observation(session: Session, name: str, seen: dt.datetime, kind: str = "listing") -> Alert:
    url = f"http://shop.example/item/{name}"
    observation = Observation(
        source="market",
        kind=kind,
        identity=url,
        text=f"KANGDA {name}",
        url=url,
        seller=f"Shop {name}",
        first_seen=seen,
        last_seen=seen,
    )
    session.add(observation)
    session.flush()
    alert = Alert(
        observation_id=observation.id,
        watch_key="KANGDA|kangda",
        brand="KANGDA",
        watched_mark="KANGDA",
        watched_tm_no="10000001",
        watched_office="CN",
        score=90.0,
        first_seen=seen,
        last_seen=seen,
    )
    session.add(alert)
    session.flush()
    return alert


def build_enforcement(session: Session, portfolio: dict[str, Any]) -> dict[str, Any]:
    mark = portfolio["cn7"].id
    a1 = _observation(session, "a1", at(11, 3))
    a2 = _observation(session, "a2", at(11, 3))
    a3 = _observation(session, "a3", at(11, 10))
    a4 = _observation(session, "a4", at(10, 28), kind="filing")
    a5 = _observation(session, "a5", at(11, 29))
    _observation(session, "a6", at(12, 2))
    triage.dismiss(session, [a1.id], reason="not_similar", note=None, user=USER, now=at(11, 4))
    triage.dismiss(session, [a2.id], reason="authorised", note=None, user=USER, now=at(11, 5))
    c3 = create_case(session, title="Letter to Shop X", route="cease_and_desist", user=USER,
                     now=at(10, 15), registrations=[mark])  # fmt: skip
    move_stage(session, c3, "letter_sent", user=USER, now=at(10, 16))
    move_stage(session, c3, "no_response", user=USER, now=at(11, 1))
    move_stage(session, c3, "closed", user=USER, now=at(11, 25))
    c2 = create_case(session, title="Oppose KANGDAA", route="opposition", user=USER,
                     now=at(11, 2), registrations=[mark])  # fmt: skip
    add_alerts(session, c2, [a4.id], user=USER, now=at(11, 2))
    c1 = create_case(session, title="Shop a3 on the platform", route="platform_complaint",
                     user=USER, now=at(11, 11), registrations=[mark])  # fmt: skip
    add_alerts(session, c1, [a3.id], user=USER, now=at(11, 11))
    move_stage(session, c1, "complaint_filed", user=USER, now=at(11, 12))
    move_stage(session, c1, "taken_down", user=USER, now=at(11, 20))
    add_outcome(session, c1, kind="takedown", on=dt.date(2026, 11, 20), user=USER,
                now=at(11, 20), quantity=3)  # fmt: skip
    session.commit()
    return {"c1": c1, "c2": c2, "c3": c3, "a5": a5}


def edit_portfolio(session: Session) -> None:
    """A brand manager's later edit: VN 12 gets a registration (closes a November gap)."""
    make_trademark(
        session,
        office="VN",
        tm_no="4-2020-00099",
        nice_classes=[12],
        filing_date=dt.date(2019, 1, 1),
        registration_date=dt.date(2020, 1, 1),
    )
    bump_revision(session)
    session.commit()
