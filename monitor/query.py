"""What a page or API call asks for, parsed from its query string: dates, filters and paging.

Each query is a frozen dataclass whose fields say which parameter they read and how
(`param(parser)`); `from_args` parses them all, raising BadQuery with the parameter and the reason,
and `args` writes the query string back for links and exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Self

from flask_babel import gettext as _

from coverage.grid import CellStatus, Grid
from coverage.models import PatentKind
from coverage.offices import MARKET_GROUPS, REGIONS, is_country

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # accepted as_of dates
STATUS_FILTERS = (*(s.value for s in CellStatus), "gap", "at_risk")
KINDS = tuple(k.value for k in PatentKind)
DEADLINE_KINDS = (
    "annuity",
    "annuity_late",
    "national_phase",
    "national_phase_late",
    "ep_validation",
    "expiry",
)

Parser = Callable[[str, str], Any]  # (parameter name, stripped text) -> value


class BadQuery(ValueError):
    """A parameter of the query string cannot be understood; the message says which and why."""


def parse_as_of(text: str) -> dt.date:
    """The as_of parameter as a date; BadQuery when it is not one or is out of range."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadQuery(
            _("as_of: %(value)s is not a date; write YYYY-MM-DD, e.g. 2026-03-31", value=text)
        ) from None
    if not EARLIEST <= day <= LATEST:  # terms and deadlines are computed years around the date
        raise BadQuery(
            _(
                "as_of: %(value)s is out of range; pick a date from %(first)s to %(last)s",
                value=text,
                first=EARLIEST.isoformat(),
                last=LATEST.isoformat(),
            )
        )
    return day


def parse_text(name: str, text: str) -> str | None:
    """Free text (a brand, a product id), or None when empty."""
    return text or None


def parse_upper(name: str, text: str) -> str | None:
    """A code in upper case (a region), or None when empty; checked against the data later."""
    return text.upper() or None


def parse_flag(name: str, text: str) -> bool:
    """A yes/no parameter: 1, true, on or yes mean yes."""
    return text.lower() in {"1", "true", "on", "yes"}


def parse_code(name: str, text: str) -> str | None:
    """A country code parameter in upper case, or None when empty; BadQuery when it is not an
    ISO 3166-1 alpha-2 code of a country (a region such as EU is not a market)."""
    if not text:
        return None
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise BadQuery(
            _(
                "%(name)s: %(value)s is not a two-letter country code such as CN or DE",
                name=name,
                value=text,
            )
        )
    code = text.upper()
    if is_country(code):
        return code
    region = MARKET_GROUPS.get(code, code)
    if region in REGIONS:
        raise BadQuery(
            _(
                "%(name)s: %(value)s is a region, not a country; filter with region=%(region)s",
                name=name,
                value=code,
                region="EU" if region == "EM" else region,
            )
        )
    raise BadQuery(_("%(name)s: %(value)s is not a known country code", name=name, value=code))


def check_codes(
    grid: Grid,
    *,
    region: str | None = None,
    product: str | None = None,
    brand: str | None = None,
) -> None:
    """Raise BadQuery when a filter names a region, product or brand that `grid` does not know:
    an empty answer would read as "nothing to do" when the name was mistyped."""
    if region and region not in {code for code, *_ in grid.regions()}:
        raise BadQuery(_("region: %(value)s is not a known region", value=region))
    if product and product not in grid.products:
        raise BadQuery(_("product: %(value)s is not a product", value=product))
    if brand and not grid.knows_brand(brand):
        raise BadQuery(_("brand: %(value)s is not the brand of any product", value=brand))


def whole_number(text: str) -> int | None:
    """The number written in ASCII digits, or None (² and ٣ are digits to Python, not to us)."""
    return int(text) if text.isascii() and text.isdigit() else None


def parse_nice_class(name: str, text: str) -> int | None:
    """A Nice class from 1 to 45, or None when empty."""
    if not text:
        return None
    number = whole_number(text)
    if number is None or not 1 <= number <= 45:
        raise BadQuery(
            _("class: %(value)s is not a Nice class; write a number from 1 to 45", value=text)
        )
    return number


def choice(choices: tuple[str, ...]) -> Parser:
    """A parser accepting one of `choices` in any case (lower-cased), or None when empty."""

    def parse(name: str, text: str) -> str | None:
        if not text:
            return None
        if text.lower() not in choices:
            raise BadQuery(
                _(
                    "%(name)s: %(value)s is not one of %(choices)s",
                    name=name,
                    value=text,
                    choices=", ".join(choices),
                )
            )
        return text.lower()

    return parse


parse_status = choice(STATUS_FILTERS)


def parse_positive(name: str, text: str, default: int, maximum: int | None) -> int:
    """A positive whole-number parameter (default when empty, at most `maximum`)."""
    if not text:
        return default
    number = whole_number(text) or 0
    if number < 1 or (maximum is not None and number > maximum):
        top = str(maximum) if maximum is not None else "…"
        raise BadQuery(
            _(
                "%(name)s: %(value)s must be a whole number from 1 to %(top)s",
                name=name,
                value=text,
                top=top,
            )
        )
    return number


def param(
    parse: Parser | None, *, name: str | None = None, default: Any = None, is_filter: bool = True
) -> Any:
    """A query field read from parameter `name` (default: the field's name) with `parse`.

    It filters the grid's cells unless `is_filter` is false (it then chooses what is built or
    listed) or it has no parser (the date and paging, parsed by `Query.from_args`).
    """
    return field(default=default, metadata={"parse": parse, "param": name, "filter": is_filter})


def _name(f: Any) -> str:
    return str(f.metadata.get("param") or f.name)


@dataclass(frozen=True)
class Query:
    """A query string's date and page; subclasses add their filters with `param`."""

    as_of: dt.date
    page: int = param(None, default=1)
    per_page: int = param(None, default=25)

    @classmethod
    def from_args(
        cls,
        args: Mapping[str, str],
        *,
        today: dt.date,
        per_page: int | None = None,
        max_per_page: int | None = None,
    ) -> Self:
        """Parse a query string; raise BadQuery naming the parameter that is wrong."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = _name(f)
            text = (args.get(name) or "").strip()
            if f.name == "as_of":
                values[f.name] = parse_as_of(text) if text else today
            elif f.name == "page":
                values[f.name] = parse_positive(name, text, 1, None)
            elif f.name == "per_page":
                default = per_page if per_page is not None else int(str(f.default))
                values[f.name] = parse_positive(name, text, default, max_per_page)
            else:
                values[f.name] = f.metadata["parse"](name, text)
        return cls(**values)

    def args(self, **changes: Any) -> dict[str, str]:
        """The query string that asks for this again (with `changes`), for links and exports."""
        query = replace(self, **changes)
        out = {"as_of": query.as_of.isoformat()}
        for f in fields(query):
            value = getattr(query, f.name)
            if f.name in {"as_of", "per_page"} or value in (None, False, ""):
                continue
            if f.name == "page" and value == 1:
                continue
            out[_name(f)] = "1" if value is True else str(value)
        return out

    def filters(self) -> dict[str, Any]:
        """The cell filters of the query, as keyword arguments of `Grid.select`."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.metadata.get("parse") is not None and f.metadata["filter"]
        }


@dataclass(frozen=True)
class CoverageQuery(Query):
    """The coverage matrix, gaps or plan: which products, the filters and the page."""

    all_products: bool = param(parse_flag, default=False, is_filter=False)
    brand: str | None = param(parse_text)
    product: str | None = param(parse_text)
    market: str | None = param(parse_code)
    region: str | None = param(parse_upper)
    nice_class: int | None = param(parse_nice_class, name="class")
    status: str | None = param(parse_status)


@dataclass(frozen=True)
class LayoutQuery(Query):
    """The patent layout: the patent kind it is built for, the filters and the page."""

    brand: str | None = param(parse_text)
    product: str | None = param(parse_text)
    market: str | None = param(parse_code)
    region: str | None = param(parse_upper)
    kind: str | None = param(choice(KINDS), is_filter=False)
    status: str | None = param(parse_status)


@dataclass(frozen=True)
class DeadlineQuery(Query):
    """The patent deadline list: brand, product, patent kind (as in the layout and the CLI),
    kind of deadline (`deadline`: annuity, national_phase, …) and page."""

    per_page: int = param(None, default=100)
    brand: str | None = param(parse_text, is_filter=False)
    product: str | None = param(parse_text, is_filter=False)
    kind: str | None = param(choice(KINDS), is_filter=False)
    deadline: str | None = param(choice(DEADLINE_KINDS), is_filter=False)
