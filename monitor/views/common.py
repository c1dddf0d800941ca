"""What the portfolio pages share: domain messages in the UI language, the page and filter
parameters, reading a record form, and the save-and-commit step that turns domain errors into
field messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from flask import abort, request
from flask_babel import gettext as _

from coverage.imports.validation import InvalidRecord
from coverage.messages import Message
from coverage.offices import Geography
from coverage.portfolio import DuplicateRecord, StaleRecord, UnknownProduct
from coverage.queries import load_geography
from monitor.db import get_session

PER_PAGE = 25

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


def translate_message(message: Message | str) -> str:
    """A domain Message in the UI language (its parameters filled in); text is kept as it is."""
    if isinstance(message, Message):
        return message.render(_)
    return str(message)


def page_number() -> int:
    """The `page` query parameter (1 when absent); 400 when it is not a positive integer."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description=_("The page number must be a whole number from 1."))
    return int(raw)


def enum_arg(enum: type[E], value: str, error: str) -> E | None:
    """`value` as a member of `enum` (None when empty); 400 saying `error` when it is none."""
    if not value:
        return None
    if value not in {e.value for e in enum}:
        abort(400, description=error)
    return enum(value)


def or_404(row: T | None) -> T:
    """`row`; 404 when there is none."""
    if row is None:
        abort(404)
    return row


def form_values(names: Iterable[str]) -> dict[str, str | None]:
    """The submitted text of `names`, stripped; empty fields become None."""
    return {n: (request.form.get(n) or "").strip() or None for n in names}


def joined(values: Iterable[object]) -> str:
    """A list as a user types it in a cell: `7;9`."""
    return ";".join(str(v) for v in values)


def iso_dates(row: object, names: Iterable[str]) -> dict[str, object]:
    """The dates `names` of `row` as a user types them (`2024-05-31`); None where there is none."""
    dates = {n: getattr(row, n) for n in names}
    return {n: (d.isoformat() if d else None) for n, d in dates.items()}


def version_field() -> int:
    """The record version the edit form was rendered with; 400 when missing or not a number."""
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400, description=_("The form has no record version; reload the page."))
    return int(raw)


@dataclass(frozen=True)
class FormErrors:
    """Why a form was not saved: messages in the UI language by field (`_form`: the whole form),
    and the status to answer with (400 bad input or a duplicate key, 409 a concurrent edit)."""

    errors: dict[str, list[str]]
    status: int


def save_form(save: Callable[[], tuple[T, bool]], *, key_field: str) -> T | FormErrors:
    """Run `save` (parse + save) and commit, returning the saved row; on bad input, on a duplicate
    of `key_field` or on a concurrent edit roll back and return the field errors."""
    session = get_session()
    errors: dict[str, list[str]] = {}
    status = 400
    try:
        row, _created = save()
    except InvalidRecord as exc:
        for column, reason in exc.errors:
            errors.setdefault(column or "_form", []).append(translate_message(reason))
    except UnknownProduct as exc:
        errors["products"] = [translate_message(exc.message)]
    except DuplicateRecord:
        errors[key_field] = [_("A record with this key exists already; open it and edit it.")]
    except StaleRecord as exc:
        errors["_form"] = [translate_message(exc.message)]
        status = 409
    else:
        session.commit()
        return row
    session.rollback()
    return FormErrors(errors, status)


def geography() -> Geography:
    """The offices' territories, read from the reference tables."""
    return load_geography(get_session())
