"""Product pages: list, detail, create, edit, delete; and the form/list helpers of the portfolio pages."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, or_
from sqlmodel import select

from coverage.models import NiceClass, Patent, Product, ProductPatentLink, Trademark
from coverage.offices import Geography, country_name
from coverage.portfolio import StaleRecord, UnknownProduct, delete_product, save_product
from coverage.queries import load_geography
from coverage.validation import InvalidRecord, parse_product
from monitor.auth import requires_edit
from monitor.db import get_session

bp = Blueprint("products", __name__, url_prefix="/products")

PER_PAGE = 25
FIELDS = ("product_id", "name", "name_zh", "brand", "nice_classes", "markets", "description")


# --- helpers shared by the portfolio pages (products, trademarks, patents) ---------------------


@dataclass
class Page:
    """One page of a list: its rows, its number (from 1), the number of pages and of rows."""

    items: list[Any]
    page: int
    pages: int
    total: int


def page_number() -> int:
    """The `page` query parameter (1 when absent); 400 when it is not a positive integer."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description=_("The page number must be a whole number from 1."))
    return int(raw)


def paginate(stmt: Any, page: int, per_page: int = PER_PAGE) -> Page:
    """Run `stmt` for one page; a page past the end shows the last page."""
    session = get_session()
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    pages = max(1, math.ceil(total / per_page))
    page = min(page, pages)
    items = list(session.exec(stmt.offset((page - 1) * per_page).limit(per_page)).all())
    return Page(items=items, page=page, pages=pages, total=total)


def form_values(names: Iterable[str]) -> dict[str, str | None]:
    """The submitted text of `names`, stripped; empty fields become None."""
    return {n: (request.form.get(n) or "").strip() or None for n in names}


def joined(values: Iterable[object]) -> str:
    """A list as a user types it in a cell: `7;9`."""
    return ";".join(str(v) for v in values)


def version_field() -> int:
    """The record version the edit form was rendered with; 400 when missing or not a number."""
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400, description=_("The form has no record version; reload the page."))
    return int(raw)


def save_form(
    save: Callable[[], tuple[Any, bool]], *, creating: bool, key_field: str
) -> tuple[Any, dict[str, list[str]], int]:
    """Run `save` (parse + save) and commit; on bad input roll back and return field errors.

    Returns (row, errors, status): status 200 when saved, 400 for bad input or a duplicate key,
    409 when someone else changed the record since the form was opened.
    """
    session = get_session()
    errors: dict[str, list[str]] = {}
    status = 400
    try:
        row, created = save()
    except InvalidRecord as exc:
        for column, reason in exc.errors:
            errors.setdefault(column or "_form", []).append(reason)
    except UnknownProduct as exc:
        errors["products"] = [str(exc)]
    except StaleRecord:
        errors["_form"] = [_("Someone else changed this record since you opened it; reload.")]
        status = 409
    else:
        if not creating or created:
            session.commit()
            return row, {}, 200
        errors[key_field] = [_("A record with this key exists already; open it and edit it.")]
    session.rollback()
    return None, errors, status


def geography() -> Geography:
    """The offices' territories, read from the reference tables."""
    return load_geography(get_session())


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


def list_brands() -> list[str]:
    """Every brand of a product or trademark, sorted."""
    session = get_session()
    brands = set(session.exec(select(Product.brand).distinct()).all())
    return sorted(brands | set(session.exec(select(Trademark.brand).distinct()).all()))


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
    return render_template(
        "products/detail.html",
        product=product,
        patents=patents,
        trademarks=trademarks,
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
