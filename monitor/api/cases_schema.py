"""The OpenAPI description of the case routes (merged into /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from infringement.cases.deadline_rules import KINDS
from infringement.cases.models import Route
from infringement.cases.outcomes import OUTCOME_KINDS
from infringement.cases.routes import all_stages
from monitor.api.schema import DATE, ERRORS, NULLABLE_STRING, STRINGS, json_response, query_param

ROUTES = [r.value for r in Route]
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
TIME = {"type": "string", "format": "date-time"}

OPENAPI_PARAMETERS: dict[str, Any] = {
    "case_route": query_param(
        "route", "Only cases on this route.", {"type": "string", "enum": ROUTES}
    ),
    "case_stage": query_param(
        "stage", "Only cases at this stage.", {"type": "string", "enum": list(all_stages())}
    ),
    "case_owner": query_param("owner", "Only cases of this owner (email).", {"type": "string"}),
    "case_brand": query_param("brand", "Only cases of this brand.", {"type": "string"}),
    "case_q": query_param("q", "Text in the title or the notes.", {"type": "string"}),
    "case_state": query_param(
        "state", "Only open or only closed cases.", {"type": "string", "enum": ["open", "closed"]}
    ),
    "case_limit": query_param(
        "limit", "Cases at most.", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}
    ),
    "case_id": {
        "name": "case_id",
        "in": "path",
        "required": True,
        "description": "The case's id.",
        "schema": {"type": "integer"},
    },
}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


DEADLINE = _object(
    {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "due": {**DATE, "description": "Rolled past Chinese public holidays."},
        "done": {"type": "boolean"},
        "days_left": {"type": "integer", "description": "Negative once overdue."},
        "computed": {"type": "boolean", "description": "From the route's rules (else entered)."},
        "note": NULLABLE_STRING,
    }
)
OUTCOME = _object(
    {
        "kind": {"type": "string", "enum": list(OUTCOME_KINDS)},
        "on": DATE,
        "quantity": {"type": ["integer", "null"]},
        "amount": {"type": ["number", "null"]},
        "currency": NULLABLE_STRING,
        "note": NULLABLE_STRING,
    }
)
FILE = _object(
    {
        "id": {"type": "integer"},
        "filename": {"type": "string"},
        "sha256": {"type": "string"},
        "bytes": {"type": "integer"},
        "content_type": NULLABLE_STRING,
        "uploaded_by": {"type": "string"},
        "captured_at": TIME,
    }
)
HISTORY = _object(
    {
        "at": TIME,
        "user": {"type": "string"},
        "action": {"type": "string"},
        "before": {"type": "object"},
        "after": {"type": "object"},
        "hash": {"type": "string", "description": "SHA-256 chained to the entry before."},
    }
)
CASE_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "brand": NULLABLE_STRING,
    "route": {"type": "string", "enum": ROUTES},
    "stage": {"type": "string"},
    "allowed_next": {**STRINGS, "description": "The stages the route allows next."},
    "owner": NULLABLE_STRING,
    "platform": NULLABLE_STRING,
    "notes": NULLABLE_STRING,
    "version": {"type": "integer", "description": "Send it back with a change."},
    "created_at": TIME,
    "created_by": {"type": "string"},
    "updated_at": TIME,
    "closed_at": NULLABLE_TIME,
    "alert_ids": {"type": "array", "items": {"type": "integer"}},
    "registrations": {**STRINGS, "description": "Registrations relied on: 'CN 10000001'."},
    "deadlines": {"type": "array", "items": {"$ref": "#/components/schemas/CaseDeadline"}},
    "outcomes": {"type": "array", "items": {"$ref": "#/components/schemas/CaseOutcome"}},
    "files": {"type": "array", "items": {"$ref": "#/components/schemas/CaseFile"}},
    "history": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}},
}
NEW_CASE = _object(
    {
        "title": {"type": "string"},
        "route": {"type": "string", "enum": ROUTES},
        "brand": NULLABLE_STRING,
        "owner": NULLABLE_STRING,
        "platform": NULLABLE_STRING,
        "registrations": {**STRINGS, "description": "Our live registrations: 'CN 10000001'."},
        "alert_ids": {"type": "array", "items": {"type": "integer"}},
    },
    ["title", "route"],
)
TRANSITION = _object(
    {
        "stage": {"type": "string"},
        "date": {**DATE, "description": "When it happened (default: today)."},
        "note": NULLABLE_STRING,
        "version": {"type": "integer", "description": "The version read: 409 when it moved on."},
    },
    ["stage"],
)
REFUSAL = _object(
    {
        "error": {"type": "string"},
        "allowed": {**STRINGS, "description": "The stages the route allows next."},
        "current_version": {"type": "integer"},
    },
    ["error"],
)
OPENAPI_SCHEMAS: dict[str, Any] = {
    "Case": _object(CASE_PROPERTIES, [k for k in CASE_PROPERTIES if k != "history"]),
    "CaseList": _object(
        {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
            "total": {"type": "integer", "minimum": 0},
        }
    ),
    "CaseDeadline": DEADLINE,
    "CaseOutcome": OUTCOME,
    "CaseFile": FILE,
    "HistoryEntry": HISTORY,
    "NewCase": NEW_CASE,
    "Transition": TRANSITION,
    "CaseRefusal": REFUSAL,
}


def _refs(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _body(schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    return {"required": True, "content": content}


def openapi_paths() -> dict[str, Any]:
    """The path items of the case routes."""
    refused = json_response("CaseRefusal", "Refused: why, and the allowed stages.")
    forbidden = json_response("Error", "A read-only token, a browser session, or not legal/admin.")
    not_found = json_response("Error", "No case has this id.")
    filters = ["case_route", "case_stage", "case_state", "case_owner", "case_brand", "case_q"]
    return {
        "/cases": {
            "get": {
                "operationId": "listCases",
                "summary": "Cases, most recently changed first, with deadlines and outcomes.",
                "tags": ["cases"],
                "parameters": _refs(*filters, "as_of", "case_limit", "offset"),
                "responses": {"200": json_response("CaseList", "The cases."), **ERRORS},
            },
            "post": {
                "operationId": "createCase",
                "summary": "Open a case at stage draft (read-write token, legal or admin).",
                "tags": ["cases"],
                "requestBody": _body("NewCase"),
                "responses": {
                    "201": json_response("Case", "The case opened."),
                    **ERRORS,
                    "403": forbidden,
                },
            },
        },
        "/cases/{case_id}": {
            "get": {
                "operationId": "getCase",
                "summary": "One case with its history (hash-chained).",
                "tags": ["cases"],
                "parameters": _refs("case_id", "as_of"),
                "responses": {
                    "200": json_response("Case", "The case."),
                    **ERRORS,
                    "404": not_found,
                },
            }
        },
        "/cases/{case_id}/transitions": {
            "post": {
                "operationId": "moveCase",
                "summary": "Move a case to another stage, as its route allows.",
                "tags": ["cases"],
                "parameters": _refs("case_id"),
                "requestBody": _body("Transition"),
                "responses": {
                    "200": json_response("Case", "The case at its new stage."),
                    **ERRORS,
                    "403": forbidden,
                    "404": not_found,
                    "409": json_response("CaseRefusal", "Someone changed the case first."),
                    "422": refused,
                },
            }
        },
    }
