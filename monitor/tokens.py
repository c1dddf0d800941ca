"""API bearer tokens: issue, check (scope, expiry, revocation, deactivation), revoke, list."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlmodel import Session

from monitor.models import ApiToken, TokenScope, User, utc_now
from monitor.queries.users import get_token, get_user

DEFAULT_DAYS = 90
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# last_used_at is written at most this often per token, not on every request
TOUCH_EVERY = dt.timedelta(minutes=1)


def issue_token(
    session: Session,
    *,
    user: User,
    name: str = "",
    scope: TokenScope | str = TokenScope.READ,
    days: int | None = DEFAULT_DAYS,
    now: dt.datetime | None = None,
) -> str:
    """Create a bearer token for `user` valid `days` days (None: no expiry) and return it; only
    its hash is stored (not committed)."""
    if user.id is None:
        raise ValueError(f"user {user.email} is not saved yet: flush it before issuing a token")
    if days is not None and days < 1:
        raise ValueError("a token must be valid for at least one day")
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            token_sha256=token_hash(token),
            name=name,
            scope=TokenScope(scope),
            created_at=now,
            expires_at=None if days is None else now + dt.timedelta(days=days),
        )
    )
    return token


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which `token` is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_live(token: ApiToken, user: User, *, now: dt.datetime) -> bool:
    """True when `token` of `user` may be used at `now`: not revoked or expired, the user active
    and the token created after the user's last deactivation."""
    if token.revoked_at is not None or not user.active:
        return False
    if token.expires_at is not None and token.expires_at <= now:
        return False
    return user.tokens_valid_after is None or token.created_at > user.tokens_valid_after


def find_live_token(
    *, session: Session, token: str, now: dt.datetime
) -> tuple[ApiToken, User] | None:
    """The stored token `token` and its user when it may be used at `now`, else None."""
    row = get_token(session=session, token_sha256=token_hash(token))
    if row is None:
        return None
    user = get_user(session=session, user_id=row.user_id)
    if user is None or not is_live(row, user, now=now):
        return None
    return row, user


def find_token_user(session: Session, token: str) -> User | None:
    """The active user who owns the usable bearer token `token`, or None."""
    found = find_live_token(session=session, token=token, now=utc_now())
    return None if found is None else found[1]


def token_allows(token: ApiToken, method: str) -> bool:
    """True when `token`'s scope allows an HTTP `method`: read tokens only read."""
    return method.upper() in SAFE_METHODS or token.scope == TokenScope.READ_WRITE


def touch_token(*, session: Session, token: ApiToken, now: dt.datetime) -> bool:
    """Record that `token` was used at `now` (not committed); False when it was recorded less
    than TOUCH_EVERY ago and nothing changed."""
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return False
    token.last_used_at = now
    session.add(token)
    return True


def revoke_token(*, session: Session, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Stop `token` from working, for good (not committed)."""
    if token.revoked_at is None:
        token.revoked_at = now or utc_now()
        session.add(token)
