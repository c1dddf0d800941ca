"""Fixtures in the flaskr style: a fresh database per test (SQLite, or PostgreSQL when
IPWATCH_TEST_POSTGRES_URL is set), the app, a session, a client, a CLI runner and logins."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import coverage.models  # noqa: F401  (registers tables)
import monitor.models  # noqa: F401
from monitor import create_app
from monitor.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"
PG_URL = os.environ.get("IPWATCH_TEST_POSTGRES_URL")
PASSWORD = "correct-horse-9"


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """URL of an empty database for this test."""
    if PG_URL:
        _reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(database_url: str):
    """An engine on a fresh database with every table and the reference data."""
    from coverage.reference import load_reference

    eng = make_engine(database_url)
    SQLModel.metadata.create_all(eng)
    with Session(eng) as s:
        load_reference(s, ROOT / "data" / "reference")
        s.commit()
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def app(engine, database_url: str, tmp_path: Path):
    app = create_app({
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SOURCES_DIR": str(tmp_path / "instance" / "sources"),
        "SCHEDULER": False,
        "TESTING": True,
        "DEFAULT_LOCALE": "en",
    })
    yield app
    app.extensions["ipwatch_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


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
        resp = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        assert resp.status_code in (302, 303), resp.get_data(as_text=True)[:500]
        return email

    return _login
