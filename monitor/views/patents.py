"""Patent pages: list (office, kind, status), detail with its standing, deadlines, family and
linked products, create, edit, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from coverage.imports.validation import parse_patent
from coverage.models import Patent, PatentKind, PatentStatus
from coverage.patents.queries import (
    get_patent,
    list_patent_offices,
    list_patent_products,
    load_patent_kinds,
    load_patent_rules,
    report_patent,
    search_patents,
)
from coverage.portfolio import delete_patent, save_patent
from monitor.auth import requires_edit
from monitor.db import get_session
from monitor.query import BadQuery, parse_as_of
from monitor.views.common import (
    PER_PAGE,
    FormErrors,
    enum_arg,
    form_values,
    geography,
    iso_dates,
    joined,
    or_404,
    page_number,
    save_form,
    version_field,
)
from monitor.wording import PatentWording

bp = Blueprint("patents", __name__, url_prefix="/patents")

FIELDS = (
    "patent_no",
    "office",
    "kind",
    "status",
    "filing_date",
    "grant_date",
    "priority_date",
    "expiry_date",
    "title",
    "family_id",
    "products",
    "designations",
)
DATES = ("filing_date", "grant_date", "priority_date", "expiry_date")
KEY = "<string(length=2):office>/<path:patent_no>"


def _get_or_404(office: str, patent_no: str) -> Patent:
    return or_404(get_patent(session=get_session(), office=office, patent_no=patent_no))


def _as_of() -> dt.date:
    """The `as_of` query parameter (today when absent); 400 when it is not a date."""
    text = request.args.get("as_of", "").strip()
    try:
        return parse_as_of(text) if text else dt.date.today()
    except BadQuery as exc:
        abort(400, description=str(exc))


def _form_data(patent: Patent) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(patent, f, None) for f in FIELDS}
    data.update(iso_dates(patent, DATES))
    products = list_patent_products(session=get_session(), patent=patent)
    data["products"] = joined(p.product_id for p in products)
    data["designations"] = joined(patent.designations)
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Patent, bool]:
    kinds = load_patent_kinds(get_session())
    data, product_ids = parse_patent(values, geography=geography(), patent_kinds=kinds)
    # no version: the create form, which must not overwrite a patent with the same number
    return save_patent(
        get_session(), data, product_ids, expected_version=version, create_only=version is None
    )


def _render_form(
    data: Mapping[str, object],
    errors: Mapping[str, list[str]],
    patent: Patent | None = None,
    version: int | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return render_template(
        "patents/form.html",
        data=data,
        errors=errors,
        patent=patent,
        version=version,
        kinds=list(PatentKind),
        statuses=list(PatentStatus),
    ), status


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    args = {k: request.args.get(k, "").strip() for k in ("office", "kind", "status")}
    kind, status = args["kind"], args["status"]
    session = get_session()
    page = search_patents(
        session=session,
        office=args["office"].upper(),
        kind=enum_arg(PatentKind, kind, _("Unknown value: %(value)s", value=kind)),
        status=enum_arg(PatentStatus, status, _("Unknown value: %(value)s", value=status)),
        page=page_number(),
        per_page=PER_PAGE,
    )
    return render_template(
        "patents/index.html",
        page=page,
        args=args,
        offices=list_patent_offices(session=session),
        kinds=list(PatentKind),
        statuses=list(PatentStatus),
    )


@bp.get(f"/{KEY}")
@login_required
def detail(office: str, patent_no: str) -> ResponseReturnValue:
    patent = _get_or_404(office, patent_no)
    session, as_of, words = get_session(), _as_of(), PatentWording()
    return render_template(
        "patents/detail.html",
        patent=patent,
        as_of=as_of,
        products=list_patent_products(session=session, patent=patent),
        report=report_patent(session, patent, as_of=as_of),
        term=load_patent_rules(session).term(patent.office, patent.kind, patent.filing_date),
        describe_deadline=words.patent_deadline,
        deadline_kind_label=words.deadline_kind,
        no_rule=words.no_rule,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new() -> ResponseReturnValue:
    if request.method == "GET":
        return _render_form({}, {})
    values = form_values(FIELDS)
    row = save_form(lambda: _save(values, None), key_field="patent_no")
    if isinstance(row, FormErrors):
        return _render_form(values, row.errors, status=row.status)
    flash(_("Patent %(office)s %(no)s created.", office=row.office, no=row.patent_no), "success")
    return redirect(url_for("patents.detail", office=row.office, patent_no=row.patent_no))


@bp.route(f"/edit/{KEY}", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(office: str, patent_no: str) -> ResponseReturnValue:
    patent = _get_or_404(office, patent_no)
    if request.method == "GET":
        return _render_form(_form_data(patent), {}, patent, patent.version)
    # the key is read-only; paid annuities are kept (set by imports, not by this form)
    values = {
        **form_values(FIELDS),
        "office": patent.office,
        "patent_no": patent.patent_no,
        "annuity_paid_until": patent.annuity_paid_until,
    }
    version = version_field()
    row = save_form(lambda: _save(values, version), key_field="patent_no")
    if isinstance(row, FormErrors):
        return _render_form(values, row.errors, patent, version, row.status)
    flash(_("Patent %(office)s %(no)s saved.", office=row.office, no=row.patent_no), "success")
    return redirect(url_for("patents.detail", office=row.office, patent_no=row.patent_no))


@bp.post(f"/delete/{KEY}")
@requires_edit("portfolio")
def delete(office: str, patent_no: str) -> ResponseReturnValue:
    patent = _get_or_404(office, patent_no)
    delete_patent(get_session(), patent.office, patent.patent_no)
    get_session().commit()
    flash(_("Patent %(office)s %(no)s deleted.", office=office, no=patent_no), "success")
    return redirect(url_for("patents.index"))
