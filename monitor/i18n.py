"""Chinese/English: the user's choice (session or profile), else the browser's, else the default;
the API answers in the language of its Accept-Language header (English without one). Every
domain Message a template prints is rendered in that language."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel, gettext
from flask_login import current_user
from markupsafe import Markup, escape

from coverage.messages import Message
from monitor.config import ROOT
from monitor.monitoring.reasons import explain

LOCALES = ("zh", "en")
API_PREFIX = "/api/"
API_DEFAULT = "en"  # scripts send no Accept-Language and keep reading English


def select_locale() -> str:
    best = request.accept_languages.best_match(LOCALES)
    if request.path.startswith(API_PREFIX):
        return best or API_DEFAULT
    chosen = session.get("locale")
    if chosen in LOCALES:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return str(current_user.locale)
    return best or str(current_app.config["DEFAULT_LOCALE"])


def translate(value: object) -> object:
    """A domain Message (or a Text, a Message that is also its English) in the UI language;
    anything else as it is."""
    if isinstance(value, Message):
        return value.render(gettext)
    return value


def init_app(app: Flask) -> None:
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "monitor" / "translations"),
    )
    app.jinja_env.globals["current_locale"] = lambda: select_locale()
    # `{{ cell.note }}` of a domain Text prints it in the UI language, not its English
    app.jinja_env.finalize = translate
    app.jinja_env.filters["reason"] = similarity_reason
    app.jinja_env.filters["quoting"] = quoting


def similarity_reason(reason: str) -> Markup:
    """A similarity reason as stored (the engine's English) in the UI language, quoting marks
    and the words of a listing as they are (`quoting`)."""
    return quoting(explain(reason))


def quoting(value: object) -> Markup:
    """A Message in the UI language as HTML whose plain parameters (a mark, words of a listing,
    a pinyin, a class) are marked `translate="no"`: they quote the record, in its own language;
    nested Messages are translated the same way. Anything else is escaped as it is."""
    if not isinstance(value, Message):
        return escape(value)
    text = escape(gettext(value.template))
    if not value.params:
        return text
    return text % {name: _quoted(param) for name, param in value.params.items()}


def _quoted(param: object) -> Markup:
    if isinstance(param, Message):
        return quoting(param)
    return Markup('<span translate="no">%s</span>') % param
