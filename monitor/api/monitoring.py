"""API routes of monitoring: the alerts (the filters of the alerts page, limit and offset) in the
shape of `ipwatch alerts list --format json`, one alert, and the crawl sources with their runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, abort, jsonify, request
from flask_babel import gettext as _

from infringement.models import CrawlRun
from monitor.api import bp
from monitor.api.params import LIMIT, MAX_LIMIT, as_of_param, limit_param, offset_param
from monitor.api.schema import (
    ERRORS,
    NULLABLE_DATE,
    NULLABLE_STRING,
    STRINGS,
    json_response,
    query_param,
)
from monitor.db import get_session
from monitor.i18n import translate
from monitor.monitoring.alert_list import count_alerts, get_alert, list_alerts, utc_iso
from monitor.monitoring.reasons import explain
from monitor.monitoring.sources import describe_sources
from monitor.views.alerts import KINDS, STATUSES, alert_filter


def run_dict(run: CrawlRun) -> dict[str, Any]:
    """A run as the sources list shows it."""
    return {
        "id": run.id,
        "status": str(run.status),
        "started_at": utc_iso(run.started_at),
        "ended_at": utc_iso(run.ended_at),
        "items": run.items,
        "alerts_new": run.alerts_new,
        "failures": run.failures,
    }


@bp.get("/alerts")
def alerts_list() -> Response:
    """Alerts best first (score, then newest) that pass the filters, `limit` at a time."""
    wanted = alert_filter(request.args)
    limit = limit_param()
    offset, as_of, session = offset_param(), as_of_param(), get_session()
    rows = list_alerts(session, wanted, as_of=as_of, limit=limit, offset=offset)
    items = [_with_reasons_text(r.to_json()) for r in rows]
    return jsonify({"items": items, "total": count_alerts(session, wanted)})


@bp.get("/alerts/<int:alert_id>")
def alerts_get(alert_id: int) -> Response:
    """One alert with what was observed."""
    row = get_alert(get_session(), alert_id, as_of=as_of_param())
    if row is None:
        abort(404, description=_("no alert %(id)s", id=alert_id))
    return jsonify(_with_reasons_text(row.to_json()))


def _with_reasons_text(item: dict[str, Any]) -> dict[str, Any]:
    """Add `reasons_text`: the reasons in the language of Accept-Language (English without
    one), beside `reasons` as the engine wrote them."""
    item["reasons_text"] = [str(translate(explain(r))) for r in item["reasons"]]
    return item


@bp.get("/sources")
def sources_list() -> Response:
    """The crawl sources with their last and next run, and the refused source files."""
    infos, refused = describe_sources(get_session(), dt.datetime.now(dt.UTC))
    items = [
        {
            "name": i.name,
            "kind": i.kind,
            "target": i.target,
            "schedule": i.source.schedule,
            "shipped": i.shipped,
            "last_run": run_dict(i.last_run) if i.last_run else None,
            "next_run": utc_iso(i.next_run),
        }
        for i in infos
    ]
    errors = [{"file": e.file.name, "field": e.field, "reason": e.reason} for e in refused]
    return jsonify({"items": items, "total": len(items), "refused": errors})


# --- the OpenAPI description of these routes (merged into /api/v1/openapi.json) ----------------

OPENAPI_PARAMETERS: dict[str, dict[str, Any]] = {
    "alert_status": query_param(
        "status", "Only alerts in this triage status.", {"type": "string", "enum": list(STATUSES)}
    ),
    "alert_kind": query_param(
        "kind", "Only listings or filings.", {"type": "string", "enum": list(KINDS)}
    ),
    "alert_source": query_param("source", "Only alerts of this source.", {"type": "string"}),
    "alert_brand": query_param("brand", "Only alerts on this brand's marks.", {"type": "string"}),
    "min_score": query_param(
        "min_score",
        "Only alerts scoring at least this.",
        {"type": "number", "minimum": 0, "maximum": 100},
    ),
    "q": query_param(
        "q", "Text in the observed title, the seller or our mark.", {"type": "string"}
    ),
    "limit": query_param(
        "limit",
        "Alerts at most.",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": LIMIT},
    ),
    "offset": query_param(
        "offset", "Alerts to skip.", {"type": "integer", "minimum": 0, "default": 0}
    ),
    "alert_id": {
        "name": "alert_id",
        "in": "path",
        "required": True,
        "description": "The alert's id.",
        "schema": {"type": "integer"},
    },
}

NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
ALERT_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "kind": {"type": "string", "enum": list(KINDS)},
    "source": {"type": "string"},
    "observed_text": {"type": "string", "description": "Listing title or filed mark, verbatim."},
    "url": NULLABLE_STRING,
    "watched_tm_no": {"type": "string", "description": "The registration to rely on."},
    "watched_office": {"type": "string"},
    "watched_mark": {"type": "string"},
    "brand": {"type": "string"},
    "score": {"type": "number", "minimum": 0, "maximum": 100},
    "reasons": {**STRINGS, "description": "Why it scored so (English, as the engine wrote it)."},
    "reasons_text": {
        **STRINGS,
        "description": "The reasons in the language of Accept-Language (English without one).",
    },
    "status": {"type": "string", "enum": list(STATUSES)},
    "case_id": NULLABLE_INTEGER,
    "assignee": NULLABLE_STRING,
    "first_seen": {"type": "string", "format": "date-time"},
    "last_seen": {"type": "string", "format": "date-time"},
    "gone_at": {**NULLABLE_TIME, "description": "When a crawl no longer found the listing."},
    "seller": NULLABLE_STRING,
    "price": NULLABLE_STRING,
    "classes": {"type": "array", "items": {"type": "integer"}},
    "picture_sha256": {**NULLABLE_STRING, "description": "First stored picture: /evidence/…"},
    # filings only
    "office": NULLABLE_STRING,
    "application_no": NULLABLE_STRING,
    "applicant": NULLABLE_STRING,
    "filing_status": NULLABLE_STRING,
    "publication_date": NULLABLE_DATE,
    "opposition_deadline": NULLABLE_DATE,
    "days_left": {**NULLABLE_INTEGER, "description": "Days to the opposition deadline."},
    "opposition_passed": {"type": "boolean"},
    "opposition_note": NULLABLE_STRING,
}
FILING_ONLY = [
    "office",
    "application_no",
    "applicant",
    "filing_status",
    "publication_date",
    "opposition_deadline",
    "days_left",
    "opposition_passed",
    "opposition_note",
]
RUN_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "status": {"type": "string", "enum": ["running", "finished", "failed"]},
    "started_at": {"type": "string", "format": "date-time"},
    "ended_at": NULLABLE_TIME,
    "items": {"type": "integer"},
    "alerts_new": {"type": "integer"},
    "failures": {"type": "integer"},
}
SOURCE_PROPERTIES: dict[str, Any] = {
    "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["marketplace", "gazette"]},
    "target": {"type": "string", "description": "The first start URL, or the gazette's URL."},
    "schedule": {**NULLABLE_STRING, "description": "Cron, in the installation's timezone."},
    "shipped": {"type": "boolean", "description": "Shipped with ipwatch, not the user's."},
    "last_run": {"oneOf": [{"$ref": "#/components/schemas/Run"}, {"type": "null"}]},
    "next_run": NULLABLE_TIME,
}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _list(item: str, **extra: Any) -> dict[str, Any]:
    properties = {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "total": {"type": "integer", "minimum": 0, "description": "Items passing the filters."},
        **extra,
    }
    return _object(properties, list(properties))


REFUSED = {
    "type": "array",
    "description": "Source files refused: which file, which field, why.",
    "items": _object(
        {"file": {"type": "string"}, "field": {"type": "string"}, "reason": {"type": "string"}},
        ["file", "field", "reason"],
    ),
}
OPENAPI_SCHEMAS: dict[str, Any] = {
    "Alert": _object(ALERT_PROPERTIES, [k for k in ALERT_PROPERTIES if k not in FILING_ONLY]),
    "AlertList": _list("Alert"),
    "Run": _object(RUN_PROPERTIES, list(RUN_PROPERTIES)),
    "Source": _object(SOURCE_PROPERTIES, list(SOURCE_PROPERTIES)),
    "SourceList": _list("Source", refused=REFUSED),
}


def _refs(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _operation(op_id: str, summary: str, params: list[str], body: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "tags": ["monitoring"],
            "parameters": _refs(*params),
            "responses": {"200": json_response(body, "The result."), **ERRORS},
        }
    }


def openapi_paths() -> dict[str, Any]:
    """The path items of these routes."""
    filters = ["alert_status", "alert_kind", "alert_source", "alert_brand", "min_score", "q"]
    one = _operation(
        "getAlert", "One alert with what was observed.", ["alert_id", "as_of"], "Alert"
    )
    one["get"]["responses"]["404"] = json_response("Error", "No alert has this id.")
    return {
        "/alerts": _operation(
            "listAlerts",
            "Alerts best first (score, then newest); for filings the opposition deadline.",
            [*filters, "as_of", "limit", "offset"],
            "AlertList",
        ),
        "/alerts/{alert_id}": one,
        "/sources": _operation(
            "listSources", "The crawl sources with their last and next run.", [], "SourceList"
        ),
    }
