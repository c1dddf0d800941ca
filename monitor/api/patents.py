"""API routes of the patent layout, its deadlines and patent families: the filters of the pages,
paged JSON in the shape of `ipwatch patents layout|deadlines --format json`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Response, abort, jsonify, request
from flask_babel import gettext as _

from coverage.patents.deadlines import PatentDeadline
from coverage.patents.families import Family
from coverage.patents.layout import LayoutCell
from monitor.api import bp
from monitor.api.schema import (
    DATE,
    ERRORS,
    NULLABLE_DATE,
    NULLABLE_STRING,
    STATUSES,
    STRINGS,
    json_response,
    query_param,
)
from monitor.cache import get_families, get_layout, select_cells, select_deadlines
from monitor.patent_wording import PatentWording
from monitor.query import DEADLINE_KINDS, KINDS, DeadlineQuery, LayoutQuery

PER_PAGE = 100
MAX_PER_PAGE = 1000


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def deadline_dict(deadline: PatentDeadline, words: PatentWording | None = None) -> dict[str, Any]:
    """A patent deadline as JSON (the keys of `ipwatch patents deadlines --format json`); its
    `text` and `surcharge` in the language of Accept-Language (English by default)."""
    item = {
        "due": deadline.due.isoformat(),
        "kind": deadline.kind,
        "patent": deadline.patent,
        "office": deadline.office,
        "market": deadline.market,
        "opens": _iso(deadline.opens),
        "overdue": deadline.overdue,
        "surcharge": deadline.surcharge,
        "products": list(deadline.products),
        "brands": list(deadline.brands),
        "text": deadline.text,
    }
    words = words or PatentWording()
    if words.locale != "en":
        item["text"] = words.patent_deadline(deadline)
        item["surcharge"] = words.surcharge(deadline.surcharge) or None
    return item


def layout_cell_dict(cell: LayoutCell, words: PatentWording) -> dict[str, Any]:
    """A layout cell as JSON (`ipwatch patents layout`), its note in the Accept-Language's
    language (English by default)."""
    item = cell.as_dict()
    item["note"] = _note(cell.note, words)
    return item


def _note(note: str | None, words: PatentWording) -> str | None:
    """A domain note as stored (English), or in the Accept-Language's language."""
    if words.locale == "en" or not note:
        return note
    return words.note(note)


def family_dict(family: Family) -> dict[str, Any]:
    """A patent family as JSON: members with their standing, products, markets and coverage; a
    member's `note` in the language of Accept-Language (English by default)."""
    words = PatentWording()
    members = []
    for patent in family.members:
        standing = family.standings[patent.label]
        members.append(
            {
                "patent": patent.label,
                "office": patent.office,
                "patent_no": patent.patent_no,
                "kind": patent.kind,
                "status": patent.status,
                "standing": str(standing.status),
                "filing_date": patent.filing_date.isoformat(),
                "grant_date": _iso(patent.grant_date),
                "priority_date": _iso(patent.priority_date),
                "expiry": _iso(standing.expiry.date),
                "rule_missing": standing.rule_missing,
                "note": _note(standing.note, words),
                "reaches": list(standing.reaches),
                "products": list(patent.product_ids),
            }
        )
    return {
        "family_id": family.family_id,
        "members": members,
        "products": list(family.products),
        "markets": list(family.markets),
        "covered": {market: str(status) for market, status in family.covered.items()},
        "uncovered": list(family.uncovered),
    }


def _page(
    query: LayoutQuery | DeadlineQuery, items: list[Any], as_json: Callable[[Any], Any]
) -> Response:
    start = (query.page - 1) * query.per_page
    return jsonify(
        {
            "as_of": query.as_of.isoformat(),
            "total": len(items),
            "page": query.page,
            "per_page": query.per_page,
            "items": [as_json(item) for item in items[start : start + query.per_page]],
        }
    )


@bp.get("/patents/layout")
def patents_layout() -> Response:
    """Every branded product × market cell that passes the filters, a page at a time."""
    query = LayoutQuery.from_args(
        request.args, today=dt.date.today(), per_page=PER_PAGE, max_per_page=MAX_PER_PAGE
    )
    cells = select_cells(get_layout(query.as_of, query.kind), query).ordered
    words = PatentWording()
    return _page(query, cells, lambda cell: layout_cell_dict(cell, words))


@bp.get("/patents/deadlines")
def patents_deadlines() -> Response:
    """Annuities, national phases, EP validations and expiries, by date, a page at a time."""
    query = DeadlineQuery.from_args(
        request.args, today=dt.date.today(), per_page=PER_PAGE, max_per_page=MAX_PER_PAGE
    )
    found = select_deadlines(get_layout(query.as_of, query.kind), query)
    words = PatentWording()
    return _page(query, found, lambda deadline: deadline_dict(deadline, words))


@bp.get("/patents/families/<path:family_id>")
def patents_family(family_id: str) -> Response:
    """One patent family: where it is filed, granted, pending, lapsed, and what it leaves open."""
    query = LayoutQuery.from_args(request.args, today=dt.date.today())
    found = get_families(query.as_of).get(family_id)
    if found is None:
        abort(404, description=_("no patent family %(id)s", id=family_id))
    return jsonify({"as_of": query.as_of.isoformat(), **family_dict(found)})


# --- the OpenAPI description of these routes (merged into /api/v1/openapi.json) ----------------

OPENAPI_PARAMETERS: dict[str, dict[str, Any]] = {
    "patent_kind": query_param(
        "kind", "Only patents of this kind count.", {"type": "string", "enum": list(KINDS)}
    ),
    "deadline": query_param(
        "deadline", "Only deadlines of this kind.", {"type": "string", "enum": list(DEADLINE_KINDS)}
    ),
    "family_id": {
        "name": "family_id",
        "in": "path",
        "required": True,
        "description": "The family_id the members share.",
        "schema": {"type": "string"},
    },
}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": required or list(properties), "properties": properties}


OPENAPI_SCHEMAS: dict[str, Any] = {
    "LayoutCell": _object(
        {
            "brand": {"type": "string"},
            "product_id": {"type": "string", "description": "The company's product code."},
            "market": {"type": "string", "description": "ISO 3166-1 alpha-2 country code."},
            "status": {"type": "string", "enum": STATUSES},
            "patents": {**STRINGS, "description": "Patents reaching the market, best first."},
            "kinds": {**STRINGS, "description": "The kind of each of those patents."},
            "expiry": {**NULLABLE_DATE, "description": "Expiry of the best patent."},
            "note": {
                **NULLABLE_STRING,
                "description": "Why the cell is lapsed or at risk, in the language of "
                "Accept-Language (English without one).",
            },
        }
    ),
    "PatentDeadline": _object(
        {
            "due": DATE,
            "kind": {"type": "string", "enum": list(DEADLINE_KINDS)},
            "patent": {"type": "string", "description": "e.g. 'CN ZL201810234567.X'."},
            "office": {"type": "string"},
            "market": {**NULLABLE_STRING, "description": "Where to enter the national phase."},
            "opens": NULLABLE_DATE,
            "overdue": {"type": "boolean"},
            "surcharge": {**NULLABLE_STRING, "description": "Late fee (Accept-Language; English)."},
            "products": STRINGS,
            "brands": STRINGS,
            "text": {
                "type": "string",
                "description": "What falls due, in the language of Accept-Language (English "
                "without one).",
            },
        }
    ),
    "FamilyMember": _object(
        {
            "patent": {"type": "string"},
            "office": {"type": "string"},
            "patent_no": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "status": {"type": "string", "description": "The status the office records."},
            "standing": {"type": "string", "enum": STATUSES},
            "filing_date": DATE,
            "grant_date": NULLABLE_DATE,
            "priority_date": NULLABLE_DATE,
            "expiry": NULLABLE_DATE,
            "rule_missing": {"type": "boolean", "description": "No rule gives the term."},
            "note": {**NULLABLE_STRING, "description": "Why (Accept-Language; English)."},
            "reaches": {**STRINGS, "description": "Countries the patent reaches."},
            "products": STRINGS,
        }
    ),
    "PatentFamily": _object(
        {
            "as_of": DATE,
            "family_id": {"type": "string"},
            "members": {"type": "array", "items": {"$ref": "#/components/schemas/FamilyMember"}},
            "products": STRINGS,
            "markets": {**STRINGS, "description": "Countries of the linked products."},
            "covered": {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": STATUSES},
                "description": "Best status of the family in each market.",
            },
            "uncovered": {**STRINGS, "description": "Markets no live member reaches."},
        }
    ),
}


def _refs(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def openapi_paths() -> dict[str, Any]:
    """The path items of these routes (LayoutCellPage and PatentDeadlinePage are openapi.py's
    page schemas of LayoutCell and PatentDeadline)."""
    layout = ["as_of", "brand", "product", "market", "region", "patent_kind", "status"]
    deadlines = ["as_of", "brand", "product", "patent_kind", "deadline"]

    def operation(op_id: str, summary: str, params: list[str], body: str) -> dict[str, Any]:
        responses = {"200": json_response(body, "The result."), **ERRORS}
        return {
            "get": {
                "operationId": op_id,
                "summary": summary,
                "tags": ["patents"],
                "parameters": _refs(*params),
                "responses": responses,
            }
        }

    paged = ["page", "per_page"]
    family = operation(
        "getPatentFamily",
        "One family: members, their standing, and the markets no member covers.",
        ["family_id", "as_of"],
        "PatentFamily",
    )
    family["get"]["responses"]["404"] = json_response("Error", "No patent has this family_id.")
    return {
        "/patents/layout": operation(
            "listPatentLayout",
            "Every branded product × market cell with the best patent status.",
            layout + paged,
            "LayoutCellPage",
        ),
        "/patents/deadlines": operation(
            "listPatentDeadlines",
            "Annuities, PCT national phases, EP validations and expiries, by date.",
            deadlines + paged,
            "PatentDeadlinePage",
        ),
        "/patents/families/{family_id}": family,
    }
