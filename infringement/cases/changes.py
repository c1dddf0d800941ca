"""How every change to a case is made: claim the version read, then write the history entry.

`claim` refuses a stale edit (the version the user saw is not the one stored) and bumps the
version with a conditional UPDATE, so that two writers who read the same version cannot both
win even on PostgreSQL; it takes the case's row lock before any history entry is appended, so
every writer locks in the same order (case row, then the history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from infringement.audit import record
from infringement.cases.models import Case
from infringement.conflicts import Conflict

ENTITY = "case"


def _what(case: Case) -> str:
    return f"case {case.id}"


def claim(session: Session, case: Case, *, now: dt.datetime, expected: int | None = None) -> None:
    """Bump `case`'s version (and `updated_at`) unless `expected` or a concurrent writer says
    the user's copy is stale; raise Conflict with the stored version then (nothing written)."""
    current = case.version
    if expected is not None and expected != current:
        raise Conflict(_what(case), current)
    result = session.execute(
        update(Case)
        .where(col(Case.id) == case.id, col(Case.version) == current)
        .values(version=current + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        stored = session.exec(select(Case.version).where(Case.id == case.id)).first()
        raise Conflict(_what(case), stored)
    # the row is ours now: keep the object in step without another UPDATE
    session.expire(case, ["version", "updated_at"])


def log(
    session: Session,
    case: Case,
    *,
    user: str,
    action: str,
    now: dt.datetime,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append the history entry of a change to `case` (same transaction as the change)."""
    assert case.id is not None, "the case is stored before its history is written"
    record(
        session,
        user=user,
        entity=ENTITY,
        entity_id=case.id,
        action=action,
        before=before,
        after=after,
        now=now,
    )
