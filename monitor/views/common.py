"""What the portfolio pages share: domain messages in the UI language, the page, date and filter
parameters, the refusal of NUL characters in any request, reading a record form, the
save-and-commit step that turns domain errors into field messages, and the new, edit and delete
pages of a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from coverage.imports.sheets import SheetSpec
from coverage.imports.validation import InvalidRecord
from coverage.messages import Message
from coverage.offices import Geography
from coverage.portfolio import DuplicateRecord, StaleRecord, UnknownProduct
from coverage.queries import load_geography
from monitor.auth import requires_edit
from monitor.db import get_session
from monitor.query import BadQuery, parse_as_of, whole_number

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
    number = whole_number(request.args.get("page", "1").strip())
    if number is None or number < 1:
        abort(400, description=_("The page number must be a whole number from 1."))
    return number


def as_of_arg() -> dt.date:
    """The `as_of` query parameter (today when absent); 400 when it is not a date."""
    text = request.args.get("as_of", "").strip()
    try:
        return parse_as_of(text) if text else dt.date.today()
    except BadQuery as exc:
        abort(400, description=str(exc))


def code_arg(name: str, known: Callable[[str], bool], error: Callable[[str], str]) -> str:
    """The code parameter `name` in upper case ("" when absent); 400 saying `error(code)` when
    `known` does not know it."""
    code = request.args.get(name, "").strip().upper()
    if code and not known(code):
        abort(400, description=error(code))
    return code


def refuse_nul() -> None:
    """Answer 400 when a query, form or URL value holds a NUL character (U+0000): no record has
    one, and PostgreSQL refuses to store or even compare one."""
    try:
        pairs = [*request.args.items(multi=True), *request.form.items(multi=True)]
    except RequestEntityTooLarge:
        return  # the view reports the upload limit
    texts = [text for pair in pairs for text in pair]
    texts += [str(value) for value in (request.view_args or {}).values()]
    if any("\x00" in text for text in texts):
        abort(400, description=_("The request contains a NUL character (U+0000); remove it."))


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
    number = whole_number(request.form.get("version", "").strip())
    if number is None:
        abort(400, description=_("The form has no record version; reload the page."))
    return number


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


class Record(Protocol):
    """A portfolio row: product, patent or trademark, with the version an edit must match."""

    version: int


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class RecordViews(Generic[R]):
    """The new, edit and delete pages of one kind of record, leading to its blueprint's `detail`
    and `index` pages."""

    sheet: SheetSpec  # the record's columns and key; the key columns are the URL variables too
    rule: str  # the URL rule of one record
    get: Callable[..., R | None]  # get(session=, **key)
    form_data: Callable[[R], dict[str, object]]  # edit form values other than the row's own
    save: Callable[[Mapping[str, object], int | None], tuple[R, bool]]  # version None: create
    delete: Callable[..., None]  # delete(session, **key)
    template: str
    name: str  # the row's name in the template (None on the create form)
    created: LazyString  # the messages, with placeholders...
    saved: LazyString
    deleted: LazyString
    placeholders: Mapping[str, str]  # ...filled from key columns: placeholder -> column
    import_only: tuple[str, ...] = ()  # columns the form leaves out; an edit keeps them
    choices: Mapping[str, object] = field(default_factory=dict)  # the select fields' options

    @property
    def key(self) -> tuple[str, ...]:
        """The key columns, e.g. `office`, `patent_no`."""
        return self.sheet.key

    @property
    def fields(self) -> tuple[str, ...]:
        """The columns the form shows and submits."""
        return tuple(c for c in self.sheet.columns if c not in self.import_only)

    def register(self, bp: Blueprint) -> None:
        """Add `/new`, `/edit/<rule>` and `/delete/<rule>` to `bp`, for editors of the portfolio."""
        editors = requires_edit("portfolio")
        bp.add_url_rule("/new", "new", editors(self.new), methods=["GET", "POST"])
        bp.add_url_rule(f"/edit/{self.rule}", "edit", editors(self.edit), methods=["GET", "POST"])
        bp.add_url_rule(f"/delete/{self.rule}", "delete", editors(self.remove), methods=["POST"])

    def get_or_404(self, **key: str) -> R:
        """The row of `key`; 404 when there is none."""
        return or_404(self.get(session=get_session(), **key))

    def new(self) -> ResponseReturnValue:
        """The create form; on submit the new row, or the form again with its errors."""
        if request.method == "GET":
            return self._render({}, {})
        return self._submit(form_values(self.fields), None, None)

    def edit(self, **key: str) -> ResponseReturnValue:
        """The edit form of a row (its key read-only); on submit as `new`, at the version shown."""
        row = self.get_or_404(**key)
        if request.method == "GET":
            data = {f: getattr(row, f, None) for f in self.fields} | self.form_data(row)
            return self._render(data, {}, row, row.version)
        kept = {c: getattr(row, c) for c in (*self.key, *self.import_only)}
        values = {**form_values(self.fields), **kept}
        return self._submit(values, row, version_field())

    def remove(self, **key: str) -> ResponseReturnValue:
        """Delete a row and go back to the list."""
        row = self.get_or_404(**key)
        self.delete(get_session(), **self._key_of(row))
        get_session().commit()
        self._flash(self.deleted, key)
        return redirect(url_for(".index"))

    def _submit(
        self, values: Mapping[str, object], row: R | None, version: int | None
    ) -> ResponseReturnValue:
        # a duplicate key is reported at its last column: the number, or the product id
        saved = save_form(lambda: self.save(values, version), key_field=self.key[-1])
        if isinstance(saved, FormErrors):
            return self._render(values, saved.errors, row, version, saved.status)
        self._flash(self.created if row is None else self.saved, self._key_of(saved))
        return redirect(url_for(".detail", **self._key_of(saved)))

    def _render(
        self,
        data: Mapping[str, object],
        errors: Mapping[str, list[str]],
        row: R | None = None,
        version: int | None = None,
        status: int = 200,
    ) -> ResponseReturnValue:
        return render_template(
            self.template,
            data=data,
            errors=errors,
            version=version,
            **{self.name: row},
            **self.choices,
        ), status

    def _flash(self, message: LazyString, key: Mapping[str, object]) -> None:
        names = {p: key[column] for p, column in self.placeholders.items()}
        flash(str(message) % names, "success")

    def _key_of(self, row: R) -> dict[str, Any]:
        return {k: getattr(row, k) for k in self.key}
