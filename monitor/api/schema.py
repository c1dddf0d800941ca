"""Pieces of the OpenAPI description that the coverage and patent routes share: value schemas,
query parameters, JSON responses and the error responses of every route."""

from __future__ import annotations

from typing import Any

from coverage.grid import CellStatus

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_STRING = {"type": ["string", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}
STATUSES = [s.value for s in CellStatus]  # a cell's status, best first
ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
}


def query_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query-string parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def json_response(schema: str, description: str) -> dict[str, Any]:
    """A JSON response whose body is the component schema `schema`."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
