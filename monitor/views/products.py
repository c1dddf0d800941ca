"""Product pages: list, detail, create, edit, delete; the `country` filter of every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import or_
from sqlmodel import select

from coverage.imports.validation import parse_product
from coverage.models import NiceClass, Patent, Product, ProductPatentLink, Trademark
from coverage.offices import country_name
from coverage.portfolio import delete_product, save_product
from coverage.trademarks.explain import expiry_of, mark_info
from coverage.trademarks.queries import load_rules
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

bp = Blueprint("products", __name__, url_prefix="/products")

FIELDS = ("product_id", "name", "name_zh", "brand", "nice_classes", "markets", "description")


# --- helpers of the product pages ----------------------------------------------------------


def locale() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


@bp.app_template_filter("country")
def country_filter(code: str) -> str:
    """`DE` → `Germany` / `德国` in the UI language."""
    return country_name(code, locale())


def nice_headings(numbers: Iterable[int]) -> dict[int, str]:
    """Class number → its heading in the UI language."""
    rows = get_session().exec(select(NiceClass).where(NiceClass.number.in_(list(numbers)))).all()
    zh = locale().startswith("zh")
    return {r.number: (r.heading_zh if zh else r.heading_en) for r in rows}


# --- queries ----------------------------------------------------------------------------------


def _get_or_404(product_id: str) -> Product:
    product = get_session().exec(select(Product).where(Product.product_id == product_id)).first()
    if product is None:
        abort(404)
    return product


def _list_query(q: str, brand: str) -> Any:
    stmt = select(Product).order_by(Product.brand, Product.product_id)
    if q:  # autoescape: a % or _ typed by the user is searched for, not a wildcard
        columns = (Product.product_id, Product.name, Product.name_zh, Product.brand)
        stmt = stmt.where(or_(*(c.icontains(q, autoescape=True) for c in columns)))
    return stmt.where(Product.brand == brand) if brand else stmt


def _related(product: Product) -> tuple[list[Patent], list[Trademark]]:
    session = get_session()
    patents = session.exec(
        select(Patent)
        .join(ProductPatentLink, ProductPatentLink.patent_pk == Patent.id)
        .where(ProductPatentLink.product_pk == product.id)
        .order_by(Patent.office, Patent.patent_no)
    ).all()
    trademarks = session.exec(
        select(Trademark)
        .where(Trademark.brand == product.brand)
        .order_by(Trademark.office, Trademark.tm_no)
    ).all()
    return list(patents), list(trademarks)


def _form_data(product: Product) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(product, f) for f in FIELDS}
    data.update(nice_classes=joined(product.nice_classes), markets=joined(product.markets))
    return data


def _save(values: Mapping[str, object], version: int | None) -> tuple[Product, bool]:
    data = parse_product(values, geography=geography())
    return save_product(get_session(), data, expected_version=version)


# --- views ------------------------------------------------------------------------------------


@bp.get("")
@login_required
def index():  # type: ignore[no-untyped-def]
    q, brand = request.args.get("q", "").strip(), request.args.get("brand", "").strip()
    page = paginate(_list_query(q, brand), page_number())
    return render_template(
        "products/index.html",
        page=page,
        q=q,
        brand=brand,
        brands=list_brands(),
        args={"q": q, "brand": brand},
    )


@bp.get("/<path:product_id>")
@login_required
def detail(product_id: str):  # type: ignore[no-untyped-def]
    product = _get_or_404(product_id)
    patents, trademarks = _related(product)
    rules = load_rules(get_session())
    return render_template(
        "products/detail.html",
        product=product,
        patents=patents,
        trademarks=trademarks,
        expiries={tm.id: expiry_of(mark_info(tm), rules) for tm in trademarks},
        headings=nice_headings(product.nice_classes),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_edit("portfolio")
def new():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return render_template("products/form.html", data={}, errors={}, product=None)
    values = form_values(FIELDS)
    row, errors, status = save_form(
        lambda: _save(values, None), creating=True, key_field="product_id"
    )
    if errors:
        return render_template(
            "products/form.html", data=values, errors=errors, product=None
        ), status
    flash(_("Product %(id)s created.", id=row.product_id), "success")
    return redirect(url_for("products.detail", product_id=row.product_id))


@bp.route("/edit/<path:product_id>", methods=["GET", "POST"])
@requires_edit("portfolio")
def edit(product_id: str):  # type: ignore[no-untyped-def]
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
    row, errors, status = save_form(
        lambda: _save(values, version), creating=False, key_field="product_id"
    )
    if errors:
        return render_template(
            "products/form.html", data=values, errors=errors, product=product, version=version
        ), status
    flash(_("Product %(id)s saved.", id=row.product_id), "success")
    return redirect(url_for("products.detail", product_id=row.product_id))


@bp.post("/delete/<path:product_id>")
@requires_edit("portfolio")
def delete(product_id: str):  # type: ignore[no-untyped-def]
    product = _get_or_404(product_id)
    delete_product(get_session(), product.product_id)
    get_session().commit()
    flash(_("Product %(id)s deleted.", id=product_id), "success")
    return redirect(url_for("products.index"))
