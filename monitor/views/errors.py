"""Error pages (400 with CSRF failures, 403, 404, 405, 413, 500); JSON for paths under /api/."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError


def _limit_text() -> str:
    """The upload limit as a person reads it, e.g. "20 MB"."""
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


def _message(error: HTTPException) -> tuple[str, str]:
    """Title and explanation of `error` in the UI language."""
    if isinstance(error, CSRFError):
        return _("The form could not be checked"), _(
            "The form was sent without a valid security token (CSRF check failed). "
            "Go back, reload the page and send the form again."
        )
    messages = {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Not allowed"), _("Your role does not allow this. Ask an administrator.")),
        404: (_("Not found"), _("There is no such page or record.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        413: (
            _("File too large"),
            _("The upload is larger than the limit of %(limit)s.", limit=_limit_text()),
        ),
        500: (_("Something went wrong"), _("The error has been logged. Try again later.")),
    }
    code = error.code or 500
    title, text = messages.get(code, (error.name, error.description or ""))
    if code == 400 and error.description and not isinstance(error, CSRFError):
        text = str(error.description)
    return title, text


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    """Render an HTTP error as a page, or as JSON under /api/."""
    if isinstance(error, InternalServerError) and "db_session" in g:
        g.db_session.rollback()
    title, text = _message(error)
    return _render(error.code or 500, title, text)


def handle_database_error(error: OperationalError) -> ResponseReturnValue:
    """A SQLite database still locked after the busy timeout: 503 with "try again", not 500."""
    if "database is locked" not in str(error.orig or error):
        raise error
    if "db_session" in g:
        g.db_session.rollback()
    title = _("The database is busy")
    return _render(503, title, _("The database is busy; try again in a moment."))


def _render(code: int, title: str, text: str) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return jsonify({"error": text, "status": code}), code
    return render_template("errors/error.html", code=code, title=title, message=text), code


def attach(bp: Blueprint) -> None:
    """Make `bp` handle every HTTP error of the app (no change to the blueprint list needed)."""
    bp.app_errorhandler(HTTPException)(handle_http_error)
    bp.app_errorhandler(OperationalError)(handle_database_error)
