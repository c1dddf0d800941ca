"""Trademark pages: list (brand, office, status), detail with designations, create, edit, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from coverage.imports.validation import parse_trademark
from coverage.models import Trademark, TrademarkStatus
from coverage.portfolio import delete_trademark, save_trademark
from coverage.queries import list_brand_products, list_brands
from coverage.trademarks.queries import (
    find_basic_mark,
    get_trademark,
    list_designations,
    list_trademark_offices,
    report_trademark,
    search_trademarks,
)
from monitor.auth import requires_edit
from monitor.db import get_session
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
from monitor.wording import Wording

bp = Blueprint("trademarks", __name__, url_prefix="/trademarks")

FIELDS = (
    "tm_no",
    "office",
    "brand",
    "mark_text",
    "nice_classes",
    "status",
    "filing_date",
    "registration_date",
    "expiry_date",
    "designations",
    "basic_mark",
)
DATES = ("filing_date", "registration_date", "expiry_date")
KEY = "<string(length=2):office>/<path:tm_no>"


def _get_or_404(office: str, tm_no: str) -> Trademark:
    return or_404(get_trademark(session=get_session(), office=office, tm_no=tm_no))


def _form_data(tm: Trademark) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(tm, f, None) for f in FIELDS}
    data.update(iso_dates(tm, DATES))
    data["nice_classes"] = joined(tm.nice_classes)
    designations = list_designations(session=get_session(), trademark=tm)
    data["designations"] = joined(f"{d.party}:{d.status}" for d in designations)
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Trademark, bool]:
    data, designations = parse_trademark(values, geography=geography())
    # no version: the create form, which must not overwrite a trademark with the same number
    return save_trademark(
        get_session(), data, designations, expected_version=version, create_only=version is None
    )


def _render_form(
    data: Mapping[str, object],
    errors: Mapping[str, list[str]],
    tm: Trademark | None = None,
    version: int | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return render_template(
        "trademarks/form.html",
        data=data,
        errors=errors,
        tm=tm,
        version=version,
        statuses=list(TrademarkStatus),
    ), status


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    args = {k: request.args.get(k, "").strip() for k in ("brand", "office", "status")}
    status = args["status"]
    session = get_session()
    page = search_trademarks(
        session=session,
        brand=args["brand"],
        office=args["office"].upper(),
        status=enum_arg(TrademarkStatus, status, _("Unknown status: %(status)s", status=status)),
        page=page_number(),
        per_page=PER_PAGE,
    )
    return render_template(
        "trademarks/index.html",
        page=page,
        args=args,
        brands=list_brands(session=session),
        offices=list_trademark_offices(session=session),
        statuses=list(TrademarkStatus),
    )


@bp.get(f"/{KEY}")
@login_required
def detail(office: str, tm_no: str) -> ResponseReturnValue:
    tm = _get_or_404(office, tm_no)
    session = get_session()
    as_of = dt.date.today()
    return render_template(
        "trademarks/detail.html",
        tm=tm,
        report=report_trademark(
            session, tm, as_of=as_of, expiring_days=int(current_app.config["TM_EXPIRING_DAYS"])
        ),
        basic=find_basic_mark(session, tm),
        designations=list_designations(session=session, trademark=tm),
        products=list_brand_products(session=session, brand=tm.brand),
        describe_deadline=Wording().deadline,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new() -> ResponseReturnValue:
    if request.method == "GET":
        return _render_form({}, {})
    values = form_values(FIELDS)
    row = save_form(lambda: _save(values, None), key_field="tm_no")
    if isinstance(row, FormErrors):
        return _render_form(values, row.errors, status=row.status)
    flash(_("Trademark %(office)s %(no)s created.", office=row.office, no=row.tm_no), "success")
    return redirect(url_for("trademarks.detail", office=row.office, tm_no=row.tm_no))


@bp.route(f"/edit/{KEY}", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(office: str, tm_no: str) -> ResponseReturnValue:
    tm = _get_or_404(office, tm_no)
    if request.method == "GET":
        return _render_form(_form_data(tm), {}, tm, tm.version)
    # the key is read-only; the logo path is kept (it is set by an import, not by this form)
    values = {
        **form_values(FIELDS),
        "office": tm.office,
        "tm_no": tm.tm_no,
        "mark_image": tm.mark_image,
    }
    version = version_field()
    row = save_form(lambda: _save(values, version), key_field="tm_no")
    if isinstance(row, FormErrors):
        return _render_form(values, row.errors, tm, version, row.status)
    flash(_("Trademark %(office)s %(no)s saved.", office=row.office, no=row.tm_no), "success")
    return redirect(url_for("trademarks.detail", office=row.office, tm_no=row.tm_no))


@bp.post(f"/delete/{KEY}")
@requires_edit("portfolio")
def delete(office: str, tm_no: str) -> ResponseReturnValue:
    tm = _get_or_404(office, tm_no)
    delete_trademark(get_session(), tm.office, tm.tm_no)
    get_session().commit()
    flash(_("Trademark %(office)s %(no)s deleted.", office=office, no=tm_no), "success")
    return redirect(url_for("trademarks.index"))
