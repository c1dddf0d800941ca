"""Store what a crawl or gazette saw: one observation per identity, a new version when it changes.

`record_seen` takes what was just observed and either adds the observation or updates the
stored one: `last_seen` always, and the watched fields (title, price, seller, …) with an
`ObservationChange` row naming each field's before and after. `mark_gone` marks the listings a
complete crawl no longer found; a listing found again comes back with a change row saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from infringement.models import Observation, ObservationChange, ObservationKind

TRACKED = {
    ObservationKind.LISTING: ("text", "price", "seller", "image_urls", "classes", "sponsored"),
    ObservationKind.FILING: ("text", "applicant", "filing_status", "classes", "publication_date"),
}
"""Fields whose change makes a new version of an observation."""

SCREENED = ("text", "classes", "image_urls")
"""Fields whose change means the observation must be screened again."""


@dataclass
class Seen:
    """One thing observed now: a listing or a filing, with its identity within its source."""

    source: str
    kind: ObservationKind
    identity: str
    text: str
    url: str | None = None
    price: str | None = None
    seller: str | None = None
    description: str | None = None
    image_urls: list[str] = field(default_factory=list)
    classes: list[int] = field(default_factory=list)
    sponsored: bool = False
    office: str | None = None
    application_no: str | None = None
    applicant: str | None = None
    filing_status: str | None = None
    filing_date: dt.date | None = None
    publication_date: dt.date | None = None


@dataclass(frozen=True)
class Outcome:
    """What `record_seen` did: the observation, and whether it is new, changed or came back."""

    observation: Observation
    new: bool
    changed: tuple[str, ...]
    back: bool

    @property
    def needs_screening(self) -> bool:
        return self.new or any(name in SCREENED for name in self.changed)


def stored_id(observation: Observation) -> int:
    """The id of an observation that was flushed (every stored one has one)."""
    if observation.id is None:
        raise ValueError("the observation was not flushed: it has no id yet")
    return observation.id


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def record_batch(
    session: Session, batch: Iterable[Seen], *, now: dt.datetime, run_id: int | None
) -> list[Outcome]:
    """Record each of `batch` once (a repeat within it is skipped); one query finds the stored."""
    seens = list(batch)
    stored: dict[tuple[str, str], Observation] = {}
    for source in {s.source for s in seens}:
        identities = [s.identity for s in seens if s.source == source]
        for start in range(0, len(identities), 500):
            rows = session.exec(
                select(Observation).where(
                    Observation.source == source,
                    col(Observation.identity).in_(identities[start : start + 500]),
                )
            ).all()
            stored.update({(o.source, o.identity): o for o in rows})
    outcomes: list[Outcome] = []
    done: dict[tuple[str, str], Outcome] = {}
    for seen in seens:
        key = (seen.source, seen.identity)
        if key in done:  # found again by another query of the same crawl: the same listing
            continue
        done[key] = _apply(session, seen, stored.get(key), now=now, run_id=run_id)
        outcomes.append(done[key])
    session.flush()
    return outcomes


def record_seen(session: Session, seen: Seen, *, now: dt.datetime, run_id: int | None) -> Outcome:
    """Add or update the observation of `seen`; flush, so that it has an id."""
    return record_batch(session, [seen], now=now, run_id=run_id)[0]


def _apply(
    session: Session,
    seen: Seen,
    found: Observation | None,
    *,
    now: dt.datetime,
    run_id: int | None,
) -> Outcome:
    values = {name: getattr(seen, name) for name in Seen.__dataclass_fields__}
    if found is None:
        observation = Observation(**values, first_seen=now, last_seen=now, last_run_id=run_id)
        session.add(observation)
        return Outcome(observation, True, (), False)
    changes: dict[str, Any] = {}
    for name in TRACKED[ObservationKind(found.kind)]:
        before, after = getattr(found, name), values[name]
        if before != after:
            changes[name] = [_jsonable(before), _jsonable(after)]
    back = found.gone_at is not None
    if back:
        changes["back"] = [found.gone_at.isoformat() if found.gone_at else None, now.isoformat()]
    for name in ("url", "description", "office", "application_no", "filing_date"):
        if values[name] is not None:
            setattr(found, name, values[name])
    for name in changes:
        if name != "back":
            setattr(found, name, values[name])
    found.last_seen, found.gone_at, found.last_run_id = now, None, run_id
    if changes:
        _new_version(session, found, changes, now=now, run_id=run_id)
    session.add(found)
    return Outcome(found, False, tuple(n for n in changes if n != "back"), back)


def _new_version(
    session: Session,
    observation: Observation,
    changes: dict[str, Any],
    *,
    now: dt.datetime,
    run_id: int | None,
) -> None:
    """Count a new version of `observation` and record what changed in it."""
    observation.version += 1
    session.add(
        ObservationChange(
            observation_id=stored_id(observation),
            version=observation.version,
            at=now,
            run_id=run_id,
            changes=changes,
        )
    )


def mark_gone(
    session: Session,
    source: str,
    *,
    seen_ids: Iterable[int],
    now: dt.datetime,
    run_id: int | None,
) -> int:
    """Mark the source's listings not in `seen_ids` gone (as of `now`); return how many."""
    keep = set(seen_ids)
    listings = session.exec(
        select(Observation).where(
            Observation.source == source,
            Observation.kind == ObservationKind.LISTING,
            col(Observation.gone_at).is_(None),
        )
    ).all()
    count = 0
    for observation in listings:
        if observation.id in keep:
            continue
        observation.gone_at = now
        _new_version(
            session, observation, {"gone": [None, now.isoformat()]}, now=now, run_id=run_id
        )
        session.add(observation)
        count += 1
    return count
