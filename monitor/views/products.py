"""Product pages: list, detail, create, edit, delete; the `country` filter of every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from coverage.imports.validation import parse_product
from coverage.models import Product
from coverage.offices import country_name
from coverage.patents.queries import list_product_patents
from coverage.portfolio import delete_product, save_product
from coverage.queries import get_product, list_brands, list_nice_classes, search_products
from coverage.trademarks.explain import expiry_of, mark_info
from coverage.trademarks.queries import list_brand_trademarks, load_rules
from monitor.auth import requires_edit
from monitor.db import get_session
from monitor.views.common import (
    PER_PAGE,
    FormErrors,
    form_values,
    geography,
    joined,
    or_404,
    page_number,
    save_form,
    version_field,
)

bp = Blueprint("products", __name__, url_prefix="/products")

FIELDS = ("product_id", "name", "name_zh", "brand", "nice_classes", "markets", "description")


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


def _get_or_404(product_id: str) -> Product:
    return or_404(get_product(session=get_session(), product_id=product_id))


def _form_data(product: Product) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(product, f) for f in FIELDS}
    data.update(nice_classes=joined(product.nice_classes), markets=joined(product.markets))
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Product, bool]:
    data = parse_product(values, geography=geography())
    # no version: the create form, which must not overwrite a product with the same id
    return save_product(get_session(), data, expected_version=version, create_only=version is None)


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


@bp.get("/<path:product_id>")
@login_required
def detail(product_id: str) -> ResponseReturnValue:
    product = _get_or_404(product_id)
    session = get_session()
    trademarks = list_brand_trademarks(session=session, brand=product.brand)
    rules = load_rules(session)
    return render_template(
        "products/detail.html",
        product=product,
        patents=list_product_patents(session=session, product=product),
        trademarks=trademarks,
        expiries={tm.id: expiry_of(mark_info(tm), rules) for tm in trademarks},
        headings=nice_headings(product.nice_classes),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("products/form.html", data={}, errors={}, product=None)
    values = form_values(FIELDS)
    row = save_form(lambda: _save(values, None), key_field="product_id")
    if isinstance(row, FormErrors):
        return render_template(
            "products/form.html", data=values, errors=row.errors, product=None
        ), row.status
    flash(_("Product %(id)s created.", id=row.product_id), "success")
    return redirect(url_for("products.detail", product_id=row.product_id))


@bp.route("/edit/<path:product_id>", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(product_id: str) -> ResponseReturnValue:
    product = _get_or_404(product_id)
    if request.method == "GET":
        return render_template(
            "products/form.html",
            data=_form_data(product),
            errors={},
            product=product,
            version=product.version,
        )
    values = {**form_values(FIELDS), "product_id": product.product_id}
    version = version_field()
    row = save_form(lambda: _save(values, version), key_field="product_id")
    if isinstance(row, FormErrors):
        return render_template(
            "products/form.html", data=values, errors=row.errors, product=product, version=version
        ), row.status
    flash(_("Product %(id)s saved.", id=row.product_id), "success")
    return redirect(url_for("products.detail", product_id=row.product_id))


@bp.post("/delete/<path:product_id>")
@requires_edit("portfolio")
def delete(product_id: str) -> ResponseReturnValue:
    product = _get_or_404(product_id)
    delete_product(get_session(), product.product_id)
    get_session().commit()
    flash(_("Product %(id)s deleted.", id=product_id), "success")
    return redirect(url_for("products.index"))
