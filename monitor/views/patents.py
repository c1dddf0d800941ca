"""Patent pages: list (office, kind, status), detail with its standing, deadlines, family and
linked products, create, edit, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import select

from coverage.imports.validation import parse_patent
from coverage.models import Patent, PatentKind, PatentStatus, Product, ProductPatentLink
from coverage.patents.queries import load_patent_kinds, load_patent_rules, report_patent
from coverage.portfolio import delete_patent, save_patent
from monitor.auth import requires_edit
from monitor.coverage_cache import BadQuery, parse_as_of
from monitor.db import get_session
from monitor.views.common import (
    form_values,
    geography,
    joined,
    page_number,
    paginate,
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
    patent = (
        get_session()
        .exec(select(Patent).where(Patent.office == office, Patent.patent_no == patent_no))
        .first()
    )
    if patent is None:
        abort(404)
    return patent


def _products(patent: Patent) -> list[Product]:
    stmt = (
        select(Product)
        .join(ProductPatentLink, ProductPatentLink.product_pk == Product.id)
        .where(ProductPatentLink.patent_pk == patent.id)
        .order_by(Product.product_id)
    )
    return list(get_session().exec(stmt).all())


def _enum_filter(stmt: Any, column: Any, enum: Any, value: str) -> Any:
    if not value:
        return stmt
    if value not in {e.value for e in enum}:
        abort(400, description=_("Unknown value: %(value)s", value=value))
    return stmt.where(column == enum(value))


def _list_query(office: str, kind: str, status: str) -> Any:
    stmt = select(Patent).order_by(Patent.office, Patent.patent_no)
    if office:
        stmt = stmt.where(Patent.office == office.upper())
    stmt = _enum_filter(stmt, Patent.kind, PatentKind, kind)
    return _enum_filter(stmt, Patent.status, PatentStatus, status)


def _as_of() -> dt.date:
    """The `as_of` query parameter (today when absent); 400 when it is not a date."""
    text = request.args.get("as_of", "").strip()
    try:
        return parse_as_of(text) if text else dt.date.today()
    except BadQuery as exc:
        abort(400, description=str(exc))


def _offices() -> list[str]:
    return list(get_session().exec(select(Patent.office).distinct().order_by(Patent.office)))


def _form_data(patent: Patent) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(patent, f, None) for f in FIELDS}
    data.update(
        {d: (getattr(patent, d).isoformat() if getattr(patent, d) else None) for d in DATES}
    )
    data["products"] = joined(p.product_id for p in _products(patent))
    data["designations"] = joined(patent.designations)
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Patent, bool]:
    kinds = load_patent_kinds(get_session())
    data, product_ids = parse_patent(values, geography=geography(), patent_kinds=kinds)
    return save_patent(get_session(), data, product_ids, expected_version=version)


def _render_form(
    data: Mapping[str, object],
    errors: dict,
    patent: Patent | None = None,
    version: int | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
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
def index():  # type: ignore[no-untyped-def]
    args = {k: request.args.get(k, "").strip() for k in ("office", "kind", "status")}
    page = paginate(_list_query(**args), page_number())
    return render_template(
        "patents/index.html",
        page=page,
        args=args,
        offices=_offices(),
        kinds=list(PatentKind),
        statuses=list(PatentStatus),
    )


@bp.get(f"/{KEY}")
@login_required
def detail(office: str, patent_no: str):  # type: ignore[no-untyped-def]
    patent = _get_or_404(office, patent_no)
    session, as_of, words = get_session(), _as_of(), PatentWording()
    return render_template(
        "patents/detail.html",
        patent=patent,
        as_of=as_of,
        products=_products(patent),
        report=report_patent(session, patent, as_of=as_of),
        term=load_patent_rules(session).term(patent.office, patent.kind, patent.filing_date),
        describe_deadline=words.patent_deadline,
        deadline_kind_label=words.deadline_kind,
        no_rule=words.no_rule,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return _render_form({}, {})
    values = form_values(FIELDS)
    row, errors, status = save_form(
        lambda: _save(values, None), creating=True, key_field="patent_no"
    )
    if errors:
        return _render_form(values, errors, status=status)
    flash(_("Patent %(office)s %(no)s created.", office=row.office, no=row.patent_no), "success")
    return redirect(url_for("patents.detail", office=row.office, patent_no=row.patent_no))


@bp.route(f"/edit/{KEY}", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(office: str, patent_no: str):  # type: ignore[no-untyped-def]
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
    row, errors, status = save_form(
        lambda: _save(values, version), creating=False, key_field="patent_no"
    )
    if errors:
        return _render_form(values, errors, patent, version, status)
    flash(_("Patent %(office)s %(no)s saved.", office=row.office, no=row.patent_no), "success")
    return redirect(url_for("patents.detail", office=row.office, patent_no=row.patent_no))


@bp.post(f"/delete/{KEY}")
@requires_edit("portfolio")
def delete(office: str, patent_no: str):  # type: ignore[no-untyped-def]
    patent = _get_or_404(office, patent_no)
    delete_patent(get_session(), patent.office, patent.patent_no)
    get_session().commit()
    flash(_("Patent %(office)s %(no)s deleted.", office=office, no=patent_no), "success")
    return redirect(url_for("patents.index"))
