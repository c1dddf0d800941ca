"""The coverage domain's codes in the words of the UI language: statuses, advice, cautions,
deadlines, filings, gap rows for the page and the exports (patents: monitor.patent_wording)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from coverage.grid import Grid
from coverage.messages import Message
from coverage.offices import country_name
from coverage.trademarks.advice import Advice, Gap
from coverage.trademarks.deadlines import Deadline
from coverage.trademarks.matrix import Coverage
from coverage.trademarks.plan import Filing
from monitor.i18n import translate

STATUS_LABELS = {
    "protected": _l("protected"),
    "expiring": _l("expiring"),
    "pending": _l("pending"),
    "lapsed": _l("lapsed"),
    "missing": _l("missing"),
    "gap": _l("gap (missing or lapsed)"),
    "at_risk": _l("at risk (expiring or pending)"),
}

ADVICE_LABELS = {
    "designate": _l(
        "Subsequent designation of %(office)s in the international registration %(via)s"
    ),
    "madrid": _l("Madrid international application based on %(via)s, designating %(office)s"),
    "eutm": _l("EU trade mark application at EUIPO (covers every EU member state)"),
    "regional": _l("Regional application at %(office)s"),
    "national": _l("National application in %(office)s"),
}

# The engine's cautions (coverage.advice.CAUTIONS) in the UI language.
WARNINGS = {
    "unverified_party": _l(
        "Madrid membership of %(party)s is unverified: confirm it before designating"
    ),
    "refused": _l("The designation of %(party)s in %(right)s was refused: file directly there"),
    "banjul": _l(
        "Check that the state has given effect to the Banjul Protocol, or file nationally"
    ),
    "outside_hk": _l(
        "A CN registration or designation does not reach Hong Kong: file at the Hong Kong IPD"
    ),
    "outside_mo": _l(
        "A CN registration or designation does not reach Macao: file at the Macao DSE"
    ),
    "outside_tw": _l("Taiwan is outside the Madrid system: file with TIPO"),
}

DEADLINE_LABELS = {
    "renewal": _l("Renewal of %(right)s"),
    "grace": _l("Grace period for renewing %(right)s ends (surcharge)"),
    "use_declaration": _l("US §8 declaration of use for %(right)s"),
    "use_declaration_grace": _l("Late US §8 declaration of use for %(right)s (grace period)"),
    "dependency": _l(
        "Madrid dependency of %(right)s on its basic mark ends: keep the basic mark alive"
    ),
    "expiry": _l("%(right)s expires"),
}

OPENS_LABEL = _l("window opens %(date)s")
OVERDUE_LABEL = _l("overdue")
# An overdue deadline's date is the end of its grace period, not a date already passed.
LATE_LABEL = _l("overdue since %(missed)s; grace period ends %(due)s")

FILING_LABELS = {
    "designate": _l("Subsequent designation of %(offices)s in %(via)s"),
    "madrid": _l("Madrid international application based on %(via)s, designating %(offices)s"),
    "eutm": _l("EU trade mark application at EUIPO (covers every EU member state)"),
    "regional": _l("Regional application at %(offices)s"),
    "national": _l("National application in %(offices)s"),
}


def locale_code() -> str:
    """The UI language: 'zh' or 'en'."""
    return "zh" if str(get_locale() or "en").startswith("zh") else "en"


class Wording:
    """Statuses, advice and deadlines in the UI language; labels are looked up once per instance
    (a gettext call per row would make a 100,000-row export slow)."""

    def __init__(self, locale: str | None = None) -> None:
        self.locale = locale or locale_code()
        self.statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
        self.advice = {key: str(label) for key, label in ADVICE_LABELS.items()}
        self.warnings = {code: str(label) for code, label in WARNINGS.items()}
        self.deadlines = {key: str(label) for key, label in DEADLINE_LABELS.items()}
        self.filings = {key: str(label) for key, label in FILING_LABELS.items()}
        self.opens, self.overdue = str(OPENS_LABEL), str(OVERDUE_LABEL)
        self.late = str(LATE_LABEL)
        self._names: dict[str, str] = {}
        self._notes: dict[str, str] = {}

    def note(self, note: str | Message | None) -> str:
        """A domain note or reason (a cell's "why", a surcharge) in the UI language ("" for none)."""
        if not note:
            return ""
        key = str(note)
        if key not in self._notes:
            self._notes[key] = str(translate(note))
        return self._notes[key]

    def country(self, code: str) -> str:
        """A country or office name, e.g. "Germany" / "德国"."""
        if code not in self._names:
            self._names[code] = country_name(code, self.locale)
        return self._names[code]

    def status(self, status: object) -> str:
        """A cell status (or the filters gap and at_risk)."""
        value = str(getattr(status, "value", status))
        return self.statuses.get(value, value)

    def advice_text(self, advice: Advice) -> str:
        """What to file."""
        label = self.advice.get(advice.action)
        if label is None:  # an action this module does not know yet: the engine's sentence
            return advice.text
        return label % {"office": self.country(advice.office), "via": advice.via or ""}

    def warning(self, advice: Advice) -> str:
        """The advice's caution in the UI language (the engine's English for an unknown code)."""
        if not advice.caution:
            return ""
        label = self.warnings.get(advice.caution)
        if label is None:
            return advice.warning or ""
        return label % {"party": self.country(advice.office), "right": advice.refused_in or ""}

    def deadline(self, deadline: Deadline) -> str:
        """What falls due (without the date)."""
        label = self.deadlines.get(deadline.kind)
        return deadline.text if label is None else label % {"right": deadline.right}

    def overdue_text(self, deadline: Deadline) -> str:
        """Of an overdue deadline: since when, and that its date is the end of the grace period."""
        if deadline.opens is None:
            return self.overdue
        return self.late % {"missed": deadline.opens.isoformat(), "due": deadline.due.isoformat()}

    def deadline_line(self, deadline: Deadline) -> str:
        """Due date, what, and when the window opens or since when it is overdue, on one line."""
        parts = [f"{deadline.due.isoformat()} {self.deadline(deadline)}"]
        if deadline.overdue:  # `opens` is then the day it fell due
            parts.append(self.overdue_text(deadline))
        elif deadline.opens:
            parts.append(self.opens % {"date": deadline.opens.isoformat()})
        return "; ".join(parts)

    def filing_text(self, filing: Filing) -> str:
        """What to file, where and on which registration (classes and products shown apart)."""
        label = self.filings.get(filing.action)
        if label is None:
            return filing.text
        offices = (
            "、".join(self.country(o) for o in filing.offices)
            if self.locale == "zh"
            else ", ".join(self.country(o) for o in filing.offices)
        )
        return label % {"offices": offices, "via": filing.via or ""}

    def product_name(self, grid: Grid, product_id: str) -> str:
        """The product's name, in Chinese when the UI is Chinese and a Chinese name is known."""
        info = grid.products.get(product_id)
        if info is None:
            return product_id
        return (info.name_zh if self.locale == "zh" and info.name_zh else info.name) or product_id

    def gap_row(self, gap: Gap, coverage: Coverage) -> dict[str, Any]:
        """One gap as display values keyed by the COLUMNS keys (plus status_code)."""
        cell = gap.cell
        return {
            "product_id": cell.product_id,
            "product": self.product_name(coverage, cell.product_id),
            "brand": cell.brand,
            "market": cell.market,
            "market_name": self.country(cell.market),
            "nice_class": cell.nice_class,
            "status": self.status(cell.status),
            "status_code": str(getattr(cell.status, "value", cell.status)),
            "rights": ", ".join(cell.rights),
            "expiry": cell.expiry.isoformat() if cell.expiry else "",
            "note": self.note(cell.note),
            "advice": self.advice_text(gap.advice),
            "warning": self.warning(gap.advice),
            "urgent": "\n".join(self.deadline_line(d) for d in gap.urgent),
        }

    def plan_row(self, filing: Filing) -> dict[str, Any]:
        """One filing of the plan as display values keyed by exports.PLAN_COLUMNS keys."""
        return {
            "brand": filing.brand,
            "filing": self.filing_text(filing),
            "classes": ", ".join(str(c) for c in filing.classes),
            "products": ", ".join(filing.products),
            "markets": ", ".join(filing.markets),
            "gaps": filing.gaps,
            "warnings": "\n".join(self.warning(a) for a in filing.cautions),
        }


def plan_rows(filings: Iterable[Filing]) -> list[dict[str, Any]]:
    """Display rows of a filing plan in the UI language."""
    words = Wording()
    return [words.plan_row(f) for f in filings]


def gap_rows(gaps: Iterable[Gap], coverage: Coverage) -> list[dict[str, Any]]:
    """Display rows of `gaps` in the UI language."""
    wording = Wording()
    return [wording.gap_row(g, coverage) for g in gaps]
