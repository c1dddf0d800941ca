"""The history's hash chain: intact it verifies; an entry edited, deleted or slipped in behind the
product's back is named where the chain breaks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, update
from sqlmodel import Session, col

from infringement.audit import GENESIS, all_entries, entry_hash, history, record, verify_chain
from infringement.models import AuditEntry

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def chain(session: Session, count: int = 4) -> list[AuditEntry]:
    entries = [
        record(
            session,
            user="legal@example.com",
            entity="case",
            entity_id=1,
            action="stage moved",
            before={"stage": f"s{n}"},
            after={"stage": f"s{n + 1}"},
            now=NOW + dt.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    session.commit()
    return entries


def breaks(session: Session) -> list[tuple[int | None, str]]:
    session.expire_all()
    return [(b.entry_id, b.reason) for b in verify_chain(all_entries(session))]


def test_an_intact_chain_verifies(session: Session) -> None:
    entries = chain(session)
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert breaks(session) == []
    assert [e.after["stage"] for e in history(session, "case", 1)] == ["s1", "s2", "s3", "s4"]


def test_an_edited_entry_is_named(session: Session) -> None:
    entries = chain(session)
    session.execute(
        update(AuditEntry)
        .where(col(AuditEntry.id) == entries[1].id)
        .values(user="someone.else@example.com")
    )
    session.commit()
    assert breaks(session) == [
        (entries[1].id, "its content does not match its hash (it was edited)")
    ]


def test_a_deleted_entry_breaks_the_chain_at_the_next(session: Session) -> None:
    entries = chain(session)
    session.execute(delete(AuditEntry).where(col(AuditEntry.id) == entries[2].id))
    session.commit()
    assert [entry_id for entry_id, _ in breaks(session)] == [entries[3].id]
    assert "deleted or inserted" in breaks(session)[0][1]


def test_an_inserted_entry_is_named(session: Session) -> None:
    entries = chain(session, 2)
    # a forged entry with a well-formed hash, chained to the last one, then a genuine entry
    # whose link still points at the entry before the forgery
    forged = AuditEntry(
        at=NOW,
        user="intruder@example.com",
        entity="case",
        entity_id=1,
        action="stage moved",
        before={},
        after={"stage": "closed"},
        prev_hash=entries[0].hash,
        hash="",
    )
    forged.hash = entry_hash(forged)
    session.add(forged)
    session.commit()
    assert [entry_id for entry_id, _ in breaks(session)] == [forged.id]


def test_a_rewritten_hash_does_not_hide_an_edit(session: Session) -> None:
    entries = chain(session)
    target = entries[1]
    target.after = {"stage": "closed"}
    target.hash = entry_hash(target)  # the forger recomputes the edited entry's own hash
    session.add(target)
    session.commit()
    # ... but the next entry still links to the old hash
    assert [entry_id for entry_id, _ in breaks(session)] == [entries[2].id]
