"""Turn one raw row (a workbook row or a web form) into a validated portfolio record.

Values are keyed by the canonical column names of DESIGN.md's import contract and hold what a
person typed or what Excel stored: text, numbers, dates or None. Every problem is collected, so a
person sees all of them at once, each as (column, reason) in plain English.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar, cast

from pydantic import ValidationError
from sqlmodel import SQLModel

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

E = TypeVar("E", bound=StrEnum)

# Lists inside a cell: ; ； , ， 、 and line breaks (full-width forms fold to ASCII under NFKC).
_SPLIT = re.compile(r"[;,、\n\r]+")
_SPLIT_CODES = re.compile(r"[;,、\s]+")
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"
)
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
# Excel's day 0 (serial numbers count days from here, with its 1900 leap-year bug folded in).
_EXCEL_EPOCH = dt.date(1899, 12, 30)

# Chinese (and common English) ways of writing each code value, as "alias alias=value" groups.
_ALIAS_TEXT: dict[type[StrEnum], str] = {
    PatentKind: "发明 发明专利=invention; utility 实用新型 实用新型专利 实用=utility_model; "
    "外观设计 外观设计专利 外观 design_patent=design",
    PatentStatus: "申请中 审查中 在审 待审 实审=pending; grant 授权 已授权 有效=granted; "
    "失效 已失效 终止=lapsed; 届满 期满 过期 已过期=expired; 撤回 视为撤回=withdrawn; "
    "驳回 被驳回 已驳回=refused",
    TrademarkStatus: "申请中 审查中 待审 初审公告=pending; 已注册 注册 有效=registered; "
    "驳回 被驳回 已驳回=refused; 异议 异议中 被异议=opposed; 过期 已过期 失效=expired; "
    "canceled 注销 已注销 撤销 已撤销 无效 已无效=cancelled; 撤回 已撤回=withdrawn",
    DesignationStatus: "registered granted 受保护 保护 核准 已核准=protected; "
    "待定 审查中 申请中=pending; 驳回 被驳回 拒绝=refused; 异议=opposed; 撤回=withdrawn; "
    "canceled 注销=cancelled; 过期=expired",
}
_ALIASES = {
    enum: {
        alias: group.split("=")[1]
        for group in text.split("; ")
        for alias in group.split("=")[0].split()
    }
    for enum, text in _ALIAS_TEXT.items()
}
# Office or party codes people write that are not the code ipwatch expects.
_CODE_HINTS = {"UK": "GB", "EU": "EM", "EUIPO": "EM", "WIPO": "WO", "OAPI": "OA", "BENELUX": "BX"}


class InvalidRecord(ValueError):
    """A record with problems; `errors` lists (column, reason) pairs a person can act on."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{column}: {reason}" for column, reason in errors))
        self.errors = errors


class _Reader:
    """Read columns of one raw row, collecting (column, reason) errors instead of stopping."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = values
        self.errors: list[tuple[str, str]] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append((column, reason))

    def text(self, column: str, *, model: type[SQLModel], required: bool = False) -> str | None:
        value = to_text(self.values.get(column))
        if value is None and required:
            self.error(column, "required: it is empty")
        limit = _max_length(model, column)
        if value is not None and limit is not None and len(value) > limit:
            self.error(column, f"too long ({len(value)} characters; at most {limit})")
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
        value = raw if keep else to_text(raw)
        if value is None:
            if required:
                self.error(column, "required: it is empty")
            return default
        try:
            return parse(value)
        except ValueError as exc:  # one reason per argument: a cell may have several problems
            for reason in exc.args:
                self.error(column, str(reason))
            return default

    def date(self, column: str, *, required: bool = False, period: bool = False) -> dt.date | None:
        parse = parse_period_end if period else parse_date
        value = self.parsed(column, parse, required=required, native=True)
        return value if isinstance(value, dt.date) else None

    def not_before(self, column: str, later: object, earlier: object, what: str) -> None:
        if isinstance(later, dt.date) and isinstance(earlier, dt.date) and later < earlier:
            self.error(column, f"{column.replace('_', ' ')} {later} is before the {what} {earlier}")

    def finish(self, model: type[SQLModel], fields: Mapping[str, object]) -> SQLModel:
        if self.errors:
            raise InvalidRecord(self.errors)
        try:
            return model.model_validate(fields)
        except ValidationError as exc:  # a safety net: the checks above should catch everything
            raise InvalidRecord(
                [(str(e["loc"][0]) if e["loc"] else "", e["msg"]) for e in exc.errors()]
            ) from None


def to_text(raw: object) -> str | None:
    """Return the cell as stripped text (whole floats without ".0"), or None when empty."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = raw.date()
    text = str(raw).translate(_INVISIBLE).strip()
    return text or None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _max_length(model: type[SQLModel], column: str) -> int | None:
    field = model.model_fields.get(column)
    for item in field.metadata if field else []:
        if hasattr(item, "max_length"):
            return int(item.max_length)
    return None


def split_list(text: str, *, codes: bool = False) -> list[str]:
    """Split a cell on ; ； , ， 、 (and spaces too for codes); drop empty items and repeats."""
    items = (_SPLIT_CODES if codes else _SPLIT).split(_fold(text))
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


def parse_date(raw: str | dt.date | int | float) -> dt.date:
    """Read an ISO, YYYY/MM/DD, YYYY.MM.DD, 2024年6月7日 or Excel date (serial number)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float):
        if not 1 <= raw < 2958466:
            raise ValueError(f"{raw} is not a date; write YYYY-MM-DD, e.g. 2024-06-07")
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    match = _DATE.fullmatch(_fold(raw))
    if match is None:
        raise ValueError(f'"{raw}" is not a date; write YYYY-MM-DD, e.g. 2024-06-07')
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f'"{raw}" is not a real date: there is no month {month}')
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f'"{raw}" is not a real date: {name} {year} has {last} days')
    if not 1800 <= year <= 2199:
        raise ValueError(f'"{raw}": the year {year} looks like a typing mistake')
    return dt.date(year, month, day)


def parse_period_end(raw: str | dt.date | int | float) -> dt.date:
    """Read a date, or the end of a period such as CNIPA's "2020年01月03日至2030年01月02日"."""
    if isinstance(raw, str):
        raw = re.split(r"至|~|～|—|–|\s-\s|\bto\b", raw)[-1].strip()
    return parse_date(raw)


def parse_choice(raw: str, enum: type[E], *, what: str = "value", of: str = "") -> E:
    """Read an enum value written in English (any case, spaces or hyphens) or Chinese."""
    key = re.sub(r"[\s\-]+", "_", _fold(raw).lower())
    value = _ALIASES.get(enum, {}).get(key, key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        where = f" for {of}" if of else ""
        raise ValueError(f'unknown {what} "{raw}"{where}; use one of {allowed}') from None


def parse_classes(raw: str | int | float) -> list[int]:
    """Read Nice classes such as "7;9", 7, "第7类" into a sorted list of numbers 1–45."""
    items = [to_text(raw) or ""] if isinstance(raw, int | float) else split_list(raw, codes=True)
    numbers: set[int] = set()
    bad: list[str] = []
    for item in items:
        digits = re.fullmatch(r"第?\s*(\d+)\s*类?", item)
        if digits is None:
            raise ValueError(f'"{item}" is not a Nice class number (1–45)')
        number = int(digits.group(1))
        if not 1 <= number <= 45:
            bad.append(str(number))
        numbers.add(number)
    if bad:
        raise ValueError(f"class {', '.join(bad)} is outside 1–45 (Nice classes are 1 to 45)")
    if not numbers:
        raise ValueError("required: list at least one Nice class, e.g. 7;9")
    return sorted(numbers)


def _code(raw: str) -> str:
    return _fold(raw).upper()


def _unknown_code(kind: str, code: str, valid: str) -> str:
    hint = _CODE_HINTS.get(code)
    return f'unknown {kind} "{code}"' + (f" (did you mean {hint}?)" if hint else f"; use {valid}")


def parse_codes(raw: str, check: Callable[[str], bool], kind: str, valid: str) -> list[str]:
    """Read a list of upper-case codes, each accepted by `check`; name every unknown one."""
    codes = [_code(c) for c in split_list(raw, codes=True)]
    unknown = [c for c in codes if not check(c)]
    if unknown:
        raise ValueError(*(_unknown_code(kind, c, valid) for c in unknown))
    return list(dict.fromkeys(codes))


def parse_product(values: Mapping[str, object], *, geography: Geography) -> ProductBase:
    """Validate one products row into a ProductBase, or raise InvalidRecord with every problem."""
    r = _Reader(values)
    fields = {
        name: r.text(name, model=ProductBase, required=name in {"product_id", "name", "brand"})
        for name in ("product_id", "name", "name_zh", "brand", "description")
    }
    fields["nice_classes"] = r.parsed("nice_classes", parse_classes, required=True, default=[])
    fields["markets"] = r.parsed(
        "markets",
        lambda s: parse_codes(s, geography.is_market, "market", "ISO country codes or EU"),
        required=True,
        default=[],
    )
    return cast(ProductBase, r.finish(ProductBase, fields))


def parse_patent(
    values: Mapping[str, object], *, geography: Geography
) -> tuple[PatentBase, list[str]]:
    """Validate one patents row; return the record and the product_ids it is linked to."""
    r = _Reader(values)
    fields: dict[str, object] = {
        "patent_no": r.text("patent_no", model=PatentBase, required=True),
        "title": r.text("title", model=PatentBase),
        "family_id": r.text("family_id", model=PatentBase),
        "office": r.parsed(
            "office",
            lambda s: _office(s, geography.is_patent_office, "ISO country codes, EP or WO"),
            required=True,
        ),
        "kind": r.parsed("kind", lambda s: parse_choice(s, PatentKind, what="kind"), required=True),
        "status": r.parsed(
            "status", lambda s: parse_choice(s, PatentStatus, what="status"), required=True
        ),
    }
    for name in ("filing_date", "grant_date", "priority_date", "expiry_date", "annuity_paid_until"):
        fields[name] = r.date(name, required=name == "filing_date")
    r.not_before("grant_date", fields["grant_date"], fields["filing_date"], "filing date")
    r.not_before("filing_date", fields["filing_date"], fields["priority_date"], "priority date")
    r.not_before("expiry_date", fields["expiry_date"], fields["filing_date"], "filing date")
    states = r.parsed(
        "designations",
        lambda s: parse_codes(s, is_country, "state", "ISO country codes"),
        default=[],
    )
    if states and fields["office"] not in (None, "EP"):
        r.error(
            "designations",
            "designations are only for EP patents (the states where it was validated)",
        )
    fields["designations"] = states
    products = r.parsed("products", split_list, default=[])
    return cast(PatentBase, r.finish(PatentBase, fields)), list(products)


def _office(raw: str, check: Callable[[str], bool], valid: str) -> str:
    code = _code(raw)
    if not check(code):
        raise ValueError(_unknown_code("office", code, valid))
    return code


def parse_designations(raw: str, geography: Geography) -> dict[str, DesignationStatus]:
    """Read "US:protected;JP:refused;VN" (a bare code is pending) into party -> status."""
    out: dict[str, DesignationStatus] = {}
    problems: list[str] = []
    for item in split_list(raw):
        code, _, status_text = (p.strip() for p in item.partition(":"))
        code = code.upper()
        if not geography.is_designation(code):
            problems.append(_unknown_code("party", code, "ISO country codes, EM, BX or OA"))
        elif geography.madrid_member(code, dt.date.max) is None:
            problems.append(_not_madrid(code, geography))
        elif code in out:
            problems.append(f'"{code}" is designated twice')
        try:
            status = (
                parse_choice(status_text, DesignationStatus, what="status", of=code)
                if status_text
                else DesignationStatus.PENDING
            )
        except ValueError as exc:
            problems.append(str(exc))
            continue
        out.setdefault(code, status)
    if problems:
        raise ValueError(*problems)
    return out


def _not_madrid(code: str, geography: Geography) -> str:
    routes = [m.code for m in geography.madrid_routes(code, dt.date.max)]
    if routes:
        return f'"{code}" is not a Madrid party itself; designate {" or ".join(routes)} instead'
    return f'"{code}" is not a Madrid party; file a national application there'


def parse_trademark(
    values: Mapping[str, object], *, geography: Geography
) -> tuple[TrademarkBase, dict[str, DesignationStatus]]:
    """Validate one trademarks row; return the record and its designations (WO only)."""
    r = _Reader(values)
    fields: dict[str, object] = {
        name: r.text(name, model=TrademarkBase, required=name in {"tm_no", "brand"})
        for name in ("tm_no", "brand", "mark_text", "mark_image", "basic_mark")
    }
    fields["office"] = r.parsed(
        "office",
        lambda s: _office(s, geography.is_trademark_office, "ISO country codes, EM, BX, OA or WO"),
        required=True,
    )
    fields["nice_classes"] = r.parsed("nice_classes", parse_classes, required=True, default=[])
    fields["status"] = r.parsed(
        "status", lambda s: parse_choice(s, TrademarkStatus, what="status"), required=True
    )
    for name in ("filing_date", "registration_date", "expiry_date"):
        fields[name] = r.date(name, required=name == "filing_date", period=name == "expiry_date")
    r.not_before(
        "registration_date", fields["registration_date"], fields["filing_date"], "filing date"
    )
    r.not_before("expiry_date", fields["expiry_date"], fields["filing_date"], "filing date")
    _check_image(r, fields["mark_image"])
    designations = r.parsed("designations", lambda s: parse_designations(s, geography), default={})
    _check_madrid(r, fields["office"], designations, fields["basic_mark"], values)
    return cast(TrademarkBase, r.finish(TrademarkBase, fields)), dict(designations)


def _check_image(r: _Reader, path: object) -> None:
    if isinstance(path, str) and (
        path.startswith(("/", "\\")) or ":" in path or ".." in re.split(r"[/\\]", path)
    ):
        r.error(
            "mark_image",
            "write the image path relative to the imported file, e.g. logos/kangda.png",
        )


def _check_madrid(
    r: _Reader,
    office: object,
    designations: dict[str, DesignationStatus],
    basic_mark: object,
    values: Mapping[str, object],
) -> None:
    if office == "WO":
        if not designations and to_text(values.get("designations")) is None:
            r.error(
                "designations",
                "a WO (Madrid) registration needs its designated parties, "
                "e.g. US:protected;JP:refused;VN",
            )
        if basic_mark is None:
            r.error(
                "basic_mark", "a WO (Madrid) registration needs the tm_no of its basic (home) mark"
            )
    elif office is not None:
        if designations:
            r.error(
                "designations", f"designations are only for WO (Madrid) registrations, not {office}"
            )
        if basic_mark is not None:
            r.error("basic_mark", f"basic_mark is only for WO (Madrid) registrations, not {office}")
