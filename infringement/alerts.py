"""Raise or update alerts: screen what was just observed against the watch list.

One alert per (observation, watched mark), ever: screening the same listing again updates its
alert's score, reasons and last-seen, and never adds a second. Only observations that are new,
changed in a screened field, or last screened against another watch list are screened again;
the alerts of the others just get their last-seen moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from infringement.models import Alert, Observation, ObservationKind
from infringement.observations import Outcome, stored_id
from infringement.opposition import OppositionDeadline, OppositionPeriod, opposition_deadline
from infringement.similarity.index import Hit
from infringement.similarity.logo_match import Logo
from infringement.watch import Candidate, WatchList, screen_candidates
from infringement.watchlist import WatchPlan, group_key, rely_on


@dataclass(frozen=True)
class Watch:
    """Everything screening needs: the plan (groups, exclusions), the index, opposition periods."""

    plan: WatchPlan
    watch_list: WatchList
    periods: Mapping[str, OppositionPeriod]
    threshold: float | None = None


@dataclass
class AlertCounts:
    screened: int = 0
    new: int = 0
    updated: int = 0
    excluded: int = 0


def raise_alerts(
    session: Session,
    outcomes: Sequence[Outcome],
    watch: Watch,
    *,
    now: dt.datetime,
    run_id: int | None,
    logo_of: Callable[[Observation], Logo | None] | None = None,
    text_of: Callable[[Observation], str] | None = None,
    workers: int | None = None,
) -> AlertCounts:
    """Screen the observations of `outcomes` that need it; add or update their alerts.

    `text_of` gives the text to screen (default: the observed text), e.g. a listing title
    without its product words; `logo_of` the observation's picture as a Logo.
    """
    counts = AlertCounts()
    fingerprint = watch.plan.fingerprint
    to_screen = [
        o.observation
        for o in outcomes
        if o.needs_screening or o.observation.screened_with != fingerprint
    ]
    screening = {id(o) for o in to_screen}
    quiet = [o.observation.id for o in outcomes if id(o.observation) not in screening]
    for start in range(0, len(quiet), 500):
        session.execute(
            update(Alert)
            .where(col(Alert.observation_id).in_(quiet[start : start + 500]))
            .values(last_seen=now)
        )
    if not to_screen:
        return counts
    by_id = {str(o.id): o for o in to_screen}
    candidates = (
        Candidate(
            id=str(o.id),
            mark=text_of(o) if text_of is not None else o.text,
            classes=tuple(o.classes),
            logo=logo_of(o) if logo_of is not None else None,
        )
        for o in to_screen
    )
    hits = screen_candidates(
        watch.watch_list, candidates, threshold=watch.threshold, workers=workers
    )
    counts.screened = len(to_screen)
    stored = _stored_alerts(session, [o.id for o in to_screen if o.id is not None])
    for hit in _best_per_pair(hits):
        observation = by_id[hit.candidate_id]
        group = watch.plan.groups.get(group_key(hit.watch_id, hit.watch_mark))
        if group is None:
            continue
        if watch.plan.excluded(group.brand, observation.text, observation.seller):
            counts.excluded += 1
            continue
        alert = stored.get((stored_id(observation), group.key))
        if alert is None:
            reg = rely_on(group, office=observation.office, classes=observation.classes)
            if reg is None:
                continue
            alert = Alert(
                observation_id=stored_id(observation),
                watch_key=group.key,
                brand=group.brand,
                watched_mark=group.text,
                watched_tm_no=reg.tm_no,
                watched_office=reg.office,
                score=round(hit.score, 1),
                reasons=list(hit.reasons),
                first_seen=now,
                last_seen=now,
                run_id=run_id,
            )
            _set_deadline(alert, observation, watch.periods)
            counts.new += 1
        else:
            alert.score, alert.reasons, alert.last_seen = (
                round(hit.score, 1),
                list(hit.reasons),
                now,
            )
            counts.updated += 1
        session.add(alert)
    for observation in to_screen:
        observation.screened_with = fingerprint
        session.add(observation)
    return counts


def _best_per_pair(hits: Sequence[Hit]) -> list[Hit]:
    """Keep the best hit of each (candidate, watched mark) pair."""
    best: dict[tuple[str, str, str], Hit] = {}
    for hit in hits:
        key = (hit.candidate_id, hit.watch_id, hit.watch_mark)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    return list(best.values())


def _stored_alerts(session: Session, ids: Sequence[int]) -> dict[tuple[int, str], Alert]:
    found: dict[tuple[int, str], Alert] = {}
    for start in range(0, len(ids), 500):
        rows = session.exec(
            select(Alert).where(col(Alert.observation_id).in_(ids[start : start + 500]))
        ).all()
        found.update({(a.observation_id, a.watch_key): a for a in rows})
    return found


def _set_deadline(
    alert: Alert, observation: Observation, periods: Mapping[str, OppositionPeriod]
) -> None:
    """Give a filing's alert its office's opposition deadline, or say why there is none."""
    if observation.kind != ObservationKind.FILING:
        return
    if not observation.office or observation.publication_date is None:
        alert.opposition_note = "no publication date or office: no opposition deadline"
        return
    found = opposition_deadline(observation.office, observation.publication_date, periods=periods)
    if isinstance(found, OppositionDeadline):
        alert.opposition_deadline = found.last_day
        alert.opposition_note = found.note[:500]
    else:
        alert.opposition_note = found.reason[:500]
