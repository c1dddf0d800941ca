"""Login throttling with Flask-Limiter: failed logins counted per account and per client address
in a moving window; storage in memory or, for several web processes, in Redis."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

EXTENSION = "ipwatch_login_throttle"


@dataclass(frozen=True)
class LoginThrottle:
    """The app's limiter, the key prefix of its counters and the two limits of failed logins."""

    limiter: Limiter
    prefix: str
    per_account: RateLimitItem
    per_address: RateLimitItem

    def counters(self, email: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        """Each limit with the identifiers of its counter for this login attempt."""
        return [
            (self.per_account, (self.prefix, "login-account", email.strip().lower())),
            (self.per_address, (self.prefix, "login-address", address or "unknown")),
        ]


def init_app(app: Flask) -> None:
    """Attach the throttle, counting in RATELIMIT_STORAGE_URL (memory:// or redis://…)."""
    prefix = str(app.config.get("RATELIMIT_KEY_PREFIX") or "ipwatch")
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=str(app.config["RATELIMIT_STORAGE_URL"]),
        strategy="moving-window",
        key_prefix=prefix,
    )
    app.extensions[EXTENSION] = LoginThrottle(
        limiter,
        prefix,
        parse(str(app.config["LOGIN_LIMIT_ACCOUNT"])),
        parse(str(app.config["LOGIN_LIMIT_ADDRESS"])),
    )


def login_retry_after(*, email: str, address: str) -> int | None:
    """Seconds until `email` may try to log in again from `address`, or None when it may now."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION]
    strategy = throttle.limiter.limiter
    waits = [
        max(1, math.ceil(strategy.get_window_stats(limit, *ids).reset_time - time.time()))
        for limit, ids in throttle.counters(email, address)
        if not strategy.test(limit, *ids)
    ]
    return max(waits) if waits else None


def record_failed_login(*, email: str, address: str) -> None:
    """Count one failed login against the account `email` and the address `address`."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION]
    for limit, ids in throttle.counters(email, address):
        throttle.limiter.limiter.hit(limit, *ids)
