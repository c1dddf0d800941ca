"""The report's codes in words: case routes and stages (the msgids of
templates/cases/_case_macros.html, so their Chinese applies here too), cell statuses, deadline
kinds, sales regions and months; number and date formats shared by every part of the report."""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from monitor.config import ROOT
from monitor.patent_wording import DEADLINE_KIND_LABELS as PATENT_DEADLINE_KINDS
from monitor.wording import DEADLINE_LABELS as TRADEMARK_DEADLINES
from monitor.wording import STATUS_LABELS, country_name, locale_code

__all__ = ["STATUS_LABELS", "country_name", "locale_code"]

ROUTE_LABELS = {
    "platform_complaint": _l("platform complaint"),
    "cease_and_desist": _l("cease-and-desist letter"),
    "opposition": _l("opposition"),
    "invalidation": _l("invalidation"),
    "non_use_cancellation": _l("non-use cancellation"),
    "admin_complaint": _l("administrative complaint (AMR)"),
    "civil_suit": _l("civil suit"),
    "criminal_referral": _l("criminal referral"),
    "customs": _l("customs"),
}

STAGE_LABELS = {
    "draft": _l("draft"),
    "closed": _l("closed"),
    "complaint_filed": _l("complaint filed"),
    "taken_down": _l("taken down"),
    "counter_notice": _l("counter-notice received"),
    "rejected": _l("rejected"),
    "suit_filed": _l("suit or complaint filed"),
    "lifted": _l("takedown lifted"),
    "letter_sent": _l("letter sent"),
    "response_received": _l("response received"),
    "no_response": _l("no response"),
    "settled": _l("settled"),
    "escalated": _l("escalated"),
    "filed": _l("filed"),
    "evidence": _l("evidence exchange"),
    "upheld": _l("upheld (mark refused)"),
    "review": _l("review"),
    "invalidated": _l("invalidated"),
    "maintained": _l("maintained"),
    "appealed": _l("appealed"),
    "cancelled": _l("mark cancelled"),
    "raid": _l("raid"),
    "penalty_decided": _l("penalty decided"),
    "preservation": _l("preservation"),
    "hearing": _l("hearing"),
    "judgment": _l("judgment"),
    "appeal": _l("appeal"),
    "enforced": _l("enforced"),
    "referred": _l("referred"),
    "case_opened": _l("case opened"),
    "declined": _l("declined"),
    "prosecuted": _l("prosecuted"),
    "recorded": _l("recorded"),
    "detention_notice": _l("detention notice"),
    "bond_posted": _l("bond posted"),
    "released": _l("released"),
    "seized": _l("seized"),
}

CASE_DEADLINE_LABELS = {
    "counter_notice_lift": _l("takedown lifted unless suit or complaint filed"),
    "response_due": _l("response due"),
    "opposition_end": _l("opposition period ends"),
    "detention_action": _l("act on the customs detention"),
    "recordal_renewal": _l("renew the customs recordal"),
    "limitation": _l("limitation period ends"),
    "file_after_preservation": _l("file suit after preservation"),
    "appeal": _l("appeal period ends"),
    "other": _l("other"),
}

MONTHS = "January February March April May June July August September October November December"
MONTHS_FULL = tuple(MONTHS.split())
SHORT_MONTHS = tuple(m[:3] for m in MONTHS_FULL)
DOMESTIC = "CN"  # the company's home market: its gaps are "domestic" (国内)
OTHER = "OTHER"  # the region of a market in no sales region


def label(labels: dict[str, Any], code: object) -> str:
    """The label of `code` in `labels`, the code itself when there is none."""
    text = str(code if code is not None else "")
    found = labels.get(text)
    return str(found) if found is not None else text


def list_sep(lang: str) -> str:
    """Between the items of a list of names: "、" in Chinese, ", " in English."""
    return "、" if lang == "zh" else ", "


def paren(text: str, lang: str) -> str:
    """`text` in parentheses: fullwidth ones in Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def cap(text: str) -> str:
    """`text` with a capital first letter (a label at the start of a line); Chinese unchanged."""
    return text[:1].upper() + text[1:]


def route_label(route: object) -> str:
    """An enforcement route: "platform complaint" / "平台投诉"."""
    return label(ROUTE_LABELS, route)


def stage_label(stage: object) -> str:
    """A case stage: "counter-notice received" / its Chinese."""
    return label(STAGE_LABELS, stage)


def status_label(status: object) -> str:
    """A cell status: protected, expiring, pending, lapsed, missing."""
    return label(STATUS_LABELS, status)


def deadline_label(area: str, kind: str, subject: str) -> str:
    """What falls due, with its subject: "Renewal of CN 16543210", "annuity: CN2023…"."""
    if area == "trademark" and kind in TRADEMARK_DEADLINES:
        return str(TRADEMARK_DEADLINES[kind]) % {"right": subject}
    kinds = PATENT_DEADLINE_KINDS if area == "patent" else CASE_DEADLINE_LABELS
    what = label(kinds, kind) if kind in kinds else kind.replace("_", " ")
    return _("%(what)s: %(subject)s", what=what, subject=subject) if subject else what


def market_name(code: object, lang: str) -> str:
    """A market's name ("Vietnam" / "越南"); a blank code reads "unknown"."""
    text = str(code or "").strip()
    return country_name(text, lang) if text else _("unknown")


@lru_cache(maxsize=1)
def _sales_regions() -> dict[str, tuple[str, str]]:
    path = ROOT / "data" / "reference" / "market_regions.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {r["region"]: (r["name_en"], r["name_zh"]) for r in csv.DictReader(handle)}
    except (OSError, KeyError):
        return {}


def region_name(region: object, market: object, lang: str) -> str:
    """The sales region of a gap: domestic (CN), a region of the reference data, else "other"."""
    if market == DOMESTIC or region == DOMESTIC:
        return _("Domestic (China)")
    code = str(region or "").strip()
    if not code or code == OTHER:
        return _("Other markets")
    names = _sales_regions().get(code)
    if names:
        return names[1] if lang == "zh" else names[0]
    return country_name(code, lang)


def to_date(value: object) -> dt.date | None:
    """A date from a date, a datetime or an ISO string (None when it is none of these)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def date_text(value: object) -> str:
    """ISO date (2026-12-20), the same in both languages; "—" when unknown."""
    day = to_date(value)
    return day.isoformat() if day else "—"


def long_date(value: object, lang: str) -> str:
    """30 November 2026 / 2026年11月30日."""
    day = to_date(value)
    if day is None:
        return "—"
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_FULL[day.month - 1]} {day.year}"


def month_name(month: object, lang: str, short: bool = False) -> str:
    """2026-11 as "November 2026" / "2026年11月"; short: "Nov 26" / "26年11月"."""
    day = to_date(f"{month}-01") if month else None
    if day is None:
        return str(month or "—")
    if lang == "zh":
        return f"{day.year % 100:02d}年{day.month}月" if short else f"{day.year}年{day.month}月"
    if short:
        return f"{SHORT_MONTHS[day.month - 1]} {day.year % 100:02d}"
    return f"{MONTHS_FULL[day.month - 1]} {day.year}"


def num(value: object) -> str:
    """An integer with thousands separators; "—" when missing."""
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)


def pct(rate: object) -> str:
    """A 0–1 rate as a percentage with at most one decimal (72.4%, 100%); "—" when missing."""
    if rate is None:
        return "—"
    try:
        value = round(float(rate) * 100, 1)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
    return f"{value:g}%" if value != int(value) else f"{int(value)}%"


def decimal(value: object, places: int = 1) -> str:
    """A plain decimal (1.8); "—" when missing."""
    if value is None:
        return "—"
    try:
        return f"{float(value):.{places}f}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
