"""API route of the report figures: GET /reports/figures?month=YYYY-MM[&as_of=YYYY-MM-DD], the
object `ipwatch report figures --format json` prints (docs/report-figures.md)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from monitor.api import bp
from monitor.api.schema import ERRORS, json_response, query_param
from monitor.query import BadQuery, parse_as_of
from monitor.reports import service
from monitor.reports.months import BadMonth, Month


@bp.get("/reports/figures")
def report_figures() -> Response:
    """The figures of `month` (default: the current month to date)."""
    text = (request.args.get("month") or "").strip()
    day = (request.args.get("as_of") or "").strip()
    try:
        month = Month.parse(text) if text else Month.of(service.local_today())
        as_of = parse_as_of(day) if day else (None if text else service.local_today())
        return jsonify(service.figures_for(month, as_of=as_of))
    except BadMonth as exc:
        raise BadQuery(str(exc)) from None


OPENAPI_PARAMETERS: dict[str, Any] = {
    "report_month": query_param(
        "month",
        "The month, YYYY-MM (default: the current month to date).",
        {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
    ),
    "report_as_of": query_param(
        "as_of",
        "Month to date: judge the figures on this day when it is before the month's last day.",
        {"type": "string", "format": "date"},
    ),
}
OPENAPI_SCHEMAS: dict[str, Any] = {
    "ReportFigures": {
        "type": "object",
        "description": "The month's figures; every key is described in docs/report-figures.md.",
        "required": ["month", "as_of", "source", "coverage_rate", "cells", "protected"],
        "properties": {
            "month": {"type": "string"},
            "as_of": {"type": "string", "format": "date"},
            "source": {"type": "string", "enum": ["live", "snapshot"]},
            "coverage_rate": {"type": ["number", "null"]},
            "cells": {"type": "integer"},
            "protected": {"type": "integer"},
        },
        "additionalProperties": True,
    }
}


def openapi_paths() -> dict[str, Any]:
    """The path item of this route."""
    return {
        "/reports/figures": {
            "get": {
                "operationId": "getReportFigures",
                "summary": "The month's figures: coverage, gaps, patents, alerts, cases.",
                "tags": ["reports"],
                "parameters": [
                    {"$ref": "#/components/parameters/report_month"},
                    {"$ref": "#/components/parameters/report_as_of"},
                ],
                "responses": {"200": json_response("ReportFigures", "The figures."), **ERRORS},
            }
        }
    }
