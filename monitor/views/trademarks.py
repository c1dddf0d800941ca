"""Trademark pages: list (brand, office, status), detail with designations, create, edit, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import select

from coverage.imports.validation import parse_trademark
from coverage.models import Designation, Product, Trademark, TrademarkStatus
from coverage.portfolio import delete_trademark, save_trademark
from coverage.trademarks.queries import find_basic_mark, report_trademark
from monitor.auth import requires_edit
from monitor.db import get_session
from monitor.views.common import (
    form_values,
    geography,
    joined,
    list_brands,
    page_number,
    paginate,
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
    tm = (
        get_session()
        .exec(select(Trademark).where(Trademark.office == office, Trademark.tm_no == tm_no))
        .first()
    )
    if tm is None:
        abort(404)
    return tm


def _designations(tm: Trademark) -> list[Designation]:
    stmt = select(Designation).where(Designation.trademark_pk == tm.id).order_by(Designation.party)
    return list(get_session().exec(stmt).all())


def _list_query(brand: str, office: str, status: str) -> Any:
    stmt = select(Trademark).order_by(Trademark.brand, Trademark.office, Trademark.tm_no)
    if brand:
        stmt = stmt.where(Trademark.brand == brand)
    if office:
        stmt = stmt.where(Trademark.office == office.upper())
    if status:
        if status not in set(TrademarkStatus):
            abort(400, description=_("Unknown status: %(status)s", status=status))
        stmt = stmt.where(Trademark.status == TrademarkStatus(status))
    return stmt


def _offices() -> list[str]:
    return list(get_session().exec(select(Trademark.office).distinct().order_by(Trademark.office)))


def _products(brand: str) -> list[Product]:
    stmt = select(Product).where(Product.brand == brand).order_by(Product.product_id)
    return list(get_session().exec(stmt).all())


def _form_data(tm: Trademark) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(tm, f, None) for f in FIELDS}
    data.update({d: (getattr(tm, d).isoformat() if getattr(tm, d) else None) for d in DATES})
    data["nice_classes"] = joined(tm.nice_classes)
    data["designations"] = joined(f"{d.party}:{d.status}" for d in _designations(tm))
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Trademark, bool]:
    data, designations = parse_trademark(values, geography=geography())
    return save_trademark(get_session(), data, designations, expected_version=version)


def _render_form(
    data: Mapping[str, object],
    errors: dict,
    tm: Trademark | None = None,
    version: int | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
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
def index():  # type: ignore[no-untyped-def]
    args = {k: request.args.get(k, "").strip() for k in ("brand", "office", "status")}
    page = paginate(_list_query(**args), page_number())
    return render_template(
        "trademarks/index.html",
        page=page,
        args=args,
        brands=list_brands(),
        offices=_offices(),
        statuses=list(TrademarkStatus),
    )


@bp.get(f"/{KEY}")
@login_required
def detail(office: str, tm_no: str):  # type: ignore[no-untyped-def]
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
        designations=_designations(tm),
        products=_products(tm.brand),
        describe_deadline=Wording().deadline,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return _render_form({}, {})
    values = form_values(FIELDS)
    row, errors, status = save_form(lambda: _save(values, None), creating=True, key_field="tm_no")
    if errors:
        return _render_form(values, errors, status=status)
    flash(_("Trademark %(office)s %(no)s created.", office=row.office, no=row.tm_no), "success")
    return redirect(url_for("trademarks.detail", office=row.office, tm_no=row.tm_no))


@bp.route(f"/edit/{KEY}", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(office: str, tm_no: str):  # type: ignore[no-untyped-def]
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
    row, errors, status = save_form(
        lambda: _save(values, version), creating=False, key_field="tm_no"
    )
    if errors:
        return _render_form(values, errors, tm, version, status)
    flash(_("Trademark %(office)s %(no)s saved.", office=row.office, no=row.tm_no), "success")
    return redirect(url_for("trademarks.detail", office=row.office, tm_no=row.tm_no))


@bp.post(f"/delete/{KEY}")
@requires_edit("portfolio")
def delete(office: str, tm_no: str):  # type: ignore[no-untyped-def]
    tm = _get_or_404(office, tm_no)
    delete_trademark(get_session(), tm.office, tm.tm_no)
    get_session().commit()
    flash(_("Trademark %(office)s %(no)s deleted.", office=office, no=tm_no), "success")
    return redirect(url_for("trademarks.index"))
