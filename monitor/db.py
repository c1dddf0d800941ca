"""Database engine per app, one session per request (on `g`), migrations and reference loading."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# How long an SQLite connection waits for another's write to finish before "database is locked".
SQLITE_BUSY_TIMEOUT = 15.0  # seconds


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """Create the engine for `url`; SQLite gets WAL, a busy timeout and foreign keys.

    `immediate` (SQLite): every transaction starts with BEGIN IMMEDIATE, taking the write lock
    at once (waiting up to the busy timeout) instead of failing with "database is locked" when
    it reads, another connection writes, and it then writes on its stale snapshot. For the
    long-running writers (crawl ingestion), whose transactions read and then write.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        timeout = SQLITE_BUSY_TIMEOUT
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragma(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # WAL: readers never wait for a writer (a long import), nor a writer for readers.
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; fsync at checkpoints
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            if immediate:
                dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (below)

        if immediate:

            @event.listens_for(engine, "begin")
            def _begin(conn):  # type: ignore[no-untyped-def]
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def instance_dir() -> Path:
    """The running app's instance folder: uploads, evidence, exports, reports (local state)."""
    return Path(str(current_app.config["INSTANCE_DIR"]))


def get_engine() -> Engine:
    return current_app.extensions["ipwatch_engine"]


def get_writer_engine() -> Engine:
    """An engine whose SQLite transactions take the write lock at once (see make_engine)."""
    engine = current_app.extensions.get("ipwatch_writer_engine")
    if engine is None:
        url = current_app.config["DATABASE_URL"]
        engine = make_engine(url, immediate=True) if url.startswith("sqlite") else get_engine()
        current_app.extensions["ipwatch_writer_engine"] = engine
    return engine


def get_session() -> Session:
    """Return the request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def get_write_session() -> Session:
    """The request's session for a change that reads then writes (triage, case edits).

    On SQLite its transactions take the write lock at once (see make_engine), so a crawl
    committing between its read and its write cannot make it fail with "database is locked".
    """
    if "db_write_session" not in g:
        g.db_write_session = Session(get_writer_engine(), expire_on_commit=False)
    return g.db_write_session


def close_session(_exc: BaseException | None = None) -> None:
    for name in ("db_session", "db_write_session"):
        session = g.pop(name, None)
        if session is not None:
            session.close()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    """Create or migrate the database at `url` to the newest revision."""
    command.upgrade(alembic_config(url), "head")


def init_app(app: Flask) -> None:
    app.extensions["ipwatch_engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)
