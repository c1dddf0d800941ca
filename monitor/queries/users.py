"""Find users and their API tokens."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from monitor.models import ApiToken, User


def get_user(*, session: Session, user_id: int) -> User | None:
    """The user with id `user_id`, or None."""
    return session.get(User, user_id)


def get_user_by_email(*, session: Session, email: str) -> User | None:
    """The user whose email is `email` exactly (emails are stored in lower case), or None."""
    return session.exec(select(User).where(User.email == email)).first()


def list_users_by_email(*, session: Session, emails: Iterable[str]) -> list[User]:
    """The users whose email is one of `emails`, by email."""
    stmt = select(User).where(col(User.email).in_(list(emails))).order_by(User.email)
    return list(session.exec(stmt).all())


def count_users(*, session: Session) -> int:
    """How many users there are, active or not."""
    return session.exec(select(func.count()).select_from(User)).one()


def get_token(*, session: Session, token_sha256: str) -> ApiToken | None:
    """The API token whose SHA-256 (hex) is `token_sha256`, or None."""
    return session.exec(select(ApiToken).where(ApiToken.token_sha256 == token_sha256)).first()


def get_token_by_id(*, session: Session, token_id: int) -> ApiToken | None:
    """The API token with id `token_id` (revoked or not), or None."""
    return session.get(ApiToken, token_id)


def list_users(*, session: Session) -> list[User]:
    """Every user, active or not, by email."""
    return list(session.exec(select(User).order_by(User.email)).all())


def _unrevoked() -> SelectOfScalar[ApiToken]:
    return select(ApiToken).where(col(ApiToken.revoked_at).is_(None))


def list_tokens(*, session: Session, user_id: int) -> list[ApiToken]:
    """The tokens of `user_id` that were not revoked (expired ones included), newest first."""
    stmt = _unrevoked().where(ApiToken.user_id == user_id).order_by(col(ApiToken.id).desc())
    return list(session.exec(stmt).all())


def list_tokens_by_user(*, session: Session) -> dict[int, list[ApiToken]]:
    """The tokens that were not revoked, newest first, by user id (users with none left out)."""
    tokens: dict[int, list[ApiToken]] = {}
    for token in session.exec(_unrevoked().order_by(col(ApiToken.id).desc())).all():
        tokens.setdefault(token.user_id, []).append(token)
    return tokens
