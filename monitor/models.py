"""Tables of the web edge: users and their API tokens."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlmodel import Field, SQLModel


class Role(StrEnum):
    """What a user may change (see monitor.auth.EDITORS); everyone logged in may read."""

    ADMIN = "admin"
    BRAND_MANAGER = "brand_manager"
    LEGAL = "legal"
    EXECUTIVE = "executive"


class User(SQLModel, table=True):
    """Someone who logs in with email and password; an inactive user and their tokens are refused."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    password_hash: str = Field(max_length=256)
    role: Role
    locale: str | None = Field(default=None, max_length=8)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

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
        return str(self.id)


class ApiToken(SQLModel, table=True):
    """A bearer token for /api/v1/; only its SHA-256 is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_sha256: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(default="", max_length=100)
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
