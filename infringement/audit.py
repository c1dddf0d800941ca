"""The history of alerts and cases: append-only, each entry hash-chained to the one before.

An entry's hash is the SHA-256 of the previous entry's hash and the entry's own fields in a
canonical JSON form, so editing an entry, deleting one or slipping one in breaks the chain from
that point: `verify_chain` names each entry where it breaks. Entries are only added with
`record`; nothing in the product updates or deletes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, desc, select

from infringement.models import AuditEntry

GENESIS = "0" * 64
"""The `prev_hash` of the first entry."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry: over its previous hash and its fields."""
    body = {
        "prev": entry.prev_hash,
        "at": _jsonable(entry.at),
        "user": entry.user,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "action": entry.action,
        "before": _jsonable(entry.before),
        "after": _jsonable(entry.after),
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    user: str,
    entity: str,
    entity_id: int,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: dt.datetime,
) -> AuditEntry:
    """Append an entry after the newest one (flushed, not committed), in the caller's write
    transaction.

    Two writers must not both chain onto the same newest entry: SQLite lets one writer at a
    time; on PostgreSQL the table is locked against other appends until the transaction ends
    (readers are not held up).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("LOCK TABLE auditentry IN EXCLUSIVE MODE")
    last = session.exec(select(AuditEntry.hash).order_by(desc(AuditEntry.id)).limit(1)).first()
    entry = AuditEntry(
        at=now,
        user=user,
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=_jsonable(dict(before or {})),
        after=_jsonable(dict(after or {})),
        prev_hash=last or GENESIS,
        hash="",
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Break:
    """Where the chain breaks: the entry and what is wrong with it."""

    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"entry {self.entry_id}: {self.reason}"


def verify_chain(entries: Iterable[AuditEntry]) -> Iterator[Break]:
    """Yield every break in `entries` (in id order): a changed entry, a missing or extra one."""
    previous = GENESIS
    for entry in entries:
        if entry.prev_hash != previous:
            yield Break(
                entry.id,
                "does not follow the entry before it (an entry was deleted or inserted)",
            )
        if entry_hash(entry) != entry.hash:
            yield Break(entry.id, "its content does not match its hash (it was edited)")
        previous = entry.hash


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """The entries of one alert or case, oldest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id))
    )
    return list(session.exec(query).all())


def all_entries(session: Session) -> Iterator[AuditEntry]:
    """Every entry in id order, read in pages."""
    last = 0
    while True:
        page = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.id) > last)
            .order_by(col(AuditEntry.id))
            .limit(1000)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].id or last
