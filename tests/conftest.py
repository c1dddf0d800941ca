"""Fixtures in the flaskr style: a fresh database per test (SQLite, or PostgreSQL when
IPWATCH_TEST_POSTGRES_URL is set), the app, a session, a client, a CLI runner and logins."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import coverage.models  # noqa: F401  (registers tables)
import infringement.cases.models  # noqa: F401
import infringement.models  # noqa: F401
import monitor.models  # noqa: F401
from monitor import create_app
from monitor.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"
PG_URL = os.environ.get("IPWATCH_TEST_POSTGRES_URL")
PASSWORD = "correct-horse-9"


REFERENCE_DIR = ROOT / "data" / "reference"
REFERENCE_TABLES = [
    "office",
    "regionmembership",
    "marketregion",
    "madridparty",
    "niceclass",
    "trademarkrule",
    "patentrule",
    "pctperiod",
]
_pg_fingerprint: str | None = None


def _load_reference(engine) -> None:
    from coverage.reference import load_reference

    with Session(engine) as s:
        load_reference(REFERENCE_DIR, session=s)
        s.commit()


def _fingerprint(conn) -> str | None:
    """A digest of the reference tables, to notice a test that changed or dropped them."""
    names = {
        r[0]
        for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
    }
    if not {t.name for t in SQLModel.metadata.sorted_tables} <= names or "alembic_version" in names:
        return None
    parts = [
        conn.execute(
            text(f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {t} t")
        ).scalar()
        or ""
        for t in REFERENCE_TABLES
    ]
    return "/".join(parts)


def _prepare_postgres(url: str) -> None:
    """Empty the portfolio tables; rebuild the schema only when a test changed it."""
    global _pg_fingerprint
    engine = make_engine(url)
    with engine.begin() as conn:
        intact = _pg_fingerprint is not None and _fingerprint(conn) == _pg_fingerprint
        if intact:
            others = [
                t.name for t in SQLModel.metadata.sorted_tables if t.name not in REFERENCE_TABLES
            ]
            conn.execute(
                text(
                    "TRUNCATE " + ", ".join(f'"{n}"' for n in others) + " RESTART IDENTITY CASCADE"
                )
            )
        else:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    if not intact:
        SQLModel.metadata.create_all(engine)
        _load_reference(engine)
        with engine.connect() as conn:
            _pg_fingerprint = _fingerprint(conn)
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite database with every table and the reference data, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    _load_reference(engine)
    engine.dispose()
    return path


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """URL of a database for this test: every table, the reference data, no portfolio."""
    if PG_URL:
        _prepare_postgres(PG_URL)
        return PG_URL
    target = tmp_path / "test.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def engine(database_url: str):
    """An engine on this test's database."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def app(engine, database_url: str, tmp_path: Path):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "INSTANCE_DIR": str(tmp_path / "instance"),
            "SOURCES_DIR": str(tmp_path / "instance" / "sources"),
            "SCHEDULER": False,
            "TESTING": True,
            "DEFAULT_LOCALE": "en",
        }
    )
    yield app
    app.extensions["ipwatch_engine"].dispose()
    if "ipwatch_writer_engine" in app.extensions:
        app.extensions["ipwatch_writer_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class _Runner:
    """A CLI runner that runs each command in a fresh app context, as `ipwatch` does."""

    def __init__(self, app):
        self.app, self._runner = app, app.test_cli_runner()

    def invoke(self, *args, **kwargs):
        with self.app.app_context():
            return self._runner.invoke(*args, **kwargs)


@pytest.fixture
def runner(app):
    return _Runner(app)


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token a page of `path` carries in its <meta name="csrf-token">."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, f"no csrf token on {path}"
    return match.group(1)


@pytest.fixture
def make_user(session):
    """Create a user with a role; returns its email (password: PASSWORD)."""
    from monitor.auth import create_user
    from monitor.models import Role

    def _make(role: str, email: str | None = None) -> str:
        email = email or f"{role}@example.com"
        create_user(session, email=email, role=Role(role), password=PASSWORD)
        session.commit()
        return email

    return _make


@pytest.fixture
def login(client, make_user):
    """Log the test client in as a new user of `role`; returns the email."""

    def _login(role: str = "brand_manager") -> str:
        email = make_user(role)
        token = csrf_token(client)
        resp = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert resp.status_code in (302, 303), resp.get_data(as_text=True)[:500]
        return email

    return _login
