"""Observations and alerts in the database: one observation per identity, a version per change,
one alert per (observation, watched mark) however often it is seen, exclusions silence a brand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from coverage.models import TrademarkStatus, WatchTerm, WatchTermKind
from infringement.alerts import Watch, raise_alerts
from infringement.models import Alert, Observation, ObservationChange, ObservationKind
from infringement.observations import Seen, mark_gone, record_batch
from infringement.opposition import load_periods
from infringement.similarity.config import load_config
from infringement.watch import build_watch_list
from infringement.watchlist import plan_watch, watched_marks
from tests.factories import make_trademark

DATA = Path(__file__).resolve().parents[2] / "data" / "infringement"
T0 = dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def config():
    return load_config(DATA)


def _watch(session, config) -> Watch:
    from coverage.models import Trademark

    plan = plan_watch(session.exec(select(Trademark)).all(), session.exec(select(WatchTerm)).all())
    return Watch(
        plan,
        build_watch_list(watched_marks(plan), config),
        load_periods(DATA / "opposition_periods.csv"),
    )


def listing(url: str, title: str, **more) -> Seen:
    return Seen(
        source="shop", kind=ObservationKind.LISTING, identity=url, text=title, url=url, **more
    )


def _ingest(session, watch, seens, now):
    outcomes = record_batch(session, seens, now=now, run_id=None)
    counts = raise_alerts(session, outcomes, watch, now=now, run_id=None, workers=1)
    session.commit()
    return outcomes, counts


def test_a_recrawl_updates_last_seen_and_records_a_price_change_without_a_second_alert(
    session, config
):
    make_trademark(session, mark_text="KANGDA", nice_classes=[7])
    session.commit()
    watch = _watch(session, config)
    first = [listing("http://m/1", "KANGDAA angle grinder", price="¥199", seller="Shop A")]
    _, counts = _ingest(session, watch, first, T0)
    assert counts.new == 1
    later = T0 + dt.timedelta(days=1)
    again = [listing("http://m/1", "KANGDAA angle grinder", price="¥149", seller="Shop A")]
    outcomes, counts = _ingest(session, watch, again, later)
    assert counts.new == 0 and outcomes[0].changed == ("price",)
    alerts = session.exec(select(Alert)).all()
    assert len(alerts) == 1
    assert alerts[0].last_seen.replace(tzinfo=dt.UTC) == later
    change = session.exec(select(ObservationChange)).one()
    assert change.changes == {"price": ["¥199", "¥149"]}
    assert session.exec(select(Observation)).one().version == 2


def test_the_same_listing_found_by_two_queries_is_one_observation(session, config):
    make_trademark(session, mark_text="KANGDA")
    session.commit()
    watch = _watch(session, config)
    twice = [listing("http://m/9", "KANGDA 康达 drill"), listing("http://m/9", "KANGDA 康达 drill")]
    _ingest(session, watch, twice, T0)
    assert len(session.exec(select(Observation)).all()) == 1
    assert len(session.exec(select(Alert)).all()) == 1


def test_one_alert_per_watched_text_not_per_registration(session, config):
    make_trademark(session, mark_text="KANGDA", office="CN", nice_classes=[7])
    eu = make_trademark(session, mark_text="KANGDA", office="EM", nice_classes=[8])
    session.commit()
    watch = _watch(session, config)
    filing = Seen(
        source="gazette",
        kind=ObservationKind.FILING,
        identity="EM:018999999",
        text="KANGDAA",
        office="EM",
        classes=[8],
        publication_date=dt.date(2026, 10, 1),
    )
    _ingest(session, watch, [filing], T0)
    alert = session.exec(select(Alert)).one()
    assert alert.watched_tm_no == eu.tm_no  # the registration of the filing's own office
    assert alert.opposition_deadline == dt.date(2027, 1, 4)  # 3 months, rolled past a weekend


def test_an_exclusion_silences_the_brand_for_our_authorised_shop(session, config):
    make_trademark(session, mark_text="KANGDA")
    session.add(WatchTerm(brand="KANGDA", kind=WatchTermKind.EXCLUSION, text="康达官方旗舰店"))
    session.commit()
    watch = _watch(session, config)
    ours = listing("http://m/2", "KANGDA 电钻", seller="康达官方旗舰店")
    theirs = listing("http://m/3", "KANGDA 电钻", seller="低价工具店")
    _, counts = _ingest(session, watch, [ours, theirs], T0)
    assert counts.new == 1 and counts.excluded == 1
    alert = session.exec(select(Alert)).one()
    assert session.get(Observation, alert.observation_id).seller == "低价工具店"


def test_an_alias_makes_the_translation_an_alert(session, config):
    make_trademark(session, brand="TIANMU", mark_text="TIANMU")
    session.commit()
    before = _watch(session, config)
    _, counts = _ingest(session, before, [listing("http://m/4", "天目 液压千斤顶")], T0)
    assert counts.new == 0
    session.add(WatchTerm(brand="TIANMU", kind=WatchTermKind.ALIAS, text="天目"))
    session.commit()
    after = _watch(session, config)
    assert after.plan.fingerprint != before.plan.fingerprint
    # unchanged listing, new watch list: screened again
    _, counts = _ingest(session, after, [listing("http://m/4", "天目 液压千斤顶")], T0)
    assert counts.new == 1


def test_expired_marks_are_not_watched(session, config):
    make_trademark(session, mark_text="OLDMARK", status=TrademarkStatus.EXPIRED)
    session.commit()
    assert _watch(session, config).plan.groups == {}


def test_listings_a_complete_crawl_no_longer_finds_are_gone_and_can_come_back(session, config):
    make_trademark(session, mark_text="KANGDA")
    session.commit()
    watch = _watch(session, config)
    outcomes, _ = _ingest(
        session, watch, [listing("http://m/5", "KANGDA"), listing("http://m/6", "KANGDA")], T0
    )
    later = T0 + dt.timedelta(days=1)
    kept = [o.observation.id for o in outcomes if o.observation.identity == "http://m/5"]
    assert mark_gone(session, "shop", seen_ids=kept, now=later, run_id=None) == 1
    session.commit()
    gone = session.exec(select(Observation).where(Observation.identity == "http://m/6")).one()
    assert gone.gone_at is not None
    outcomes, _ = _ingest(session, watch, [listing("http://m/6", "KANGDA")], later)
    assert outcomes[0].back and session.get(Observation, gone.id).gone_at is None
