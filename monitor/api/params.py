"""Query parameters the JSON API's list routes share: as_of, limit and offset."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_babel import gettext as _

from monitor.query import BadQuery, parse_as_of, parse_positive, whole_number

LIMIT = 100  # items a page holds unless `limit` says otherwise
MAX_LIMIT = 500


def as_of_param() -> dt.date:
    """The `as_of` date (default: today); BadQuery names a malformed one."""
    text = (request.args.get("as_of") or "").strip()
    return parse_as_of(text) if text else dt.date.today()


def limit_param() -> int:
    """The `limit` (1 to MAX_LIMIT, default LIMIT); BadQuery names a bad one."""
    return parse_positive("limit", (request.args.get("limit") or "").strip(), LIMIT, MAX_LIMIT)


def offset_param() -> int:
    """The `offset` (a whole number from 0, default 0); BadQuery names a bad one."""
    text = (request.args.get("offset") or "").strip()
    number = whole_number(text) if text else 0
    if number is None:
        raise BadQuery(_("offset: %(value)s must be a whole number from 0", value=text))
    return number
