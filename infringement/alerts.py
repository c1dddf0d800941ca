"""Raise or update alerts: screen what was just observed against the watch list.

One alert per (observation, watched mark), ever: screening the same listing again updates its
alert's score, reasons and last-seen, and never adds a second. Only observations that are new,
changed in a screened field, or last screened against another watch list are screened again;
the alerts of the others just get their last-seen moved. A dismissed listing alert stays
dismissed, unless the listing's title or picture changed and it still resembles the mark: then
it is reopened (new again) with a note of what changed, recorded in the history as "ipwatch".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from infringement import audit
from infringement.models import Alert, AlertStatus, Observation, ObservationChange, ObservationKind
from infringement.observations import Outcome, stored_id
from infringement.opposition import OppositionDeadline, OppositionPeriod, opposition_deadline
from infringement.similarity.index import Hit
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
    picture_of: Callable[[Observation], Path | None] | None = None,
    text_of: Callable[[Observation], str] | None = None,
    workers: int | None = None,
) -> AlertCounts:
    """Screen the observations of `outcomes` that need it; add or update their alerts.

    `text_of` gives the text to screen (default: the observed text), e.g. a listing title
    without its product words; `picture_of` the file of the observation's picture (opened and
    matched against our logos by the screening, in worker processes when `workers` allows).
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
            picture=picture_of(o) if picture_of is not None else None,
        )
        for o in to_screen
    )
    hits = screen_candidates(
        watch.watch_list, candidates, threshold=watch.threshold, workers=workers
    )
    counts.screened = len(to_screen)
    stored = _stored_alerts(session, [o.id for o in to_screen if o.id is not None])
    changed = {id(o.observation): o.changed for o in outcomes}
    reopened: list[Alert] = []
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
            if _reopen(session, alert, observation, changed.get(id(observation), ())):
                reopened.append(alert)
        session.add(alert)
    for observation in to_screen:
        observation.screened_with = fingerprint
        session.add(observation)
    _record_reopened(session, reopened, now=now)
    return counts


REOPENING = ("text", "image_urls")
"""Fields of a listing whose change reopens its dismissed alerts (not price, seller…)."""
REOPENED_BY = "ipwatch"  # the history's user for a reopening by a crawl


def _reopen(
    session: Session, alert: Alert, observation: Observation, changed: Sequence[str]
) -> bool:
    """Reopen a dismissed listing alert whose title or picture changed; say whether it was."""
    fields = [name for name in REOPENING if name in changed]
    if not fields or alert.status != AlertStatus.DISMISSED:
        return False
    if observation.kind != ObservationKind.LISTING:
        return False
    last = session.exec(
        select(ObservationChange).where(
            ObservationChange.observation_id == stored_id(observation),
            ObservationChange.version == observation.version,
        )
    ).first()
    notes = []
    if "text" in fields:
        before, after = (last.changes.get("text") if last else None) or [None, observation.text]
        notes.append(f"title changed: {_clip(before)} → {_clip(after)}")
    if "image_urls" in fields:
        notes.append("picture changed")
    alert.reopened_note = "; ".join(notes)[:1000]
    return True


def _clip(text: object) -> str:
    words = str(text or "")
    return f"“{words[:400]}…”" if len(words) > 400 else f"“{words}”"


def _record_reopened(session: Session, alerts: Sequence[Alert], *, now: dt.datetime) -> None:
    """Make the reopened alerts new again and record each in the history (after every other
    write of the screening, so that the history's lock is taken last)."""
    if not alerts:
        return
    session.flush()
    for alert in alerts:
        before = {
            "status": alert.status,
            "dismiss_reason": alert.dismiss_reason,
            "dismiss_note": alert.dismiss_note,
            "version": alert.version,
        }
        alert.status = AlertStatus.NEW
        alert.dismiss_reason = alert.dismiss_note = None
        alert.triaged_at, alert.triaged_by = now, REOPENED_BY
        alert.version += 1
        session.add(alert)
        after = {
            "status": alert.status,
            "reopened_note": alert.reopened_note,
            "version": alert.version,
        }
        audit.record(
            session,
            user=REOPENED_BY,
            entity="alert",
            entity_id=alert.id or 0,
            action="reopened",
            before=before,
            after=after,
            now=now,
        )


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
