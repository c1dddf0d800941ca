"""What the case pages' forms share: who may send them, reading their fields (version, dates,
registrations, alert ids), the values of the new-case form (also opened from an alert), and
turning a refused change into the message and status the page answers with."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from sqlmodel import Session

from infringement.cases.errors import CaseRefused, StageRefused
from infringement.cases.models import Route
from infringement.cases.registrations import LIVE_STATES
from infringement.conflicts import Conflict
from monitor.auth import EDITORS, requires_edit
from monitor.db import get_session
from monitor.monitoring.alert_list import get_alert
from monitor.monitoring.terms import brands
from monitor.queries.users import list_users
from monitor.query import whole_number
from monitor.views.common import translate_message

editors = requires_edit("enforcement")
PLATFORMS = (
    "Alibaba IPP",
    "JD",
    "Pinduoduo",
    "Douyin",
    "Amazon Brand Registry",
    "eBay VeRO",
)
_SPLIT = re.compile(r"[,;，；\s]+")


def form_version() -> int | None:
    """The case version the form was rendered with (None when the form sent none)."""
    text = (request.form.get("version") or "").strip()
    return whole_number(text) if text else None


def form_date(name: str, *, default: dt.date | None = None) -> dt.date | None:
    """A date field of the form; 400 naming the field when it is not YYYY-MM-DD."""
    text = (request.form.get(name) or "").strip()
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        abort(
            400,
            description=_("%(name)s: %(value)s is not a date (YYYY-MM-DD)", name=name, value=text),
        )


def split_refs(text: str) -> list[str]:
    """Registrations typed in one field: `CN 10000001, CN 10000002` -> two references."""
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    refs: list[str] = []
    for part in parts:  # an office code joins the number after it
        if refs and re.fullmatch(r"[A-Za-z]{2}", refs[-1]):
            refs[-1] = f"{refs[-1]} {part}"
        else:
            refs.append(part)
    return refs


def split_ids(text: str) -> list[int]:
    """Alert ids typed in one field (`12, 15 18`); 400 when one is not a number."""
    ids = []
    for part in (p for p in _SPLIT.split(text.strip()) if p):
        number = whole_number(part.lstrip("#"))
        if number is None:
            abort(400, description=_("%(value)s is not an alert number", value=part))
        ids.append(number)
    return ids


def refusal(exc: Exception) -> tuple[str, int]:
    """The message (in the UI language) and status of a refused change."""
    if isinstance(exc, Conflict):
        text = _(
            "This case was changed by someone else meanwhile (it is now at version "
            "%(version)s); nothing was saved. Reload the page and try again.",
            version=exc.current,
        )
        return text, 409
    if isinstance(exc, StageRefused):
        return translate_message(exc.message), 422
    if isinstance(exc, CaseRefused):
        return translate_message(exc.message), 400
    raise exc


def editor_emails(session: Session) -> list[str]:
    """The active users who may work cases (owners to choose from)."""
    roles = EDITORS["enforcement"]
    return sorted(u.email for u in list_users(session=session) if u.active and u.role in roles)


def new_case_values(alert_ids: Iterable[str], **form: Any) -> dict[str, Any]:
    """What the new-case form shows: the choices, and values taken from the alerts it was
    opened from (title, brand, the registration the alert relies on)."""
    session = get_session()
    ids = [n for text in alert_ids if (n := whole_number(str(text).strip())) is not None]
    rows = [r for i in ids if (r := get_alert(session, i, as_of=dt.date.today())) is not None]
    values: dict[str, Any] = {"alerts": " ".join(str(r.alert.id) for r in rows)}
    if rows:
        first = rows[0]
        values["title"] = f"{first.alert.watched_mark}: {first.observation.text}"[:300]
        values["brand"] = first.alert.brand
        marks = sorted({f"{r.alert.watched_office} {r.alert.watched_tm_no}" for r in rows})
        values["registrations"] = ", ".join(marks)
        if first.observation.kind == "filing":
            values["route"] = Route.OPPOSITION.value
        else:
            values["route"] = Route.PLATFORM_COMPLAINT.value
    values.update({k: v for k, v in form.items() if v is not None})
    return {
        "values": values,
        "routes": [r.value for r in Route],
        "owners": editor_emails(session),
        "brands": brands(session),
        "platforms": PLATFORMS,
        "live_states": LIVE_STATES,
        "alert_rows": rows,
    }
