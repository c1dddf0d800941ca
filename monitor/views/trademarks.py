"""Trademark pages: list (brand, office, status), detail with designations, create, edit, delete."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from coverage.imports.sheets import SHEETS
from coverage.imports.validation import parse_trademark
from coverage.models import Trademark, TrademarkStatus
from coverage.portfolio import delete_trademark, save_trademark
from coverage.queries import list_brand_products, list_brands
from coverage.trademarks.queries import (
    find_basic_mark,
    get_trademark,
    list_designations,
    list_standings,
    list_trademark_offices,
    report_trademark,
    search_trademarks,
)
from monitor.db import get_session
from monitor.views.common import (
    PER_PAGE,
    RecordViews,
    as_of_arg,
    code_arg,
    enum_arg,
    geography,
    iso_dates,
    joined,
    page_number,
    translate_message,
)
from monitor.wording import Wording

bp = Blueprint("trademarks", __name__, url_prefix="/trademarks")

DATES = ("filing_date", "registration_date", "expiry_date")
KEY = "<string(length=2):office>/<path:tm_no>"


def _form_data(tm: Trademark) -> dict[str, object]:
    designations = list_designations(session=get_session(), trademark=tm)
    return {
        **iso_dates(tm, DATES),
        "nice_classes": joined(tm.nice_classes),
        "designations": joined(f"{d.party}:{d.status}" for d in designations),
    }


def _save(values: Mapping[str, object], version: int | None) -> tuple[Trademark, bool]:
    data, designations = parse_trademark(values, geography=geography())
    # no version: the create form, which must not overwrite a trademark with the same number
    return save_trademark(
        get_session(), data, designations, expected_version=version, create_only=version is None
    )


RECORDS = RecordViews(
    sheet=SHEETS["trademarks"],
    import_only=("mark_image",),  # the logo
    rule=KEY,
    get=get_trademark,
    form_data=_form_data,
    save=_save,
    delete=delete_trademark,
    template="trademarks/form.html",
    name="tm",
    created=_l("Trademark %(office)s %(no)s created."),
    saved=_l("Trademark %(office)s %(no)s saved."),
    deleted=_l("Trademark %(office)s %(no)s deleted."),
    placeholders={"office": "office", "no": "tm_no"},
    choices={"statuses": list(TrademarkStatus)},
)
RECORDS.register(bp)  # the new, edit and delete pages


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    args = {k: request.args.get(k, "").strip() for k in ("brand", "status")}
    status, as_of = args["status"], as_of_arg()
    args["office"] = code_arg(
        "office", lambda c: geography().is_trademark_office(c), _unknown_office
    )
    session = get_session()
    page = search_trademarks(
        session=session,
        brand=args["brand"],
        office=args["office"],
        status=enum_arg(TrademarkStatus, status, _("Unknown status: %(status)s", status=status)),
        page=page_number(),
        per_page=PER_PAGE,
    )
    return render_template(
        "trademarks/index.html",
        page=page,
        args=args,
        as_of=as_of,
        standings=list_standings(session, page.items, as_of=as_of, expiring_days=_days()),
        brands=list_brands(session=session),
        offices=list_trademark_offices(session=session),
        statuses=list(TrademarkStatus),
    )


@bp.get(f"/{KEY}")
@login_required
def detail(office: str, tm_no: str) -> ResponseReturnValue:
    tm = RECORDS.get_or_404(office=office, tm_no=tm_no)
    session, words = get_session(), Wording()
    return render_template(
        "trademarks/detail.html",
        tm=tm,
        report=report_trademark(session, tm, as_of=as_of_arg(), expiring_days=_days()),
        basic=find_basic_mark(session, tm),
        designations=list_designations(session=session, trademark=tm),
        products=list_brand_products(session=session, brand=tm.brand),
        describe_deadline=words.deadline,
        describe_overdue=words.overdue_text,
        describe_reason=translate_message,
    )


def _unknown_office(code: str) -> str:
    return _(
        "office: %(value)s is not a trademark office (a country code, EM, BX, OA or WO)",
        value=code,
    )


def _days() -> int:
    """How many days before its expiry a registration counts as expiring (the matrix's setting)."""
    return int(current_app.config["TM_EXPIRING_DAYS"])
