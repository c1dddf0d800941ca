"""Patent pages: list (office, kind, status), detail with its standing, deadlines, family and
linked products, create, edit, delete."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from coverage.imports.sheets import SHEETS
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
from monitor.db import get_session
from monitor.patent_wording import PatentWording, patent_name, shown_label
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
)

bp = Blueprint("patents", __name__, url_prefix="/patents")
# every page names a patent the same way: "CN ZL201810234567.X", but "EP3612345", not "EP EP…"
bp.add_app_template_global(patent_name, "patent_name")
bp.add_app_template_filter(shown_label, "patent_label")

DATES = ("filing_date", "grant_date", "priority_date", "expiry_date")
KEY = "<string(length=2):office>/<path:patent_no>"


def _form_data(patent: Patent) -> dict[str, object]:
    products = list_patent_products(session=get_session(), patent=patent)
    return {
        **iso_dates(patent, DATES),
        "products": joined(p.product_id for p in products),
        "designations": joined(patent.designations),
    }


def _save(values: Mapping[str, object], version: int | None) -> tuple[Patent, bool]:
    kinds = load_patent_kinds(get_session())
    data, product_ids = parse_patent(values, geography=geography(), patent_kinds=kinds)
    # no version: the create form, which must not overwrite a patent with the same number
    return save_patent(
        get_session(), data, product_ids, expected_version=version, create_only=version is None
    )


class _PatentViews(RecordViews[Patent]):
    """The record views, with the messages naming the patent by patent_name."""

    def _flash(self, message: LazyString, key: Mapping[str, object]) -> None:
        name = patent_name(str(key["office"]), str(key["patent_no"]))
        flash(str(message) % {"patent": name}, "success")


RECORDS = _PatentViews(
    sheet=SHEETS["patents"],
    import_only=("annuity_paid_until",),  # paid annuities
    rule=KEY,
    get=get_patent,
    form_data=_form_data,
    save=_save,
    delete=delete_patent,
    template="patents/form.html",
    name="patent",
    created=_l("Patent %(patent)s created."),
    saved=_l("Patent %(patent)s saved."),
    deleted=_l("Patent %(patent)s deleted."),
    placeholders={},  # _PatentViews names the patent
    choices={"kinds": list(PatentKind), "statuses": list(PatentStatus)},
)
RECORDS.register(bp)  # the new, edit and delete pages


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    args = {k: request.args.get(k, "").strip() for k in ("kind", "status")}
    kind, status = args["kind"], args["status"]
    args["office"] = code_arg("office", lambda c: geography().is_patent_office(c), _unknown_office)
    session = get_session()
    page = search_patents(
        session=session,
        office=args["office"],
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
    patent = RECORDS.get_or_404(office=office, patent_no=patent_no)
    session, as_of, words = get_session(), as_of_arg(), PatentWording()
    return render_template(
        "patents/detail.html",
        patent=patent,
        as_of=as_of,
        products=list_patent_products(session=session, patent=patent),
        report=report_patent(session, patent, as_of=as_of),
        term=load_patent_rules(session).term(patent.office, patent.kind, patent.filing_date),
        describe_deadline=words.patent_deadline,
        deadline_kind_label=words.deadline_kind,
        surcharge_label=words.surcharge,
        no_rule=words.no_rule,
    )


def _unknown_office(code: str) -> str:
    return _(
        "office: %(value)s is not a patent office (a country code, EP, WO, EA, AP or OA)",
        value=code,
    )
