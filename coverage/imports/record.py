"""One raw row (a workbook row or a web form) read column by column, collecting every problem.

A RowReader never stops at the first problem: each is kept as (column, reason), so a person sees
all of them at once; `finish` raises InvalidRecord with the list or returns the validated model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from sqlmodel import SQLModel

from coverage.imports.values import parse_date, parse_period_end, to_text
from coverage.messages import Message, msg

EMPTY = msg("required: it is empty")
# Date columns as a reason names them ("grant date 2019-12-31 is before the filing date ...").
DATE_LABELS = {
    "filing_date": msg("filing date"),
    "grant_date": msg("grant date"),
    "priority_date": msg("priority date"),
    "expiry_date": msg("expiry date"),
    "registration_date": msg("registration date"),
    "annuity_paid_until": msg("annuity paid until"),
}


class InvalidRecord(ValueError):
    """A record with problems; `errors` lists (column, reason) pairs a person can act on."""

    def __init__(self, errors: list[tuple[str, Message]]) -> None:
        super().__init__("; ".join(f"{column}: {reason}" for column, reason in errors))
        self.errors = errors


def _as_message(reason: object) -> Message:
    """A reason as a Message; an unexpected plain text is shown as it is (untranslated)."""
    return reason if isinstance(reason, Message) else Message("%(reason)s", {"reason": reason})


class RowReader:
    """Read columns of one raw row, collecting (column, reason) errors instead of stopping."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = values
        self.errors: list[tuple[str, Message]] = []

    def error(self, column: str, reason: Message) -> None:
        """Note a problem with `column`."""
        self.errors.append((column, reason))

    def text(self, column: str, *, model: type[SQLModel], required: bool = False) -> str | None:
        """The column as text within the model's length limit, or None (noting why)."""
        try:
            value = to_text(self.values.get(column))
        except ValueError as exc:  # a control character
            self._refuse(column, exc)
            return None
        if value is None and required:
            self.error(column, EMPTY)
        limit = _max_length(model, column)
        if value is not None and limit is not None and len(value) > limit:
            reason = msg(
                "too long (%(length)s characters; at most %(limit)s)",
                length=len(value),
                limit=limit,
            )
            self.error(column, reason)
            return None
        return value

    def parsed(
        self,
        column: str,
        parse: Callable[[Any], Any],
        *,
        required: bool = False,
        default: Any = None,
        native: bool = False,
    ) -> Any:
        """Parse the cell with `parse` (given text, or Excel's own value when `native`)."""
        raw = self.values.get(column)
        keep = native and isinstance(raw, dt.date | int | float) and not isinstance(raw, bool)
        try:
            value = raw if keep else to_text(raw)
            if value is None:
                if required:
                    self.error(column, EMPTY)
                return default
            return parse(value)
        except ValueError as exc:  # a control character, or what `parse` found
            self._refuse(column, exc)
            return default

    def blank(self, column: str) -> bool:
        """True when the column is empty (a cell refused for a control character is not)."""
        try:
            return to_text(self.values.get(column)) is None
        except ValueError:
            return False

    def _refuse(self, column: str, exc: ValueError) -> None:
        # one reason per argument: a cell may have several problems
        for reason in exc.args:
            self.error(column, _as_message(reason))

    def date(self, column: str, *, required: bool = False, period: bool = False) -> dt.date | None:
        """The column as a date (a period such as 2024 as its last day when `period`)."""
        parse = parse_period_end if period else parse_date
        value = self.parsed(column, parse, required=required, native=True)
        return value if isinstance(value, dt.date) else None

    def not_before(self, column: str, earlier_column: str, fields: Mapping[str, object]) -> None:
        """Note a problem when the date in `column` is before the one in `earlier_column`."""
        later, earlier = fields[column], fields[earlier_column]
        if isinstance(later, dt.date) and isinstance(earlier, dt.date) and later < earlier:
            reason = msg(
                "%(field)s %(later)s is before the %(other)s %(earlier)s",
                field=DATE_LABELS[column],
                later=later.isoformat(),
                other=DATE_LABELS[earlier_column],
                earlier=earlier.isoformat(),
            )
            self.error(column, reason)

    def finish(self, model: type[SQLModel], fields: Mapping[str, object]) -> SQLModel:
        """Return the validated model, or raise InvalidRecord with every problem noted."""
        if self.errors:
            raise InvalidRecord(self.errors)
        try:
            return model.model_validate(fields)
        except ValidationError as exc:  # a safety net: the checks above should catch everything
            raise InvalidRecord(
                [
                    (str(e["loc"][0]) if e["loc"] else "", _as_message(e["msg"]))
                    for e in exc.errors()
                ]
            ) from None


def _max_length(model: type[SQLModel], column: str) -> int | None:
    field = model.model_fields.get(column)
    for item in field.metadata if field else []:
        if hasattr(item, "max_length"):
            return int(item.max_length)
    return None
