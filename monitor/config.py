"""Settings: defaults here, overridden by environment variables prefixed IPWATCH_ (listed in the README)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "data" / "instance"

DEFAULTS: dict[str, object] = {
    # SQLAlchemy URL of the database; postgresql+psycopg://user@host/db for PostgreSQL.
    "DATABASE_URL": f"sqlite:///{INSTANCE / 'ipwatch.db'}",
    # Secret for sessions and CSRF tokens; generated into data/instance/secret_key when unset.
    "SECRET_KEY": None,
    # Folder for uploads, evidence and other local state.
    "INSTANCE_DIR": str(INSTANCE),
    # Folder of shipped reference tables (offices, Madrid parties, Nice classes, rules).
    "REFERENCE_DIR": str(ROOT / "data" / "reference"),
    # Folder of the demo portfolio loaded by `ipwatch demo`.
    "DEMO_DIR": str(ROOT / "data" / "demo"),
    # Language when the user has not chosen one: zh or en.
    "DEFAULT_LOCALE": "zh",
    # Largest accepted upload, in megabytes.
    "MAX_UPLOAD_MB": 20,
    # Memory the cached coverage matrices and patent layouts may hold, in megabytes (about 150
    # bytes a cell: a 600,000-cell matrix is ~90 MB); the least recently used go first.
    "CACHE_MB": 512,
    # Days before expiry from which a registered trademark counts as expiring.
    "TM_EXPIRING_DAYS": 180,
    # Start the scheduler inside `ipwatch serve` (set 0 when a separate scheduler process runs).
    "SCHEDULER": True,
    # Redis URL for distributed crawls (scrapy-redis, `ipwatch crawl-worker`); empty: crawls run
    # on this machine only.
    "REDIS_URL": "",
    # Timezone of source schedules (cron) and of the scheduler's fixed jobs.
    "TIMEZONE": "Asia/Shanghai",
    # Longest a crawl may run before it is stopped, in minutes.
    "CRAWL_TIMEOUT_MIN": 120,
    # Scrapy settings for every crawl of this machine, SETTING=VALUE separated by spaces (e.g.
    # "DOWNLOAD_DELAY=2 CONCURRENT_REQUESTS_PER_DOMAIN=1"); `ipwatch crawl --set` comes after.
    "CRAWL_SETTINGS": "",
    # Folder of the user's own crawl source files.
    "SOURCES_DIR": str(INSTANCE / "sources"),
    # Where failed logins are counted: memory:// (one web process) or redis://host:6379/1 (several).
    "RATELIMIT_STORAGE_URL": "memory://",
    # Failed logins allowed per account, then 429 until the window has room again.
    "LOGIN_LIMIT_ACCOUNT": "10 per 15 minutes",
    # Failed logins allowed per client address, whatever the accounts tried.
    "LOGIN_LIMIT_ADDRESS": "30 per 15 minutes",
    # Days a new API token stays valid unless another number is given when it is created.
    "TOKEN_DAYS": 90,
    # Served over HTTPS (directly or behind a proxy): Secure cookies and Strict-Transport-Security.
    "HTTPS": False,
    # A production installation: `ipwatch serve` refuses to start while demo logins still work.
    "PRODUCTION": False,
    # Mail server for the daily deadline reminders; empty: no e-mail is sent (nor queued).
    "SMTP_HOST": "",
    # Its port: 25 (plain or STARTTLS), 587 (submission, usually with SMTP_TLS).
    "SMTP_PORT": 25,
    # Login name at the mail server; empty: send without logging in.
    "SMTP_USER": "",
    # Password of SMTP_USER.
    "SMTP_PASSWORD": "",
    # Sender address of the reminders; empty: SMTP_USER, else ipwatch@ this machine's name.
    "SMTP_FROM": "",
    # Switch to TLS with STARTTLS before logging in and sending.
    "SMTP_TLS": False,
}


def _coerce(default: object, raw: str) -> object:
    """`raw` as the type of `default`: bool (1/true/yes/on), int, else text (also for None)."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def load_settings(overrides: dict[str, object] | None = None) -> dict[str, object]:
    """Return the settings: defaults, then IPWATCH_* environment variables, then `overrides`."""
    settings = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = os.environ.get(f"IPWATCH_{key}")
        if raw is not None and raw != "":
            settings[key] = _coerce(default, raw)
    settings.update(overrides or {})
    return settings
