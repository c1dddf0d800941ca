"""The JSON API under /api/v1/: bearer tokens (the only place they are accepted; a read token
only reads) or the browser session, JSON errors, and an OpenAPI 3.1 document of every route at
/api/v1/openapi.json."""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from monitor.auth import csrf, token_scope_allows
from monitor.query import BadQuery

bp = Blueprint("api", __name__, url_prefix="/api/v1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
csrf.exempt(bp)  # bearer-token clients send no CSRF token (writes need a token: below)


def error(message: str, status: int) -> tuple[Response, int]:
    """A JSON error body {"error": message} with `status`."""
    return jsonify({"error": message}), status


@bp.before_request
def _require_user() -> tuple[Response, int] | None:
    if current_user.is_authenticated:
        if request.method not in SAFE_METHODS and "api_token" not in g:
            # the API takes no CSRF token: a browser session may read it, never change through it
            return error(_("changes through the API need a bearer token (read-write scope)"), 403)
        if not token_scope_allows():
            return error(_("this token may only read: ask for a read-write token"), 403)
        return None
    response, status = error(
        _(
            "authentication required: send the header "
            "'Authorization: Bearer <token>' (ask an administrator for a token)"
        ),
        401,
    )
    response.headers["WWW-Authenticate"] = 'Bearer realm="ipwatch"'
    return response, status


@bp.errorhandler(BadQuery)
def _bad_query(exc: BadQuery) -> tuple[Response, int]:
    return error(str(exc), 400)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[Response, int]:
    return error(exc.description or exc.name, exc.code or 500)


from monitor.api import coverage, openapi, patents  # noqa: E402,F401  (routes register on bp)
