"""Turn one raw row (a workbook row or a web form) into a validated portfolio record.

Values are keyed by the canonical column names of DESIGN.md's import contract and hold what a
person typed or what Excel stored: text, numbers, dates or None. Every problem is collected, so a
person sees all of them at once, each as (column, reason) with the reason a translatable Message.
Reading a single cell (dates, lists, classes, codes) lives in coverage.imports.values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from coverage.imports.record import InvalidRecord, RowReader
from coverage.imports.values import (
    image_path_problem,
    kind_problem,
    parse_choice,
    parse_classes,
    parse_codes,
    parse_date,
    parse_designations,
    parse_office,
    split_list,
    to_text,
)
from coverage.messages import msg
from coverage.models import (
    DesignationStatus,
    PatentBase,
    PatentKind,
    PatentStatus,
    ProductBase,
    TrademarkBase,
    TrademarkStatus,
)
from coverage.offices import Geography, is_country

# parse_date and to_text are re-exported: callers read single cells through this module too.
__all__ = ["InvalidRecord", "parse_date", "parse_patent", "parse_product", "parse_trademark"]
__all__ += ["to_text"]

_KIND = msg("kind")
_STATUS = msg("status")
_COUNTRY_CODES = msg("ISO country codes")


def parse_product(values: Mapping[str, object], *, geography: Geography) -> ProductBase:
    """Validate one products row into a ProductBase, or raise InvalidRecord with every problem."""
    r = RowReader(values)
    fields = {
        name: r.text(name, model=ProductBase, required=name in {"product_id", "name", "brand"})
        for name in ("product_id", "name", "name_zh", "brand", "description")
    }
    fields["nice_classes"] = r.parsed("nice_classes", parse_classes, required=True, default=[])
    markets = (msg("market"), msg("ISO country codes or EU"))
    fields["markets"] = r.parsed(
        "markets",
        lambda s: parse_codes(s, geography.is_market, *markets),
        required=True,
        default=[],
    )
    return cast(ProductBase, r.finish(ProductBase, fields))


def parse_patent(
    values: Mapping[str, object],
    *,
    geography: Geography,
    patent_kinds: Mapping[str, frozenset[str]] | None = None,
) -> tuple[PatentBase, list[str]]:
    """Validate one patents row; return the record and the product_ids it is linked to.

    `patent_kinds` (office -> kinds its rules know) refuses a kind the office does not grant.
    """
    r = RowReader(values)
    offices = msg("ISO country codes, EP or WO")
    fields: dict[str, object] = {
        "patent_no": r.text("patent_no", model=PatentBase, required=True),
        "title": r.text("title", model=PatentBase),
        "family_id": r.text("family_id", model=PatentBase),
        "office": r.parsed(
            "office", lambda s: parse_office(s, geography.is_patent_office, offices), required=True
        ),
        "kind": r.parsed("kind", lambda s: parse_choice(s, PatentKind, what=_KIND), required=True),
        "status": r.parsed(
            "status", lambda s: parse_choice(s, PatentStatus, what=_STATUS), required=True
        ),
    }
    if (problem := kind_problem(fields["office"], fields["kind"], patent_kinds)) is not None:
        r.error("kind", problem)
    pct = fields["office"] == "WO"
    for name in ("filing_date", "grant_date", "priority_date", "expiry_date", "annuity_paid_until"):
        fields[name] = r.date(name, required=name == "filing_date" and not pct)
    if pct and r.blank("filing_date"):
        r.error("filing_date", _PCT_FILING)
    for later, earlier in _DATE_ORDER:
        r.not_before(later, earlier, fields)
    fields["designations"] = _validated_states(r, fields, values)
    products = r.parsed("products", split_list, default=[])
    return cast(PatentBase, r.finish(PatentBase, fields)), list(products)


_PCT_FILING = msg(
    "required: a WO (PCT) application needs its international filing date, because the "
    "national-phase deadlines are counted from the priority date, or from the filing date "
    "when there is no priority"
)
# (later, earlier) date columns of a patent that must not be in the other order.
_DATE_ORDER = (
    ("grant_date", "filing_date"),
    ("filing_date", "priority_date"),
    ("expiry_date", "filing_date"),
    ("annuity_paid_until", "filing_date"),
)


def _validated_states(
    r: RowReader, fields: Mapping[str, object], values: Mapping[str, object]
) -> list[str]:
    """Read `designations`: the states where an EP patent was validated (needed once granted)."""
    states: list[str] = r.parsed(
        "designations",
        lambda s: parse_codes(s, is_country, msg("state"), _COUNTRY_CODES),
        default=[],
    )
    office = fields["office"]
    if states and office not in (None, "EP"):
        r.error(
            "designations",
            msg("designations are only for EP patents (the states where it was validated)"),
        )
    granted = fields["status"] == PatentStatus.GRANTED
    if office == "EP" and granted and r.blank("designations"):
        r.error(
            "designations",
            msg("a granted EP patent needs the states where it was validated, e.g. DE;FR;IT"),
        )
    return states


def parse_trademark(
    values: Mapping[str, object], *, geography: Geography
) -> tuple[TrademarkBase, dict[str, DesignationStatus]]:
    """Validate one trademarks row; return the record and its designations (WO only)."""
    r = RowReader(values)
    fields: dict[str, object] = {
        name: r.text(name, model=TrademarkBase, required=name in {"tm_no", "brand"})
        for name in ("tm_no", "brand", "mark_text", "mark_image", "basic_mark")
    }
    offices = msg("ISO country codes, EM, BX, OA or WO")
    fields["office"] = r.parsed(
        "office", lambda s: parse_office(s, geography.is_trademark_office, offices), required=True
    )
    fields["nice_classes"] = r.parsed("nice_classes", parse_classes, required=True, default=[])
    fields["status"] = r.parsed(
        "status", lambda s: parse_choice(s, TrademarkStatus, what=_STATUS), required=True
    )
    for name in ("filing_date", "registration_date", "expiry_date"):
        fields[name] = r.date(name, required=name == "filing_date", period=name == "expiry_date")
    r.not_before("registration_date", "filing_date", fields)
    r.not_before("expiry_date", "filing_date", fields)
    if (problem := image_path_problem(fields["mark_image"])) is not None:
        r.error("mark_image", problem)
    designations = r.parsed("designations", lambda s: parse_designations(s, geography), default={})
    _check_madrid(r, fields["office"], designations, fields["basic_mark"], values)
    return cast(TrademarkBase, r.finish(TrademarkBase, fields)), dict(designations)


def _check_madrid(
    r: RowReader,
    office: object,
    designations: dict[str, DesignationStatus],
    basic_mark: object,
    values: Mapping[str, object],
) -> None:
    if office == "WO":
        if not designations and r.blank("designations"):
            r.error(
                "designations",
                msg(
                    "a WO (Madrid) registration needs its designated parties, "
                    "e.g. US:protected;JP:refused;VN"
                ),
            )
        if basic_mark is None:
            r.error(
                "basic_mark",
                msg("a WO (Madrid) registration needs the tm_no of its basic (home) mark"),
            )
    elif office is not None:
        if designations:
            r.error(
                "designations",
                msg(
                    "designations are only for WO (Madrid) registrations, not %(office)s",
                    office=office,
                ),
            )
        if basic_mark is not None:
            r.error(
                "basic_mark",
                msg(
                    "basic_mark is only for WO (Madrid) registrations, not %(office)s",
                    office=office,
                ),
            )
