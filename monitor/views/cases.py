"""Cases: the list, one case with its route, stage, registrations, alerts, deadlines, outcomes,
files and history; the new-case form (also from an alert); the deadline list across cases; the
attached files for download. The changes a case page makes are in `case_actions`."""

from __future__ import annotations

import math
from collections.abc import Mapping

from flask import abort, render_template, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from infringement.cases.deadlines import list_open_deadlines
from infringement.cases.files import PICTURES, get_file
from infringement.cases.models import Route
from infringement.cases.queries import (
    CaseFilter,
    count_by,
    count_cases,
    list_cases,
    list_owners,
)
from infringement.cases.routes import all_stages
from monitor.db import get_session
from monitor.monitoring.records import evidence_store
from monitor.monitoring.terms import brands
from monitor.query import BadQuery, choice
from monitor.views.alerts import Pager
from monitor.views.case_forms import editors, new_case_values
from monitor.views.case_page import bp, render_case
from monitor.views.common import PER_PAGE, as_of_arg, or_404, page_number

ROUTES = tuple(r.value for r in Route)
FILTERS = ("route", "stage", "owner", "brand", "q", "state")
STATES = ("open", "closed")
SANDBOX = "default-src 'none'; img-src 'self'; sandbox"
MAX_TEXT = 300


def case_filter(args: Mapping[str, str]) -> CaseFilter:
    """The case filters of a query string (page and API); BadQuery names the wrong parameter."""
    value = {name: (args.get(name) or "").strip() for name in FILTERS}
    for name in ("owner", "brand", "q"):
        if len(value[name]) > MAX_TEXT:
            raise BadQuery(_("%(name)s: at most %(num)s characters", name=name, num=MAX_TEXT))
    return CaseFilter(
        route=choice(ROUTES)("route", value["route"]),
        stage=choice(all_stages())("stage", value["stage"]),
        owner=value["owner"] or None,
        brand=value["brand"] or None,
        text=value["q"] or None,
        state=choice(STATES)("state", value["state"]),
    )


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    try:
        wanted = case_filter(request.args)
    except BadQuery as exc:
        abort(400, description=str(exc))
    number, session = page_number(), get_session()
    total = count_cases(session, wanted)
    rows = list_cases(session, wanted, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return render_template(
        "cases/index.html",
        rows=rows,
        pager=Pager(number, max(1, math.ceil(total / PER_PAGE)), total),
        args={k: v for k in FILTERS if (v := request.args.get(k, "").strip())},
        by_stage=count_by(session, wanted, "stage"),
        by_route=count_by(session, wanted, "route"),
        routes=ROUTES,
        stages=all_stages(),
        owners=list_owners(session),
        brands=brands(session),
        as_of=as_of_arg(),
    )


@bp.get("/deadlines")
@login_required
def deadlines() -> ResponseReturnValue:
    as_of, owner = as_of_arg(), (request.args.get("owner") or "").strip() or None
    session = get_session()
    return render_template(
        "cases/deadlines.html",
        rows=list_open_deadlines(session, as_of=as_of, owner=owner),
        as_of=as_of,
        owner=owner or "",
        owners=list_owners(session),
    )


@bp.get("/new")
@editors
def new() -> ResponseReturnValue:
    return render_template("cases/new.html", **new_case_values(request.args.getlist("alert")))


@bp.get("/<int:case_id>")
@login_required
def detail(case_id: int) -> ResponseReturnValue:
    return render_case(case_id)


@bp.get("/<int:case_id>/files/<int:file_id>")
@login_required
def file(case_id: int, file_id: int) -> ResponseReturnValue:
    found = or_404(get_file(get_session(), case_id, file_id))
    path = evidence_store().path(found.sha256)
    if not path.is_file():
        abort(404, description=_("The file is missing from the store."))
    kind = found.content_type or "application/octet-stream"
    picture = kind in PICTURES  # shown as a picture; everything else only as a download
    response = send_file(
        path,
        mimetype=kind,
        as_attachment=not picture,
        download_name=found.filename,
        conditional=True,
        etag=found.sha256,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


from monitor.views import case_actions  # noqa: E402,F401  (adds the POST routes to bp)
