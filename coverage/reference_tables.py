"""The shipped reference tables: which CSV file fills which table, and how each column is read.

A column parser takes the cell text and returns the value, or raises ValueError with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from coverage.models import (
    MadridParty,
    MarketRegion,
    NiceClass,
    Office,
    PatentRule,
    PctPeriod,
    RegionMembership,
    TrademarkRule,
)

Parser = Callable[[str], Any]


def _text(value: str) -> str:
    if not value:
        raise ValueError("a value is required")
    return value


def _optional(value: str) -> str | None:
    return value or None


def _code(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise ValueError(f"{value!r} is not a two-letter upper-case code")
    return value


def _region_code(value: str) -> str:
    if (
        not 2 <= len(value) <= 16
        or not value.isascii()
        or not value.isalpha()
        or not value.isupper()
    ):
        raise ValueError(f"{value!r} is not an upper-case region code of 2 to 16 letters")
    return value


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None


def _int(low: int, high: int, required: bool = True) -> Parser:
    def parse(value: str) -> int | None:
        if not value and not required:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
        return int(value)

    return parse


def _one_of(*choices: str) -> Parser:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return parse


_STATUS = _one_of("confirmed", "unverified")


@dataclass(frozen=True)
class Table:
    """One CSV file and the table it fills: column name -> parser of the cell text."""

    label: str
    file: str
    model: type[SQLModel]
    columns: dict[str, Parser]


TABLES = (
    Table(
        "offices",
        "offices.csv",
        Office,
        {
            "code": _code,
            "name_en": _text,
            "name_zh": _optional,
            "kind": _one_of("national", "regional", "international"),
            "source": _text,
        },
    ),
    Table(
        "region memberships",
        "region_membership.csv",
        RegionMembership,
        {
            "region": _code,
            "country": _code,
            "start": _date,
            "end": _date,
            "source": _text,
            "status": _STATUS,
        },
    ),
    Table(
        "market regions",
        "market_regions.csv",
        MarketRegion,
        {
            "region": _region_code,
            "name_en": _text,
            "name_zh": _text,
            "country": _code,
            "source": _text,
            "status": _STATUS,
        },
    ),
    Table(
        "Madrid parties",
        "madrid_parties.csv",
        MadridParty,
        {
            "code": _code,
            "name": _text,
            "in_force": _date,
            "refusal_months": _int(12, 18, False),
            "source": _text,
            "status": _STATUS,
        },
    ),
    Table(
        "Nice classes",
        "nice_classes.csv",
        NiceClass,
        {
            "number": _int(1, 45),
            "kind": _one_of("goods", "services"),
            "heading_en": _text,
            "heading_zh": _text,
        },
    ),
    Table(
        "trademark rules",
        "trademark_rules.csv",
        TrademarkRule,
        {
            "office": _code,
            "term_years": _int(1, 99),
            "term_from": _one_of("filing", "registration"),
            "term_end": _one_of("anniversary", "day_before"),
            "renewal_window_months": _int(0, 24),
            "grace_months": _int(0, 24),
            "opposition": _optional,
            "non_use_years": _int(1, 10, False),
            "use_declaration": _optional,
            "source": _text,
            "status": _STATUS,
        },
    ),
    Table(
        "patent rules",
        "patent_rules.csv",
        PatentRule,
        {
            "office": _code,
            "kind": _one_of("invention", "utility_model", "design"),
            "term_years": _int(1, 99),
            "term_from": _one_of("filing", "grant"),
            "filed_from": _date,
            "filed_until": _date,
            "annuity_grace_months": _int(0, 24, False),
            "annuity_surcharge": _optional,
            "source": _text,
            "status": _STATUS,
        },
    ),
    Table(
        "PCT national phase periods",
        "pct_periods.csv",
        PctPeriod,
        {
            "office": _code,
            "months": _int(12, 60),
            "late_months": _int(12, 60, False),
            "source": _text,
            "status": _STATUS,
        },
    ),
)
# Tables without a natural key: the rows of every group the CSV names are replaced on load.
REPLACED_BY: dict[type[SQLModel], str] = {
    RegionMembership: "region",
    MarketRegion: "region",
    PatentRule: "office",
}
# Columns every file carries although not every table stores them (e.g. Nice's source).
ALWAYS: dict[str, Parser] = {"source": _text, "status": _STATUS}
