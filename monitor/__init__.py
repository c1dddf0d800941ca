"""The Flask web app and the composition root: app factory, blueprints, auth, API, CLI, scheduler."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from monitor import auth, db, headers, i18n, throttle
from monitor.config import ROOT, load_settings
from monitor.uploads import KEEP_FOR, clean_stale_uploads


def create_app(overrides: dict[str, object] | None = None) -> Flask:
    """Build the web app from IPWATCH_* settings, with `overrides` (tests) applied last."""
    app = Flask(
        __name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static")
    )
    settings = load_settings(overrides)
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["SECRET_KEY"] or _instance_secret(
        Path(str(settings["INSTANCE_DIR"]))
    )
    app.config["MAX_CONTENT_LENGTH"] = int(str(settings["MAX_UPLOAD_MB"])) * 1024 * 1024
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # an import killed mid-way leaves its upload folder behind: clear the stale ones at start
    clean_stale_uploads(Path(str(settings["INSTANCE_DIR"])), KEEP_FOR)
    db.init_app(app)
    auth.init_app(app)
    headers.init_app(app)
    throttle.init_app(app)
    i18n.init_app(app)
    from monitor.views import register_blueprints

    register_blueprints(app)
    from monitor.cli import register_commands

    register_commands(app.cli)
    return app


def _instance_secret(instance: Path) -> str:
    """Read the instance's secret key, creating it on first start so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
