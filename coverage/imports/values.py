"""Read one cell value as people write it: text, lists, dates, Nice classes, codes, choices.

Each parser takes what a person typed (or what Excel stored) and returns a clean value, or raises
ValueError whose arguments are Messages, one per problem, so a cell can report several at once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from coverage.messages import Message, join_and, join_or, msg
from coverage.models import DesignationStatus, PatentKind, PatentStatus, TrademarkStatus
from coverage.offices import Geography

E = TypeVar("E", bound=StrEnum)

# Lists inside a cell: ; ； , ， 、 and line breaks (full-width forms fold to ASCII under NFKC).
_SPLIT = re.compile(r"[;,、\n\r]+")
_SPLIT_CODES = re.compile(r"[;,、\s]+")
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"
)
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
# C0 controls but tab, LF and CR; DEL; C1 controls (U+0080–U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
# Month names as a reason says them ("February 2023 has 28 days"); index 0 is unused.
_MONTHS = (
    None,
    msg("January"),
    msg("February"),
    msg("March"),
    msg("April"),
    msg("May"),
    msg("June"),
    msg("July"),
    msg("August"),
    msg("September"),
    msg("October"),
    msg("November"),
    msg("December"),
)
# Office or party codes people write that are not the code ipwatch expects.
_CODE_HINTS = {"UK": "GB", "EU": "EM", "EUIPO": "EM", "WIPO": "WO", "OAPI": "OA", "BENELUX": "BX"}


def to_text(raw: object) -> str | None:
    """Return the cell as stripped text (whole floats without ".0"), or None when empty; raise
    ValueError naming a control character (no record holds one; PostgreSQL refuses NUL)."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = raw.date()
    if control := _CONTROL.search(text := str(raw)):  # before strip(), which drops some
        code = f"{ord(control.group()):04X}"
        raise ValueError(msg("contains a control character (U+%(code)s)", code=code))
    return text.translate(_INVISIBLE).strip() or None


def fold(text: str) -> str:
    """Fold full-width letters, digits and punctuation to ASCII (NFKC) and strip spaces."""
    return unicodedata.normalize("NFKC", text).strip()


def split_list(text: str, *, codes: bool = False) -> list[str]:
    """Split a cell on ; ； , ， 、 (and spaces too for codes); drop empty items and repeats."""
    items = (_SPLIT_CODES if codes else _SPLIT).split(fold(text))
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


def parse_date(raw: str | dt.date | int | float) -> dt.date:
    """Read an ISO, YYYY/MM/DD, YYYY.MM.DD, 2024年6月7日 or Excel date (serial number)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float):
        if not 1 <= raw < 2958466:
            raise ValueError(
                msg("%(raw)s is not a date; write YYYY-MM-DD, e.g. 2024-06-07", raw=raw)
            )
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    match = _DATE.fullmatch(fold(raw))
    if match is None:
        raise ValueError(msg('"%(raw)s" is not a date; write YYYY-MM-DD, e.g. 2024-06-07', raw=raw))
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(
            msg('"%(raw)s" is not a real date: there is no month %(month)s', raw=raw, month=month)
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            msg(
                '"%(raw)s" is not a real date: %(month_name)s %(year)s has %(days)s days',
                raw=raw,
                month_name=_MONTHS[month],
                year=year,
                days=last,
            )
        )
    if not 1800 <= year <= 2199:
        raise ValueError(
            msg('"%(raw)s": the year %(year)s looks like a typing mistake', raw=raw, year=year)
        )
    return dt.date(year, month, day)


def parse_period_end(raw: str | dt.date | int | float) -> dt.date:
    """Read a date, or the end of a period such as CNIPA's "2020年01月03日至2030年01月02日"."""
    if isinstance(raw, str):
        raw = re.split(r"至|~|～|—|–|\s-\s|\bto\b", raw)[-1].strip()
    return parse_date(raw)


def parse_choice(raw: str, enum: type[E], *, what: Message, of: str = "") -> E:
    """Read an enum value written in English (any case, spaces or hyphens) or Chinese.

    `what` names the column in the reason ("kind", "status"); `of` says whose value it is.
    """
    key = re.sub(r"[\s\-]+", "_", fold(raw).lower())
    value = _ALIASES.get(enum, {}).get(key, key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        if of:
            reason = msg(
                'unknown %(what)s "%(raw)s" for %(of)s; use one of %(allowed)s',
                what=what,
                raw=raw,
                of=of,
                allowed=allowed,
            )
        else:
            reason = msg(
                'unknown %(what)s "%(raw)s"; use one of %(allowed)s',
                what=what,
                raw=raw,
                allowed=allowed,
            )
        raise ValueError(reason) from None


def parse_classes(raw: str | int | float) -> list[int]:
    """Read Nice classes such as "7;9", 7, "第7类" into a sorted list of numbers 1–45."""
    items = [to_text(raw) or ""] if isinstance(raw, int | float) else split_list(raw, codes=True)
    numbers: set[int] = set()
    bad: list[str] = []
    for item in items:
        digits = re.fullmatch(r"第?\s*(\d+)\s*类?", item)
        if digits is None:
            raise ValueError(msg('"%(item)s" is not a Nice class number (1–45)', item=item))
        number = int(digits.group(1))
        if not 1 <= number <= 45:
            bad.append(str(number))
        numbers.add(number)
    if bad:
        raise ValueError(
            msg(
                "class %(classes)s is outside 1–45 (Nice classes are 1 to 45)",
                classes=", ".join(bad),
            )
        )
    if not numbers:
        raise ValueError(msg("required: list at least one Nice class, e.g. 7;9"))
    return sorted(numbers)


def fold_code(raw: str) -> str:
    """Write an office, party or country code as ipwatch stores it: ASCII upper case."""
    return fold(raw).upper()


def unknown_code(kind: Message, code: str, valid: Message) -> Message:
    """Say that `code` is not a known `kind`: suggest the code meant, else the `valid` ones."""
    hint = _CODE_HINTS.get(code)
    if hint:
        return msg(
            'unknown %(kind)s "%(code)s" (did you mean %(hint)s?)', kind=kind, code=code, hint=hint
        )
    return msg('unknown %(kind)s "%(code)s"; use %(valid)s', kind=kind, code=code, valid=valid)


def parse_codes(raw: str, check: Callable[[str], bool], kind: Message, valid: Message) -> list[str]:
    """Read a list of upper-case codes, each accepted by `check`; name every unknown one."""
    codes = [fold_code(c) for c in split_list(raw, codes=True)]
    unknown = [c for c in codes if not check(c)]
    if unknown:
        raise ValueError(*(unknown_code(kind, c, valid) for c in unknown))
    return list(dict.fromkeys(codes))


def parse_office(raw: str, check: Callable[[str], bool], valid: Message) -> str:
    """Read one office code accepted by `check`; the reason names the `valid` codes."""
    code = fold_code(raw)
    if not check(code):
        raise ValueError(unknown_code(msg("office"), code, valid))
    return code


def parse_designations(raw: str, geography: Geography) -> dict[str, DesignationStatus]:
    """Read "US:protected;JP:refused;VN" (a bare code is pending) into party -> status."""
    out: dict[str, DesignationStatus] = {}
    problems: list[Message] = []
    for item in split_list(raw):
        code, _, status_text = (p.strip() for p in item.partition(":"))
        code = code.upper()
        if not geography.is_designation(code):
            valid = msg("ISO country codes, EM, BX or OA")
            problems.append(unknown_code(msg("party"), code, valid))
        elif geography.madrid_member(code, dt.date.max) is None:
            problems.append(_not_madrid(code, geography))
        elif code in out:
            problems.append(msg('"%(code)s" is designated twice', code=code))
        try:
            status = (
                parse_choice(status_text, DesignationStatus, what=msg("status"), of=code)
                if status_text
                else DesignationStatus.PENDING
            )
        except ValueError as exc:
            problems.extend(exc.args)
            continue
        out.setdefault(code, status)
    if problems:
        raise ValueError(*problems)
    return out


def _not_madrid(code: str, geography: Geography) -> Message:
    routes = [m.code for m in geography.madrid_routes(code, dt.date.max)]
    if routes:
        return msg(
            '"%(code)s" is not a Madrid party itself; designate %(routes)s instead',
            code=code,
            routes=join_or(routes),
        )
    return msg('"%(code)s" is not a Madrid party; file a national application there', code=code)


def image_path_problem(path: object) -> Message | None:
    """Say why a logo path is not relative to the imported file, or None when it is."""
    if isinstance(path, str) and (
        path.startswith(("/", "\\")) or ":" in path or ".." in re.split(r"[/\\]", path)
    ):
        return msg("write the image path relative to the imported file, e.g. logos/kangda.png")
    return None


def kind_problem(
    office: object, kind: object, patent_kinds: Mapping[str, frozenset[str]] | None
) -> Message | None:
    """Say that `office` grants no patents of `kind`, when its rules (office -> kinds) say so.

    An office without rules passes (the layout says "no rule"); a WO (PCT) application may be
    of any kind.
    """
    known = (patent_kinds or {}).get(office) if isinstance(office, str) else None
    if known is None or kind is None or office == "WO" or str(kind) in known:
        return None
    return msg(
        "%(office)s has no %(kind)s patents; %(office)s grants %(kinds)s",
        office=office,
        kind=str(kind),
        kinds=join_and(sorted(known)),
    )
