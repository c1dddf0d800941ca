"""Find users and their API tokens."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from monitor.models import ApiToken, User


def get_user(*, session: Session, user_id: int) -> User | None:
    """The user with id `user_id`, or None."""
    return session.get(User, user_id)


def get_user_by_email(*, session: Session, email: str) -> User | None:
    """The user whose email is `email` exactly (emails are stored in lower case), or None."""
    return session.exec(select(User).where(User.email == email)).first()


def get_token(*, session: Session, token_sha256: str) -> ApiToken | None:
    """The API token whose SHA-256 (hex) is `token_sha256`, or None."""
    return session.exec(select(ApiToken).where(ApiToken.token_sha256 == token_sha256)).first()


def list_users(*, session: Session) -> list[User]:
    """Every user, active or not, by email."""
    return list(session.exec(select(User).order_by(User.email)).all())


def count_tokens_per_user(*, session: Session) -> dict[int, int]:
    """The number of API tokens of each user id that has any."""
    stmt = select(ApiToken.user_id, func.count()).group_by(col(ApiToken.user_id))
    return dict(session.exec(stmt).all())
