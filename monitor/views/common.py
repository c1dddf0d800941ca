"""What the portfolio pages share: domain messages in the UI language, lists one page at a time,
reading a record form, and the save-and-commit step that turns domain errors into field messages."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import select

from coverage.imports.validation import InvalidRecord
from coverage.messages import Message
from coverage.models import Product, Trademark
from coverage.offices import Geography
from coverage.portfolio import StaleRecord, UnknownProduct
from coverage.queries import load_geography
from monitor.db import get_session

PER_PAGE = 25


def translate_message(message: Message | str) -> str:
    """A domain Message in the UI language (its parameters filled in); text is kept as it is."""
    if isinstance(message, Message):
        return message.render(_)
    return str(message)


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

    Returns (row, errors, status): errors maps a field (or `_form`) to its messages in the UI
    language; status 200 when saved, 400 for bad input or a duplicate key, 409 when someone
    else changed the record since the form was opened.
    """
    session = get_session()
    errors: dict[str, list[str]] = {}
    status = 400
    try:
        row, created = save()
    except InvalidRecord as exc:
        for column, reason in exc.errors:
            errors.setdefault(column or "_form", []).append(translate_message(reason))
    except UnknownProduct as exc:
        errors["products"] = [translate_message(exc.message)]
    except StaleRecord as exc:
        errors["_form"] = [translate_message(exc.message)]
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


def list_brands() -> list[str]:
    """Every brand of a product or trademark, sorted."""
    session = get_session()
    brands = set(session.exec(select(Product.brand).distinct()).all())
    return sorted(brands | set(session.exec(select(Trademark.brand).distinct()).all()))
