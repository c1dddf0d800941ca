"""The patent side's codes in the words of the UI language: patent kinds, patent deadlines and
the rows of the layout and deadline lists and their exports."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from coverage.patents.deadlines import PatentDeadline
from coverage.patents.layout import LayoutCell, PatentLayout
from coverage.patents.standing import patent_name
from monitor.wording import Wording

KIND_LABELS = {
    "invention": _l("invention"),
    "utility_model": _l("utility model"),
    "design": _l("design"),
}

PATENT_DEADLINE_LABELS = {
    "annuity": _l("Annuity of %(patent)s"),
    "annuity_late": _l("Late annuity of %(patent)s: last day to pay with surcharge"),
    "national_phase": _l("PCT national phase of %(patent)s in %(market)s"),
    "national_phase_late": _l("Late PCT national phase of %(patent)s in %(market)s (with fee)"),
    "ep_validation": _l("Validation of %(patent)s in its states"),
    "expiry": _l("%(patent)s expires"),
}
DEADLINE_KIND_LABELS = {
    "annuity": _l("annuity"),
    "annuity_late": _l("annuity, late"),
    "national_phase": _l("PCT national phase"),
    "national_phase_late": _l("PCT national phase, late"),
    "ep_validation": _l("EP validation"),
    "expiry": _l("expiry"),
}
# The late fees of data/reference/patent_rules.csv (English there) in the UI language.
SURCHARGE_LABELS = {
    "5% of that year's annuity for each month late": _l(
        "5 percent of that year's annuity for each month late"
    ),
}
NO_RULE_LABEL = _l("no rule for office %(office)s, kind %(kind)s")
EXPIRES_LABEL = _l("expires %(date)s")


def shown_label(label: str) -> str:
    """A patent label of the domain ("OFFICE NUMBER", PatentInfo.label) as patent_name says it."""
    office, space, number = label.partition(" ")
    return patent_name(office, number) if space and len(office) == 2 else label


class PatentWording(Wording):
    """Wording plus patent kinds, patent deadlines and the rows of the layout and deadline list."""

    def __init__(self, locale: str | None = None) -> None:
        super().__init__(locale)
        self.kinds = {key: str(label) for key, label in KIND_LABELS.items()}
        self.patent_deadlines = {k: str(label) for k, label in PATENT_DEADLINE_LABELS.items()}
        self.deadline_kinds = {k: str(label) for k, label in DEADLINE_KIND_LABELS.items()}
        self.no_rule_label, self.expires = str(NO_RULE_LABEL), str(EXPIRES_LABEL)
        self.surcharges = {k: str(label) for k, label in SURCHARGE_LABELS.items()}

    def surcharge(self, surcharge: str | None) -> str:
        """A late fee as the reference table words it, in the UI language where it is known."""
        if not surcharge or self.locale == "en":
            return surcharge or ""
        return self.surcharges.get(surcharge, surcharge)

    def kind(self, kind: object) -> str:
        """A patent kind: invention, utility model, design."""
        value = str(getattr(kind, "value", kind))
        return self.kinds.get(value, value)

    def deadline_kind(self, kind: str) -> str:
        """A kind of patent deadline: annuity, PCT national phase, …"""
        return self.deadline_kinds.get(kind, kind)

    def no_rule(self, office: str, kind: str) -> str:
        """The layout's finding that no rule gives the term of an office's patents of a kind."""
        return self.no_rule_label % {"office": office, "kind": self.kind(kind)}

    def patent_deadline(self, deadline: PatentDeadline) -> str:
        """What falls due about a patent (without the date)."""
        label = self.patent_deadlines.get(deadline.kind)
        if label is None or ("%(market)s" in label and not deadline.market):
            return deadline.text
        market = self.country(deadline.market) if deadline.market else ""
        return label % {"patent": shown_label(deadline.patent), "market": market}

    def cell_row(self, cell: LayoutCell, layout: PatentLayout) -> dict[str, Any]:
        """One layout cell as display values keyed by layout_exports.LAYOUT_COLUMNS keys."""
        status = str(getattr(cell.status, "value", cell.status))
        return {
            "product_id": cell.product_id,
            "product": self.product_name(layout, cell.product_id),  # duck-typed: .products
            "brand": cell.brand,
            "market": cell.market,
            "market_name": self.country(cell.market),
            "status": self.status(status),
            "status_code": status,
            "patents": ", ".join(shown_label(p) for p in cell.patents),
            "kinds": ", ".join(self.kind(k) for k in cell.kinds),
            "expiry": cell.expiry.isoformat() if cell.expiry else "",
            "note": self.note(cell.note),
        }

    def deadline_row(self, deadline: PatentDeadline) -> dict[str, Any]:
        """One patent deadline as display values keyed by layout_exports.DEADLINE_COLUMNS keys."""
        return {
            "due": deadline.due.isoformat(),
            "overdue": self.overdue if deadline.overdue else "",
            "what": self.patent_deadline(deadline),
            "kind": self.deadline_kind(deadline.kind),
            "patent": shown_label(deadline.patent),
            "office": deadline.office,
            "market": deadline.market or "",
            "opens": deadline.opens.isoformat() if deadline.opens else "",
            "surcharge": self.surcharge(deadline.surcharge),
            "products": ", ".join(deadline.products),
            "brands": ", ".join(deadline.brands),
        }
