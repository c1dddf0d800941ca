"""Tables of the web edge: users and their API tokens."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coverage.models import utc_now


class Role(StrEnum):
    """What a user may change (see monitor.auth.EDITORS); everyone logged in may read."""

    ADMIN = "admin"
    BRAND_MANAGER = "brand_manager"
    LEGAL = "legal"
    EXECUTIVE = "executive"


class TokenScope(StrEnum):
    """What an API token may do: read (GET) only, or also change through write endpoints."""

    READ = "read"
    READ_WRITE = "read-write"


class User(SQLModel, table=True):
    """Someone who logs in with email and password; an inactive user and their tokens are refused."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    password_hash: str = Field(max_length=256)
    role: Role
    locale: str | None = Field(default=None, max_length=8)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utc_now)
    # bumped by logout, a password change or reset and deactivation: older sessions stop working
    session_generation: int = Field(default=0)
    # tokens created at or before this moment are refused (set on deactivation)
    tokens_valid_after: dt.datetime | None = None
    # set by an administrator's reset: the one-time password must be replaced before anything else
    must_change_password: bool = False

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: user id and session generation, `17:3`."""
        return f"{self.id}:{self.session_generation}"


class ApiToken(SQLModel, table=True):
    """A bearer token for /api/v1/; only its SHA-256 is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_sha256: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(default="", max_length=100)
    created_at: dt.datetime = Field(default_factory=utc_now)
    # stored as its text value, so that adding a scope needs no database enum change
    scope: TokenScope = Field(default=TokenScope.READ, sa_type=String(16))
    expires_at: dt.datetime | None = None  # None: never (only when asked for explicitly)
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


from monitor.background.models import BackgroundJob  # noqa: E402  (registers the table)
from monitor.reports.models import MonthlySnapshot  # noqa: E402  (registers the table)

__all__ = ["ApiToken", "BackgroundJob", "MonthlySnapshot", "Role", "TokenScope", "User", "utc_now"]
