"""Triage in the domain: dismiss with a reason, escalate into a new or an existing case, assign,
snooze; bulk all or nothing; a stale version refused with nothing written; every change in the
hash-chained history; a dismissed listing reopened by a new title or picture, not by a price."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session, select

from infringement import triage
from infringement.alerts import Watch, raise_alerts
from infringement.audit import all_entries, history, verify_chain
from infringement.cases.models import Case, CaseRegistration
from infringement.models import Alert, AlertStatus, ObservationKind
from infringement.observations import Seen, record_batch
from infringement.triage import TriageConflict, TriageRefused
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
LEGAL, OTHER = "legal@example.com", "counsel@example.com"
DATA = Path(__file__).resolve().parents[2] / "data" / "infringement"


@pytest.fixture
def three(session: Session) -> list[Alert]:
    """Three new listing alerts on KANGDA (CN 10000001, a live mark of ours)."""
    make_trademark(session, office="CN", tm_no="10000001")
    alerts = [
        make_alert(session, make_observation(session, text=f"KANGDA drill {n}"), score=90 - n)
        for n in range(3)
    ]
    session.commit()
    return alerts


def _ids(alerts: list[Alert]) -> list[int]:
    return [a.id for a in alerts if a.id is not None]


def _fresh(session: Session, alert: Alert) -> Alert:
    session.expire_all()
    found = session.get(Alert, alert.id)
    assert found is not None
    return found


def test_dismiss_records_reason_note_who_and_when_and_bumps_the_version(session, three):
    done = triage.dismiss(
        session, _ids(three[:2]), reason="authorised", note="our dealer", user=LEGAL, now=NOW
    )
    session.commit()
    assert [a.id for a in done] == _ids(three[:2])
    alert = _fresh(session, three[0])
    assert alert.status == AlertStatus.DISMISSED and alert.dismiss_reason == "authorised"
    assert alert.dismiss_note == "our dealer" and alert.version == 2
    assert alert.triaged_by == LEGAL and alert.triaged_at.replace(tzinfo=dt.UTC) == NOW
    assert _fresh(session, three[2]).status == AlertStatus.NEW  # not asked: untouched
    entry = history(session, "alert", three[0].id)[-1]
    assert (entry.user, entry.action) == (LEGAL, "dismissed")
    assert entry.before["status"] == "new" and entry.after["status"] == "dismissed"
    assert entry.after["dismiss_reason"] == "authorised"
    assert list(verify_chain(all_entries(session))) == []


@pytest.mark.parametrize(
    ("reason", "note", "says"),
    [
        pytest.param("spam", None, "unknown reason 'spam'", id="unknown-reason"),
        pytest.param("other", "x" * 2001, "longer than 2000", id="note-too-long"),
    ],
)
def test_a_bad_dismissal_is_refused_and_writes_nothing(session, three, reason, note, says):
    with pytest.raises(TriageRefused, match=says):
        triage.dismiss(session, _ids(three), reason=reason, note=note, user=LEGAL, now=NOW)
    session.rollback()
    assert {_fresh(session, a).status for a in three} == {AlertStatus.NEW}
    assert list(all_entries(session)) == []


def test_bulk_is_all_or_nothing_a_stale_version_refuses_every_alert(session, three):
    triage.assign(session, [three[1].id], assignee=OTHER, user=OTHER, now=NOW)
    session.commit()  # someone else touched alert 2: its version is now 2
    versions = {a.id: 1 for a in three}
    with pytest.raises(TriageConflict) as caught:
        triage.dismiss(
            session,
            _ids(three),
            reason="not_similar",
            note=None,
            user=LEGAL,
            now=NOW,
            expected_versions=versions,
        )
    session.rollback()
    assert caught.value.alert_id == three[1].id and caught.value.current == 2
    assert caught.value.by == OTHER and caught.value.at.replace(tzinfo=dt.UTC) == NOW
    assert [_fresh(session, a).status for a in three] == [AlertStatus.NEW] * 3
    assert len(list(all_entries(session))) == 1  # only the other user's assignment


def test_an_unknown_alert_in_a_bulk_refuses_them_all(session, three):
    with pytest.raises(TriageRefused, match="no alert 999"):
        triage.snooze(session, [*_ids(three), 999], until=dt.date(2026, 4, 1), user=LEGAL, now=NOW)
    session.rollback()
    assert {_fresh(session, a).status for a in three} == {AlertStatus.NEW}


def test_assign_and_unassign_keep_the_status(session, three):
    triage.assign(session, [three[0].id], assignee="Counsel@Example.com", user=LEGAL, now=NOW)
    session.commit()
    alert = _fresh(session, three[0])
    assert alert.assignee == OTHER and alert.status == AlertStatus.NEW and alert.version == 2
    triage.assign(session, [three[0].id], assignee=None, user=LEGAL, now=NOW)
    session.commit()
    assert _fresh(session, three[0]).assignee is None
    actions = [e.action for e in history(session, "alert", three[0].id)]
    assert actions == ["assigned", "unassigned"]


def test_snooze_sets_the_day_and_refuses_today_or_earlier(session, three):
    with pytest.raises(TriageRefused, match="a day after today"):
        triage.snooze(session, [three[0].id], until=NOW.date(), user=LEGAL, now=NOW)
    session.rollback()
    triage.snooze(session, [three[0].id], until=dt.date(2026, 3, 9), user=LEGAL, now=NOW)
    session.commit()
    alert = _fresh(session, three[0])
    assert alert.status == AlertStatus.SNOOZED and alert.snoozed_until == dt.date(2026, 3, 9)
    entry = history(session, "alert", three[0].id)[-1]
    assert entry.action == "snoozed" and entry.after["snoozed_until"] == "2026-03-09"


def test_escalate_into_a_new_case_relies_on_the_alerts_registration(session, three):
    case = triage.escalate(
        session,
        _ids(three[:2]),
        user=LEGAL,
        now=NOW,
        route="platform_complaint",
        title="KANGDA knock-offs on demo-market",
        expected_versions={a.id: 1 for a in three[:2]},
    )
    session.commit()
    stored = session.get(Case, case.id)
    assert stored is not None and stored.route == "platform_complaint" and stored.stage == "draft"
    assert stored.title == "KANGDA knock-offs on demo-market" and stored.brand == "KANGDA"
    registrations = session.exec(
        select(CaseRegistration).where(CaseRegistration.case_id == case.id)
    ).all()
    assert len(registrations) == 1
    for alert in three[:2]:
        fresh = _fresh(session, alert)
        assert fresh.status == AlertStatus.ESCALATED and fresh.case_id == case.id
        assert fresh.version == 2 and fresh.triaged_by == LEGAL
        assert history(session, "alert", alert.id)[-1].action == "escalated"
    assert [e.action for e in history(session, "case", case.id)][:2] == [
        "case created",
        "alerts added",
    ]


def test_escalate_into_an_existing_case_and_refuse_a_closed_or_missing_one(session, three):
    case = triage.escalate(
        session, [three[0].id], user=LEGAL, now=NOW, route="cease_and_desist", title="C&D"
    )
    session.commit()
    triage.escalate(session, [three[1].id], user=OTHER, now=NOW, case_id=case.id)
    session.commit()
    assert _fresh(session, three[1]).case_id == case.id
    with pytest.raises(TriageRefused, match="no case 404"):
        triage.escalate(session, [three[2].id], user=LEGAL, now=NOW, case_id=404)
    session.rollback()
    with pytest.raises(TriageRefused, match="is in case"):
        triage.escalate(session, [three[0].id], user=LEGAL, now=NOW, route="customs", title="x")
    session.rollback()


@pytest.mark.parametrize(
    ("route", "title", "says"),
    [
        pytest.param(None, "t", "choose a case to add to, or a route", id="no-route"),
        pytest.param("lawsuit", "t", "unknown route 'lawsuit'", id="unknown-route"),
        pytest.param("opposition", "  ", "needs a title", id="blank-title"),
    ],
)
def test_a_new_case_needs_a_known_route_and_a_title(session, three, route, title, says):
    with pytest.raises(TriageRefused, match=says):
        triage.escalate(session, [three[0].id], user=LEGAL, now=NOW, route=route, title=title)
    session.rollback()
    assert session.exec(select(Case)).all() == []
    assert _fresh(session, three[0]).status == AlertStatus.NEW


def test_an_escalated_alert_cannot_be_dismissed_or_snoozed(session, three):
    triage.escalate(session, [three[0].id], user=LEGAL, now=NOW, route="customs", title="t")
    session.commit()
    with pytest.raises(TriageRefused, match="is in case"):
        triage.dismiss(session, [three[0].id], reason="handled", note=None, user=LEGAL, now=NOW)
    session.rollback()
    with pytest.raises(TriageRefused, match="is in case"):
        triage.snooze(session, [three[0].id], until=dt.date(2026, 5, 1), user=LEGAL, now=NOW)


# --- reopening on a re-crawl ---------------------------------------------------------------


@pytest.fixture
def watch(session) -> Watch:
    from coverage.models import Trademark, WatchTerm
    from infringement.opposition import load_periods
    from infringement.similarity.config import load_config
    from infringement.watch import build_watch_list
    from infringement.watchlist import plan_watch, watched_marks

    make_trademark(session, mark_text="KANGDA", nice_classes=[7])
    session.commit()
    plan = plan_watch(session.exec(select(Trademark)).all(), session.exec(select(WatchTerm)).all())
    return Watch(
        plan,
        build_watch_list(watched_marks(plan), load_config(DATA)),
        load_periods(DATA / "opposition_periods.csv"),
    )


def _crawl(session, watch, when, title, *, price="¥199", pictures=("http://m/1.jpg",)):
    seen = Seen(
        source="shop",
        kind=ObservationKind.LISTING,
        identity="http://m/1",
        text=title,
        url="http://m/1",
        price=price,
        seller="Shop A",
        image_urls=list(pictures),
    )
    outcomes = record_batch(session, [seen], now=when, run_id=None)
    raise_alerts(session, outcomes, watch, now=when, run_id=None, workers=1)
    session.commit()
    return session.exec(select(Alert)).one()


def _dismissed(session, watch) -> Alert:
    alert = _crawl(session, watch, NOW, "KANGDAA angle grinder")
    triage.dismiss(session, [alert.id], reason="not_similar", note=None, user=LEGAL, now=NOW)
    session.commit()
    return alert


def test_a_price_or_seller_change_leaves_a_dismissed_alert_dismissed(session, watch):
    alert = _dismissed(session, watch)
    later = NOW + dt.timedelta(days=1)
    again = _crawl(session, watch, later, "KANGDAA angle grinder", price="¥99")
    assert again.id == alert.id and again.status == AlertStatus.DISMISSED
    assert again.reopened_note is None and again.version == 2
    assert [e.action for e in history(session, "alert", alert.id)] == ["dismissed"]


def test_a_new_title_reopens_a_dismissed_listing_alert_with_a_note(session, watch):
    alert = _dismissed(session, watch)
    later = NOW + dt.timedelta(days=1)
    again = _crawl(session, watch, later, "KANGDAA grinder 2026 model")
    assert again.status == AlertStatus.NEW and again.dismiss_reason is None
    assert (
        again.reopened_note
        == "title changed: “KANGDAA angle grinder” → “KANGDAA grinder 2026 model”"
    )
    assert again.version == 3  # a dismissal triaged at version 2 is now stale
    entry = history(session, "alert", alert.id)[-1]
    assert (entry.user, entry.action) == ("ipwatch", "reopened")
    assert entry.before["status"] == "dismissed" and entry.after["status"] == "new"
    assert list(verify_chain(all_entries(session))) == []


def test_a_new_picture_reopens_it_too(session, watch):
    _dismissed(session, watch)
    later = NOW + dt.timedelta(days=1)
    again = _crawl(session, watch, later, "KANGDAA angle grinder", pictures=("http://m/2.jpg",))
    assert again.status == AlertStatus.NEW and again.reopened_note == "picture changed"


def test_two_people_triaging_the_same_alert_at_once_one_gets_a_conflict(
    session, three, database_url
):
    """The second writer waits for the first (row lock on PostgreSQL, the write lock on SQLite)
    and then sees the new version: no lost update, whatever the timing."""
    import threading
    import time

    from monitor.db import make_engine

    engine = make_engine(database_url, immediate=True)
    outcome: list[BaseException | None] = []

    def second() -> None:
        with Session(engine) as other:
            try:
                triage.snooze(
                    other,
                    [three[0].id],
                    until=dt.date(2026, 4, 1),
                    user=OTHER,
                    now=NOW,
                    expected_versions={three[0].id: 1},
                )
                other.commit()
                outcome.append(None)
            except BaseException as exc:  # noqa: BLE001  (reported below)
                outcome.append(exc)

    with Session(engine) as first:
        triage.dismiss(
            first,
            [three[0].id],
            reason="handled",
            note=None,
            user=LEGAL,
            now=NOW,
            expected_versions={three[0].id: 1},
        )
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second is waiting for the first's lock now
        assert thread.is_alive() and outcome == []
        first.commit()
    thread.join(timeout=20)
    engine.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], TriageConflict)
    assert outcome[0].by == LEGAL
    alert = _fresh(session, three[0])
    assert alert.status == AlertStatus.DISMISSED and alert.version == 2
