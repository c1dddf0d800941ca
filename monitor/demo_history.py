"""The demo's last month: so that a fresh demo has a month to report on, `ipwatch demo` replays the
month before today's through the real functions with past times. The story: the demo portfolio
(as data/demo/README.md describes it) was in place before that month began, and the month
before it was frozen when it ended; during the month legal staff watched the demo marketplace —
the listings seen, the look-alikes dismissed as not similar, the counterfeits complained about
and taken down, a seller's counter-notice and a letter left unanswered (both waiting for a
decision); the month was frozen when it ended, as the scheduler does on the 1st.

The listings are those of the demo marketplace (data/demo_sites/market), under the same
addresses the first crawl of `make run` reads, so that crawl finds them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask import Flask
from sqlmodel import Session, col, select

from coverage.models import PortfolioState
from infringement import triage
from infringement.cases.casework import move_stage
from infringement.cases.outcomes import add_outcome
from infringement.models import Alert, AlertStatus, RunStatus
from monitor import db
from monitor.demo_site import MARKET_DIR, load_listings
from monitor.monitoring.ingest import Ingestion
from monitor.monitoring.records import finish_run, start_run
from monitor.monitoring.run_notes import DEMO_HISTORY, note
from monitor.monitoring.runs import goods_table
from monitor.monitoring.watching import load_watch
from monitor.reports.figures import FigureSettings
from monitor.reports.months import Month
from monitor.reports.snapshots import freeze

SOURCE = "demo-market"
BASE = "http://127.0.0.1:5001"
LEGAL = "legal@demo.ipwatch"


def load_demo_history(app: Flask, *, today: dt.date | None = None) -> int:
    """Replay last month's monitoring of the demo marketplace; return the alerts it raised."""
    zone = ZoneInfo(str(app.config["TIMEZONE"]))
    month = Month.of(today or dt.datetime.now(zone).date()).previous()

    def on(day: int, hour: int = 10) -> dt.datetime:
        last = month.last_day.day
        local = dt.datetime(month.year, month.month, min(day, last), hour, tzinfo=zone)
        return local.astimezone(dt.UTC)

    settings = FigureSettings(str(app.config["TIMEZONE"]), int(app.config["TM_EXPIRING_DAYS"]))
    with app.app_context(), Session(db.get_writer_engine(), expire_on_commit=False) as session:
        _portfolio_changed(session, on(1, 0) - dt.timedelta(days=40))  # loaded long before
        before = month.previous()
        freeze(session, before, today=month.first_day, by="demo", settings=settings)
        run_id, raised = _crawl(session, on(3, 2))
        _triage(session, on, run_id)
        session.commit()
        freeze(session, month, today=month.next().first_day, by="demo", settings=settings)
        session.commit()
    return raised


def _portfolio_changed(session: Session, when: dt.datetime) -> None:
    """Date the portfolio's last change as the story has it (the demo is loaded today)."""
    state = session.get(PortfolioState, 1)
    if state is not None:
        state.changed_at = when
        session.add(state)
        session.flush()


def write_demo_reports(app: Flask, *, today: dt.date | None = None) -> None:
    """Write last month's reports, so the Reports page of a fresh demo has one to open."""
    from monitor.reports.delivery import build_reports

    with app.app_context():
        zone = ZoneInfo(str(app.config["TIMEZONE"]))
        build_reports(Month.of(today or dt.datetime.now(zone).date()).previous())


def _crawl(session: Session, when: dt.datetime) -> tuple[int, int]:
    """One crawl of the demo marketplace on `when`, ingested as `make run`'s crawl would be."""
    run = start_run(session, SOURCE, kind="crawl", trigger="demo-history", user=None)
    run.started_at = when
    items = [
        {
            "source": SOURCE,
            "url": f"{BASE}/item/{listing.id}",
            "title": listing.title,
            "price": listing.price,
            "seller": listing.seller,
            "description": " ".join(listing.description),
            "sponsored": listing.sponsored,
            "fetched_at": when.isoformat(),
        }
        for listing in load_listings(MARKET_DIR / "listings.json")
    ]
    ingestion = Ingestion(
        session,
        run,
        load_watch(session),
        store=None,
        goods=goods_table(),
        commit_each_batch=False,
        clock=lambda: when,
    )
    ingestion.listings(items)
    run.pages = len(items)
    finish_run(session, run, RunStatus.FINISHED, note(DEMO_HISTORY))
    run.ended_at = when + dt.timedelta(minutes=3)
    session.add(run)
    session.commit()
    return run.id or 0, run.alerts_new


def _triage(session: Session, on: Callable[..., dt.datetime], run_id: int) -> None:
    """Legal's month: dismiss the look-alikes, complain about the counterfeits, write a letter."""
    alerts = session.exec(
        select(Alert)
        .where(Alert.status == AlertStatus.NEW, Alert.run_id == run_id)
        .order_by(col(Alert.score).desc(), col(Alert.id))
    ).all()
    by_seller: dict[str, list[Alert]] = {}
    for alert in alerts:
        seller = _seller(session, alert)
        by_seller.setdefault(seller, []).append(alert)
    sellers = list(by_seller)
    if len(sellers) < 4:
        return
    # the weakest matches of each seller after the first four: not similar, on the 8th
    weak = [a.id for s in sellers[4:] for a in by_seller[s] if a.id is not None]
    if weak:
        triage.dismiss(session, weak, reason="not_similar", note=None, user=LEGAL, now=on(8))
    cases = []
    for index, seller in enumerate(sellers[:3]):
        ids = [a.id for a in by_seller[seller] if a.id is not None]
        cases.append(
            triage.escalate(
                session,
                ids,
                user=LEGAL,
                now=on(5 + index),
                route="platform_complaint",
                title=f"{seller}：售假链接投诉",
            )
        )
    for index, case in enumerate(cases):
        move_stage(session, case, "complaint_filed", user=LEGAL, now=on(6 + index))
    for index, case in enumerate(cases[:2]):  # two platforms took the listings down
        move_stage(session, case, "taken_down", user=LEGAL, now=on(13 + index))
        listings = len(by_seller[sellers[index]])
        add_outcome(session, case, kind="takedown", on=on(13 + index).date(), user=LEGAL,
                    now=on(13 + index), quantity=listings)  # fmt: skip
    move_stage(session, cases[0], "closed", user=LEGAL, now=on(20))
    move_stage(session, cases[2], "counter_notice", user=LEGAL, now=on(26), note="the seller "
               "claims the goods are genuine parallel imports")  # fmt: skip
    letter = triage.escalate(
        session,
        [a.id for a in by_seller[sellers[3]] if a.id is not None],
        user=LEGAL,
        now=on(9),
        route="cease_and_desist",
        title=f"{sellers[3]}：侵权警告函",
    )
    move_stage(session, letter, "letter_sent", user=LEGAL, now=on(10))
    move_stage(session, letter, "no_response", user=LEGAL, now=on(27))


def _seller(session: Session, alert: Alert) -> str:
    from infringement.models import Observation

    observation = session.get(Observation, alert.observation_id)
    return (observation.seller if observation and observation.seller else "?")[:100]
