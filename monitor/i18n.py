"""Chinese/English: the user's choice (session or profile), else the browser's, else the default."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel
from flask_login import current_user

from monitor.config import ROOT

LOCALES = ("zh", "en")


def select_locale() -> str:
    chosen = session.get("locale")
    if chosen in LOCALES:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return str(current_user.locale)
    best = request.accept_languages.best_match(LOCALES)
    return best or str(current_app.config["DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "monitor" / "translations"),
    )
    app.jinja_env.globals["current_locale"] = lambda: select_locale()
