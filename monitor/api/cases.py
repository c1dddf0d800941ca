"""API routes of cases: the list (the filters of the cases page), one case with its history,
opening a case, and a stage transition at the version the client read (409 when someone moved
it first, 422 naming the allowed stages when the route does not allow it). Changes need a
bearer token of read-write scope and a legal or admin user; they are recorded as that user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from infringement.cases import casework
from infringement.cases.errors import CaseRefused, StageRefused
from infringement.cases.models import Case
from infringement.cases.queries import count_cases, get_case, list_cases
from infringement.cases.registrations import find_registrations
from infringement.conflicts import Conflict
from monitor.api import bp, error
from monitor.api.cases_schema import OPENAPI_PARAMETERS, OPENAPI_SCHEMAS, openapi_paths
from monitor.api.params import as_of_param, limit_param, offset_param
from monitor.auth import can_edit
from monitor.db import get_session, get_write_session
from monitor.query import BadQuery, whole_number
from monitor.views.case_forms import refusal
from monitor.views.cases import case_filter

__all__ = ["OPENAPI_PARAMETERS", "OPENAPI_SCHEMAS", "openapi_paths"]
Reply = Response | tuple[Response, int]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadQuery(_("send a JSON object (Content-Type: application/json)"))
    return body


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise BadQuery(_("%(name)s: a text is expected", name=name))
    return value.strip() if value else None


def _ints(body: dict[str, Any], name: str) -> list[int]:
    values = body.get(name) or []
    if not isinstance(values, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        raise BadQuery(_("%(name)s: a list of whole numbers is expected", name=name))
    return values


def _case_json(case_id: int, *, with_history: bool = True) -> dict[str, Any]:
    record = get_case(get_session(), case_id, with_history=with_history)
    if record is None:
        abort(404, description=_("no case %(id)s", id=case_id))
    return record.to_json(as_of=as_of_param())


def _refused(exc: CaseRefused | Conflict) -> tuple[Response, int]:
    message, status = refusal(exc)
    body: dict[str, Any] = {"error": message}
    if isinstance(exc, Conflict):
        body["current_version"] = exc.current
    if isinstance(exc, StageRefused):
        body["allowed"] = list(exc.allowed)
    return jsonify(body), status


@bp.route("/cases", methods=["GET", "POST"])
def cases_collection() -> Reply:
    """GET: the cases passing the filters; POST: open a case (one rule: one OpenAPI path)."""
    return cases_create() if request.method == "POST" else cases_list()


def cases_list() -> Response:
    """Cases passing the filters, most recently changed first, `limit` at a time."""
    wanted = case_filter(request.args)
    limit = limit_param()
    session, as_of = get_session(), as_of_param()
    rows = list_cases(session, wanted, limit=limit, offset=offset_param())
    return jsonify(
        {"items": [r.to_json(as_of=as_of) for r in rows], "total": count_cases(session, wanted)}
    )


@bp.get("/cases/<int:case_id>")
def cases_get(case_id: int) -> Response:
    """One case with its deadlines, outcomes, files and history."""
    return jsonify(_case_json(case_id))


def cases_create() -> Reply:
    """Open a case at stage draft (legal and admin)."""
    if not can_edit("enforcement"):
        return error(_("only legal staff and administrators open cases"), 403)
    body, session, now = _body(), get_write_session(), dt.datetime.now(dt.UTC)
    refs = body.get("registrations") or []
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise BadQuery(_('registrations: a list such as ["CN 10000001"] is expected'))
    try:
        marks = find_registrations(session, refs)
        case = casework.create_case(
            session,
            title=_text(body, "title") or "",
            route=_text(body, "route") or "",
            user=current_user.email,
            now=now,
            brand=_text(body, "brand"),
            owner=_text(body, "owner"),
            platform=_text(body, "platform"),
            registrations=[m.id for m in marks if m.id is not None],
        )
        if alert_ids := _ints(body, "alert_ids"):
            casework.add_alerts(session, case, alert_ids, user=current_user.email, now=now)
    except (CaseRefused, Conflict) as exc:
        session.rollback()
        return _refused(exc)
    session.commit()
    assert case.id is not None
    return jsonify(_case_json(case.id)), 201


@bp.post("/cases/<int:case_id>/transitions")
def cases_transition(case_id: int) -> Reply:
    """Move a case to another stage at the version the client read."""
    if not can_edit("enforcement"):
        return error(_("only legal staff and administrators move cases"), 403)
    body, session = _body(), get_write_session()
    stage = _text(body, "stage")
    if not stage:
        raise BadQuery(_("stage: give the stage to move to"))
    on = _day(body.get("date"))
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        version = whole_number(str(version))
        if version is None:
            raise BadQuery(_("version: a whole number is expected"))
    case = session.get(Case, case_id)
    if case is None:
        abort(404, description=_("no case %(id)s", id=case_id))
    try:
        casework.move_stage(
            session,
            case,
            stage,
            user=current_user.email,
            now=dt.datetime.now(dt.UTC),
            on=on,
            note=_text(body, "note"),
            expected_version=version,
        )
    except (CaseRefused, Conflict) as exc:
        session.rollback()
        return _refused(exc)
    session.commit()
    return jsonify(_case_json(case_id))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadQuery(_("date: %(value)s is not a date (YYYY-MM-DD)", value=value)) from None
