"""Login sessions, accounts and roles: who is logged in (browser session or, under /api/v1/ only,
a bearer token), creating users, passwords, deactivation and the session generation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, abort, current_app, g, request, send_from_directory
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlmodel import Session

from coverage.messages import msg
from monitor.db import get_session
from monitor.models import Role, User, utc_now
from monitor.passwords import generate_password, hash_password, password_problem, verify_password
from monitor.queries.users import get_user, get_user_by_email, list_tokens
from monitor.tokens import find_live_token, revoke_token, token_allows, touch_token

# the token functions live in monitor.tokens; callers that found them here keep working
from monitor.tokens import find_token_user, issue_token  # noqa: F401  isort: skip

login_manager = LoginManager()
csrf = CSRFProtect()
API_PREFIX = "/api/v1/"

# Who may change what. Everyone logged in may read; executives only read.
EDITORS = {
    "portfolio": {Role.ADMIN, Role.BRAND_MANAGER},
    "enforcement": {Role.ADMIN, Role.LEGAL},
    "users": {Role.ADMIN},
}


class WrongPassword(ValueError):
    """The current password given to change it is wrong (counts as a failed login)."""


def init_app(app: Flask) -> None:
    """Attach the login manager and CSRF protection to `app`, give the templates `menu` and
    serve /favicon.ico, which browsers ask for before anyone logs in."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    csrf.init_app(app)
    app.add_url_rule("/favicon.ico", "favicon", _favicon)
    app.jinja_env.globals["menu"] = menu


def _favicon() -> Response:
    static = current_app.static_folder or "static"
    return send_from_directory(static, "favicon.ico", mimetype="image/vnd.microsoft.icon")


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    # the session holds "<user id>:<session generation>" (User.get_id); a bumped generation
    # (logout, password change or reset, deactivation) turns every older session away
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = get_user(session=get_session(), user_id=int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


@login_manager.request_loader
def _load_user_from_token(req: Any) -> User | None:
    # bearer tokens open the JSON API only, never the pages or their forms
    header = req.headers.get("Authorization", "")
    if not req.path.startswith(API_PREFIX) or not header.startswith("Bearer "):
        return None
    session, now = get_session(), utc_now()
    found = find_live_token(session=session, token=header.removeprefix("Bearer ").strip(), now=now)
    if found is None:
        return None
    token, user = found
    if touch_token(session=session, token=token, now=now):
        session.commit()
    g.api_token = token
    return user


def create_user(session: Session, *, email: str, role: Role, password: str) -> User:
    """Add a user (not committed); raise ValueError(Message) when the email is taken or invalid
    or the password too weak."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValueError(msg("not an email address: %(email)r", email=email))
    problem = password_problem(password, email=email)
    if problem is not None:
        raise ValueError(problem)
    if get_user_by_email(session=session, email=email) is not None:
        raise ValueError(msg("a user %(email)s exists already", email=email))
    user = User(email=email, role=role, password_hash=hash_password(password))
    session.add(user)
    return user


def end_sessions(*, session: Session, user: User) -> None:
    """Log `user` out everywhere: every session made before stops working (not committed)."""
    user.session_generation += 1
    session.add(user)


def set_active(session: Session, *, user: User, active: bool) -> None:
    """Let `user` log in again, or stop them (not committed). Deactivation ends their sessions
    and revokes their API tokens for good: reactivating brings neither back."""
    if not active and user.active:
        now = utc_now()
        end_sessions(session=session, user=user)
        user.tokens_valid_after = now
        if user.id is not None:
            for token in list_tokens(session=session, user_id=user.id):
                revoke_token(session=session, token=token, now=now)
    user.active = active
    session.add(user)


def set_locale(*, session: Session, user: User, locale: str) -> None:
    """Remember the UI language `user` chose (not committed)."""
    user.locale = locale
    session.add(user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None. The password is checked (against
    a dummy hash when there is no such user) in every case, so the time taken tells nothing."""
    user = get_user_by_email(session=session, email=email.strip().lower())
    matches = verify_password(None if user is None else user.password_hash, password)
    if user is None or not matches or not user.active:
        return None
    return user


def set_password(*, session: Session, user: User, password: str, must_change: bool = False) -> None:
    """Give `user` a new password and end their sessions (not committed); raise
    ValueError(Message) when it is too weak."""
    problem = password_problem(password, email=user.email)
    if problem is not None:
        raise ValueError(problem)
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    end_sessions(session=session, user=user)


def change_password(*, session: Session, user: User, current: str, new: str, repeat: str) -> None:
    """Replace `user`'s password after checking the current one and the repetition (not
    committed); raise ValueError(Message) saying what is wrong."""
    if not verify_password(user.password_hash, current):
        raise WrongPassword(msg("the current password is wrong"))
    if new != repeat:
        raise ValueError(msg("the two new passwords do not match"))
    if new == current:
        raise ValueError(msg("the new password must differ from the current one"))
    set_password(session=session, user=user, password=new)


def reset_password(*, session: Session, user: User) -> str:
    """Give `user` a generated one-time password they must change at their next login, end
    their sessions and return it (not committed)."""
    password = generate_password()
    set_password(session=session, user=user, password=password, must_change=True)
    return password


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

        wrapped.required_area = area  # type: ignore[attr-defined]  # read by may_open
        return wrapped

    return decorator


def may_open(endpoint: str) -> bool:
    """True when the logged-in user may open the page of `endpoint`: every page needs a login,
    and a page whose view is decorated with requires_edit(area) also that editing right."""
    view = current_app.view_functions.get(endpoint)
    if view is None or not current_user.is_authenticated:
        return False
    area = getattr(view, "required_area", None)
    return area is None or can_edit(area)


def menu(items: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """The menu `items` (endpoint, label) the user may open, each with True for the one item
    this page belongs to: the page's own endpoint, else the first item of its blueprint."""
    shown = [(endpoint, label) for endpoint, label in items if may_open(endpoint)]
    here = request.endpoint or ""
    blueprint = here.partition(".")[0]
    current = next((e for e, _ in shown if e == here), None)
    if current is None and blueprint:
        current = next((e for e, _ in shown if e.partition(".")[0] == blueprint), None)
    return [(endpoint, label, endpoint == current) for endpoint, label in shown]


def authenticated_by_token() -> bool:
    """True when this request's user came with a bearer token (not a browser session)."""
    return "api_token" in g


def token_scope_allows() -> bool:
    """True unless this request came with a read-only token and does not only read."""
    return "api_token" not in g or token_allows(g.api_token, request.method)
