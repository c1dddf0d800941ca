"""The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from monitor.api import bp, cases, monitoring, patents, reports, triage
from monitor.api.coverage import MAX_PER_PAGE, PER_PAGE
from monitor.api.schema import (
    ERRORS,
    NULLABLE_DATE,
    NULLABLE_STRING,
    STATUSES,
    json_response,
    query_param,
)
from monitor.query import STATUS_FILTERS

PARAMETERS: dict[str, dict[str, Any]] = {
    "as_of": query_param(
        "as_of",
        "Judge statuses on this date (default: today).",
        {"type": "string", "format": "date"},
    ),
    "all_products": query_param(
        "all_products",
        "1 to include products without a pending or granted patent.",
        {"type": "string", "enum": ["0", "1", "true", "false"]},
    ),
    "brand": query_param("brand", "Only this brand key (case-insensitive).", {"type": "string"}),
    "product": query_param("product", "Only this product_id.", {"type": "string"}),
    "market": query_param(
        "market",
        "Only this market: ISO 3166-1 alpha-2 country code.",
        {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    ),
    "region": query_param(
        "region", "Only markets of this region (EU, BX, OA, AP).", {"type": "string"}
    ),
    "class": query_param(
        "class", "Only this Nice class.", {"type": "integer", "minimum": 1, "maximum": 45}
    ),
    "status": query_param(
        "status",
        "Only cells of this status; gap = missing or lapsed, at_risk = expiring or pending.",
        {"type": "string", "enum": list(STATUS_FILTERS)},
    ),
    "page": query_param(
        "page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}
    ),
    "per_page": query_param(
        "per_page",
        "Items per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
    ),
}

CELL_PROPERTIES: dict[str, Any] = {
    "product_id": {"type": "string", "description": "The company's product code."},
    "brand": {"type": "string"},
    "market": {"type": "string", "description": "ISO 3166-1 alpha-2 country code."},
    "nice_class": {"type": "integer", "minimum": 1, "maximum": 45},
    "status": {"type": "string", "enum": STATUSES},
    "rights": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Trademarks reaching the cell, best first, e.g. 'WO 1234567'.",
    },
    "expiry": {**NULLABLE_DATE, "description": "Expiry of the best right."},
    "note": {
        **NULLABLE_STRING,
        "description": "Why the cell is lapsed or at risk, in the language of Accept-Language "
        "(zh or en; English without the header).",
    },
    "status_text": {"type": "string", "description": "The status in words (Accept-Language)."},
    "market_name": {"type": "string", "description": "The market's name (Accept-Language)."},
}

SCHEMAS: dict[str, Any] = {
    "Cell": {
        "type": "object",
        "required": list(CELL_PROPERTIES),
        "properties": CELL_PROPERTIES,
    },
    "UrgentDeadline": {
        "type": "object",
        "required": ["due", "kind", "text"],
        "properties": {
            "due": {"type": "string", "format": "date"},
            "kind": {
                "type": "string",
                "enum": [
                    "renewal",
                    "grace",
                    "use_declaration",
                    "use_declaration_grace",
                    "dependency",
                    "expiry",
                ],
            },
            "text": {
                "type": "string",
                "description": "What to do by when (Accept-Language; English by default).",
            },
        },
    },
    "Gap": {
        "allOf": [
            {"$ref": "#/components/schemas/Cell"},
            {
                "type": "object",
                "required": ["advice_action", "advice_office", "advice", "urgent"],
                "properties": {
                    "advice_action": {
                        "type": "string",
                        "enum": ["designate", "madrid", "eutm", "regional", "national"],
                    },
                    "advice_office": {"type": "string", "description": "Where to file (ST.3)."},
                    "advice_via": {
                        **NULLABLE_STRING,
                        "description": "The international "
                        "registration to extend or the basic mark to build on.",
                    },
                    "advice": {
                        "type": "string",
                        "description": "What to file (Accept-Language; English by default).",
                    },
                    "advice_warning": NULLABLE_STRING,
                    "urgent": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/UrgentDeadline"},
                    },
                },
            },
        ]
    },
    "Filing": {
        "type": "object",
        "required": [
            "brand",
            "action",
            "offices",
            "classes",
            "products",
            "markets",
            "gaps",
            "text",
        ],
        "properties": {
            "brand": {"type": "string"},
            "action": {
                "type": "string",
                "enum": ["designate", "madrid", "eutm", "regional", "national"],
            },
            "offices": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Offices or Madrid parties the one filing names (ST.3 codes).",
            },
            "via": {
                **NULLABLE_STRING,
                "description": "The international registration to extend or the basic mark.",
            },
            "classes": {"type": "array", "items": {"type": "integer"}},
            "products": {"type": "array", "items": {"type": "string"}},
            "markets": {"type": "array", "items": {"type": "string"}},
            "gaps": {"type": "integer", "minimum": 1, "description": "Gap cells it closes."},
            "text": {"type": "string", "description": "The filing in English."},
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
}


def _page_schema(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["as_of", "total", "page", "per_page", "items"],
        "properties": {
            "as_of": {"type": "string", "format": "date"},
            "total": {"type": "integer", "minimum": 0, "description": "Items on every page."},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


SCHEMAS["CellPage"] = _page_schema("Cell")
SCHEMAS["GapPage"] = _page_schema("Gap")
SCHEMAS["FilingPage"] = _page_schema("Filing")


FILTERS = [{"$ref": f"#/components/parameters/{name}"} for name in PARAMETERS]


def _list_operation(operation_id: str, summary: str, page: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["coverage"],
            "parameters": FILTERS,
            "responses": {"200": json_response(page, "One page of results."), **ERRORS},
        }
    }


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "ipwatch API",
        "version": "1",
        "description": "Trademark coverage of patented products (the matrix and its gaps) and "
        "the patent layout of branded products (cells, deadlines, families), "
        "and the alerts and crawl sources of monitoring. "
        "Send 'Authorization: Bearer <token>'; an administrator creates tokens on the users page.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}, {"cookieSession": []}],
    "tags": [{"name": "coverage"}, {"name": "patents"}, {"name": "monitoring"}, {"name": "meta"}],
    "paths": {
        "/coverage/matrix": _list_operation(
            "listCoverageMatrix",
            "Every needed product × market × class cell with its status.",
            "CellPage",
        ),
        "/coverage/gaps": _list_operation(
            "listCoverageGaps",
            "Gap cells (missing or lapsed) with what to file and urgent deadlines.",
            "GapPage",
        ),
        "/coverage/plan": _list_operation(
            "listFilingPlan",
            "The gaps grouped into the filings that close them, most gaps first.",
            "FilingPage",
        ),
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document.",
                "tags": ["meta"],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "401": ERRORS["401"],
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "cookieSession": {"type": "apiKey", "in": "cookie", "name": "session"},
        },
        "parameters": PARAMETERS,
        "schemas": SCHEMAS,
        "responses": {
            "BadRequest": json_response("Error", "A parameter cannot be read; `error` says which."),
            "Unauthorized": json_response("Error", "No valid bearer token or login."),
        },
    },
}

# the patent layout's routes describe themselves in monitor/api/patents.py
DOCUMENT["paths"].update(patents.openapi_paths())
PARAMETERS.update(patents.OPENAPI_PARAMETERS)
SCHEMAS.update(patents.OPENAPI_SCHEMAS)
SCHEMAS["LayoutCellPage"] = _page_schema("LayoutCell")
SCHEMAS["PatentDeadlinePage"] = _page_schema("PatentDeadline")
# the monitoring routes (alerts, sources) describe themselves in monitor/api/monitoring.py
DOCUMENT["paths"].update(monitoring.openapi_paths())
PARAMETERS.update(monitoring.OPENAPI_PARAMETERS)
SCHEMAS.update(monitoring.OPENAPI_SCHEMAS)
# triage and cases describe themselves in monitor/api/triage.py and monitor/api/cases.py
for _module in (triage, cases, reports):
    DOCUMENT["paths"].update(_module.openapi_paths())
    PARAMETERS.update(_module.OPENAPI_PARAMETERS)
    SCHEMAS.update(_module.OPENAPI_SCHEMAS)


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return jsonify(DOCUMENT)
