"""API routes of triage: one alert (POST /alerts/<id>/triage) or several at once (POST
/alerts/triage), all or nothing, with the versions the client read; 409 with the current
version when someone triaged an alert first. A bearer token of read-write scope, legal or admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from infringement.conflicts import Conflict
from infringement.triage import REASONS, TriageConflict, TriageRefused
from monitor.api import bp, error
from monitor.api.monitoring import ALERT_PROPERTIES, FILING_ONLY
from monitor.api.schema import DATE, ERRORS, NULLABLE_STRING, json_response
from monitor.auth import can_edit
from monitor.db import get_write_session
from monitor.monitoring.alert_list import get_alert, utc_iso
from monitor.monitoring.triage import ACTIONS, ROUTES, conflict_message, parse_request, perform
from monitor.query import whole_number
from monitor.views.common import translate_message

Reply = Response | tuple[Response, int]


def _version(value: Any, name: str) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if number is None and isinstance(value, str):
        number = whole_number(value.strip())
    if number is None or number < 1:
        raise ValueError(_("%(name)s: %(value)s is not a version number", name=name, value=value))
    return number


def _run(ids: list[int], versions: dict[int, int], body: Mapping[str, Any]) -> Reply:
    if not can_edit("enforcement"):
        return error(_("only legal staff and administrators triage alerts"), 403)
    session, now = get_write_session(), dt.datetime.now(dt.UTC)
    try:
        wanted = parse_request(body)
        done = perform(session, wanted, ids, user=current_user.email, now=now, versions=versions)
    except TriageConflict as exc:
        session.rollback()
        response = jsonify(
            {
                "error": translate_message(conflict_message(exc)),
                "alert_id": exc.alert_id,
                "current_version": exc.current,
                "status": exc.status,
                "triaged_by": exc.by,
                "triaged_at": utc_iso(exc.at),
            }
        )
        return response, 409
    except Conflict as exc:
        session.rollback()
        return jsonify(
            {"error": translate_message(conflict_message(exc)), "current_version": exc.current}
        ), 409
    except TriageRefused as exc:
        session.rollback()
        return error(translate_message(exc.message), 400)
    session.commit()
    today = dt.date.today()
    rows = [get_alert(session, i, as_of=today) for i in sorted(set(ids))]
    case = done.case
    return jsonify(
        {
            "alerts": [r.to_json() for r in rows if r is not None],
            "case": None
            if case is None
            else {
                "id": case.id,
                "title": case.title,
                "route": str(case.route),
                "stage": case.stage,
            },
        }
    )


def _json_body() -> Mapping[str, Any] | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@bp.post("/alerts/<int:alert_id>/triage")
def alerts_triage_one(alert_id: int) -> Reply:
    """Dismiss, escalate, assign or snooze one alert (at `version`, when given)."""
    body = _json_body()
    if body is None:
        return error(_('send a JSON object: {"action": …}'), 400)
    if get_alert(get_write_session(), alert_id, as_of=dt.date.today()) is None:
        return error(_("no alert %(id)s", id=alert_id), 404)
    versions: dict[int, int] = {}
    try:
        if body.get("version") is not None:
            versions[alert_id] = _version(body["version"], "version")
    except ValueError as exc:
        return error(str(exc), 400)
    return _run([alert_id], versions, body)


@bp.post("/alerts/triage")
def alerts_triage_bulk() -> Reply:
    """The same action on several alerts, all or nothing (`versions`: id → version read)."""
    body = _json_body()
    if body is None:
        return error(_('send a JSON object: {"action": …}'), 400)
    raw_ids, raw_versions = body.get("ids"), body.get("versions") or {}
    if not isinstance(raw_ids, list) or not raw_ids or not isinstance(raw_versions, dict):
        return error(_("ids: a list of alert ids; versions: an object of id → version"), 400)
    try:
        ids = [_version(i, "ids") for i in raw_ids]
        versions = {
            _version(k, "versions"): _version(v, f"versions.{k}") for k, v in raw_versions.items()
        }
    except ValueError as exc:
        return error(str(exc), 400)
    return _run(ids, versions, body)


# --- the OpenAPI description of these routes (merged into /api/v1/openapi.json) ----------------

OPENAPI_PARAMETERS: dict[str, Any] = {}

TRIAGE_FIELDS: dict[str, Any] = {
    "action": {"type": "string", "enum": list(ACTIONS)},
    "reason": {"type": "string", "enum": list(REASONS), "description": "dismiss: why."},
    "note": {**NULLABLE_STRING, "maxLength": 2000, "description": "dismiss: a few words."},
    "case_id": {
        "type": ["integer", "null"],
        "description": "escalate: the open case to add to; without it a new case is opened.",
    },
    "route": {"type": "string", "enum": list(ROUTES), "description": "escalate: a new case's."},
    "title": {
        **NULLABLE_STRING,
        "maxLength": 300,
        "description": "escalate: a new case's title (default: our mark and the observed text).",
    },
    "assignee": {**NULLABLE_STRING, "description": "assign: an active user's email; null: nobody."},
    "until": {**DATE, "description": "snooze: the day it counts as new again (after today)."},
}
ALERT = {**ALERT_PROPERTIES}
ALERT.update(
    snoozed_until={**DATE, "type": ["string", "null"]},
    dismiss_reason={"type": ["string", "null"], "enum": [*REASONS, None]},
    reopened_note={**NULLABLE_STRING, "description": "What changed when a crawl reopened it."},
    version={"type": "integer", "description": "Send it back to triage: a stale one gets 409."},
)
OPENAPI_SCHEMAS: dict[str, Any] = {
    # the alert of /alerts, with its triage fields
    "Alert": {
        "type": "object",
        "required": [k for k in ALERT if k not in FILING_ONLY],
        "properties": ALERT,
    },
    "TriageOne": {
        "type": "object",
        "required": ["action"],
        "properties": {**TRIAGE_FIELDS, "version": {"type": "integer", "minimum": 1}},
    },
    "TriageBulk": {
        "type": "object",
        "required": ["action", "ids"],
        "properties": {
            **TRIAGE_FIELDS,
            "ids": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
            "versions": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "description": "Alert id → the version read; alerts left out are not checked.",
            },
        },
    },
    "Triaged": {
        "type": "object",
        "required": ["alerts", "case"],
        "properties": {
            "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}},
            "case": {
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "title": {"type": "string"},
                            "route": {"type": "string", "enum": list(ROUTES)},
                            "stage": {"type": "string"},
                        },
                    },
                    {"type": "null"},
                ]
            },
        },
    },
    "TriageConflict": {
        "type": "object",
        "required": ["error", "current_version"],
        "properties": {
            "error": {"type": "string", "description": "Who triaged it first and when."},
            "alert_id": {"type": "integer"},
            "current_version": {"type": ["integer", "null"]},
            "status": {"type": "string"},
            "triaged_by": NULLABLE_STRING,
            "triaged_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
}


def _operation(op_id: str, summary: str, body: str, params: list[str]) -> dict[str, Any]:
    responses = {
        "200": json_response("Triaged", "The alerts as they are now, and the case."),
        **ERRORS,
        "403": json_response("Error", "Not legal or admin, or not a read-write token."),
        "409": json_response("TriageConflict", "Someone triaged an alert first: nothing written."),
    }
    return {
        "post": {
            "operationId": op_id,
            "summary": summary,
            "tags": ["triage"],
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}
                },
            },
            "responses": responses,
        }
    }


def openapi_paths() -> dict[str, Any]:
    """The path items of these routes."""
    one = _operation(
        "triageAlert", "Dismiss, escalate, assign or snooze one alert.", "TriageOne", ["alert_id"]
    )
    one["post"]["responses"]["404"] = json_response("Error", "No alert has this id.")
    return {
        "/alerts/{alert_id}/triage": one,
        "/alerts/triage": _operation(
            "triageAlerts",
            "The same triage action on several alerts, all or nothing.",
            "TriageBulk",
            [],
        ),
    }
