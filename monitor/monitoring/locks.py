"""One run per source at a time, across processes and (on PostgreSQL) across machines.

On PostgreSQL the lock is a session advisory lock held on a connection of its own: it holds
across machines and is released by the server when the holder dies. On SQLite (one machine) it
is a `RunLock` row naming its holder (host:pid); a row whose holder process is gone, or whose
time ran out, is taken over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from coverage.models import as_utc
from infringement.models import RunLock

HOLDER = f"{socket.gethostname()}:{os.getpid()}"


class Busy(Exception):
    """Someone else holds the lock."""


def _key(name: str) -> int:
    """A signed 64-bit advisory lock key for `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _alive(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's process: trust its expiry
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def run_lock(engine: Engine, name: str, *, ttl: dt.timedelta) -> Iterator[None]:
    """Hold the lock called `name` for the block; raise Busy when another holder has it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            if not conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}
            ).scalar():
                raise Busy(name)
            try:
                yield
            finally:
                _unlock_pg(conn, name)
        return
    _take_row(engine, name, ttl)
    try:
        yield
    finally:
        with Session(engine) as session:
            row = session.get(RunLock, name)
            if row is not None and row.holder == HOLDER:
                session.delete(row)
                session.commit()


def _unlock_pg(conn: Connection, name: str) -> None:
    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
    conn.commit()


def _take_row(engine: Engine, name: str, ttl: dt.timedelta) -> None:
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session:
        row = session.get(RunLock, name)
        if row is not None:
            expires = as_utc(row.expires_at)
            if expires > now and _alive(row.holder):
                raise Busy(name)
            session.delete(row)
            session.flush()
        session.add(RunLock(name=name, holder=HOLDER, acquired_at=now, expires_at=now + ttl))
        try:
            session.commit()
        except IntegrityError:  # taken by another process between our read and our write
            raise Busy(name) from None


def is_locked(engine: Engine, name: str) -> bool:
    """Whether someone holds `name` now (for pages; the answer may change at once)."""
    try:
        with run_lock(engine, name, ttl=dt.timedelta(seconds=5)):
            return False
    except Busy:
        return True
