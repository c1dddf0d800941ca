"""Product pages: list, detail, create, edit, delete; the `country` filter of every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from coverage.imports.sheets import SHEETS
from coverage.imports.validation import parse_product
from coverage.models import Product
from coverage.offices import country_name
from coverage.patents.queries import list_product_patents
from coverage.portfolio import delete_product, save_product
from coverage.queries import get_product, list_brands, list_nice_classes, search_products
from coverage.trademarks.queries import list_brand_trademarks, list_standings
from monitor.db import get_session
from monitor.views.common import (
    PER_PAGE,
    RecordViews,
    as_of_arg,
    geography,
    joined,
    page_number,
)

bp = Blueprint("products", __name__, url_prefix="/products")

KEY = "<path:product_id>"


# --- helpers of the product pages ----------------------------------------------------------


def locale() -> str:
    """The UI language of this request (`en`, `zh`)."""
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


@bp.app_template_filter("country")
def country_filter(code: str) -> str:
    """`DE` → `Germany` / `德国` in the UI language."""
    return country_name(code, locale())


def nice_headings(numbers: Iterable[int]) -> dict[int, str]:
    """Class number → its heading in the UI language."""
    rows = list_nice_classes(session=get_session(), numbers=numbers)
    zh = locale().startswith("zh")
    return {r.number: (r.heading_zh if zh else r.heading_en) for r in rows}


def _form_data(product: Product) -> dict[str, object]:
    return {"nice_classes": joined(product.nice_classes), "markets": joined(product.markets)}


def _save(values: Mapping[str, object], version: int | None) -> tuple[Product, bool]:
    data = parse_product(values, geography=geography())
    # no version: the create form, which must not overwrite a product with the same id
    return save_product(get_session(), data, expected_version=version, create_only=version is None)


RECORDS = RecordViews(
    sheet=SHEETS["products"],
    rule=KEY,
    get=get_product,
    form_data=_form_data,
    save=_save,
    delete=delete_product,
    template="products/form.html",
    name="product",
    created=_l("Product %(id)s created."),
    saved=_l("Product %(id)s saved."),
    deleted=_l("Product %(id)s deleted."),
    placeholders={"id": "product_id"},
)
RECORDS.register(bp)  # the new, edit and delete pages


# --- views ------------------------------------------------------------------------------------


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    q, brand = request.args.get("q", "").strip(), request.args.get("brand", "").strip()
    session = get_session()
    page = search_products(
        session=session, text=q, brand=brand, page=page_number(), per_page=PER_PAGE
    )
    return render_template(
        "products/index.html",
        page=page,
        q=q,
        brand=brand,
        brands=list_brands(session=session),
        args={"q": q, "brand": brand},
    )


@bp.get(f"/{KEY}")
@login_required
def detail(product_id: str) -> ResponseReturnValue:
    product = RECORDS.get_or_404(product_id=product_id)
    session, as_of = get_session(), as_of_arg()
    trademarks = list_brand_trademarks(session=session, brand=product.brand)
    days = int(current_app.config["TM_EXPIRING_DAYS"])
    return render_template(
        "products/detail.html",
        product=product,
        as_of=as_of,
        patents=list_product_patents(session=session, product=product),
        trademarks=trademarks,
        standings=list_standings(session, trademarks, as_of=as_of, expiring_days=days),
        headings=nice_headings(product.nice_classes),
    )
