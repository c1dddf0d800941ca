"""Login, password hashing, roles and bearer tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask, abort
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlmodel import Session
from werkzeug.security import check_password_hash, generate_password_hash

from coverage.messages import msg
from monitor.db import get_session
from monitor.models import ApiToken, Role, User
from monitor.queries.users import get_token, get_user, get_user_by_email

login_manager = LoginManager()
csrf = CSRFProtect()

# Who may change what. Everyone logged in may read; executives only read.
EDITORS = {
    "portfolio": {Role.ADMIN, Role.BRAND_MANAGER},
    "enforcement": {Role.ADMIN, Role.LEGAL},
    "users": {Role.ADMIN},
}


def init_app(app: Flask) -> None:
    """Attach the login manager and CSRF protection to `app`."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    csrf.init_app(app)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = get_user(session=get_session(), user_id=int(user_id))
    return user if user is not None and user.active else None


@login_manager.request_loader
def _load_user_from_token(req: Any) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return find_token_user(get_session(), header.removeprefix("Bearer ").strip())


def hash_password(password: str) -> str:
    """A salted hash of `password`, to store instead of it."""
    return generate_password_hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the user's password."""
    return check_password_hash(user.password_hash, password)


def create_user(session: Session, *, email: str, role: Role, password: str) -> User:
    """Add a user (not committed); raise ValueError(Message) when the email is taken or invalid."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValueError(msg("not an email address: %(email)r", email=email))
    if len(password) < 8:
        raise ValueError(msg("password must have at least 8 characters"))
    if get_user_by_email(session=session, email=email) is not None:
        raise ValueError(msg("a user %(email)s exists already", email=email))
    user = User(email=email, role=role, password_hash=hash_password(password))
    session.add(user)
    return user


def set_active(session: Session, *, user: User, active: bool) -> None:
    """Let `user` log in again, or stop them (not committed); their API tokens follow suit."""
    user.active = active
    session.add(user)


def set_locale(*, session: Session, user: User, locale: str) -> None:
    """Remember the UI language `user` chose (not committed)."""
    user.locale = locale
    session.add(user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = get_user_by_email(session=session, email=email.strip().lower())
    if user is None or not user.active or not verify_password(user, password):
        return None
    return user


def issue_token(session: Session, *, user: User, name: str = "") -> str:
    """Create a bearer token for `user` and return it; only its hash is stored."""
    if user.id is None:
        raise ValueError(f"user {user.email} is not saved yet: flush it before issuing a token")
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_sha256=_sha(token), name=name))
    return token


def find_token_user(session: Session, token: str) -> User | None:
    """The active user who owns the bearer token `token`, or None."""
    row = get_token(session=session, token_sha256=_sha(token))
    if row is None:
        return None
    user = get_user(session=session, user_id=row.user_id)
    return user if user is not None and user.active else None


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_edit(area: str) -> bool:
    """True when the logged-in user may change things in `area` (portfolio, enforcement, users)."""
    return bool(current_user.is_authenticated and current_user.role in EDITORS[area])


def requires_edit(area: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view so that only roles that may edit `area` reach it; others get 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can_edit(area):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
