"""A filing plan: the gaps grouped into the filings that would close them.

One subsequent designation can name several parties, one Madrid application several parties, one
EU trade mark every EU state: the filing agent needs the list of filings, not a row per cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coverage.trademarks.advice import Advice, Gap

# Actions whose one filing can name several parties (grouped by the registration they rest on).
MULTI_PARTY = frozenset({"designate", "madrid"})


@dataclass(frozen=True, slots=True)
class Filing:
    """One filing to make: what, where, on which registration, for which classes and products."""

    brand: str
    action: str
    offices: tuple[str, ...]
    via: str | None
    classes: tuple[int, ...]
    products: tuple[str, ...]
    markets: tuple[str, ...]
    gaps: int
    cautions: tuple[Advice, ...] = ()

    @property
    def text(self) -> str:
        """The filing as an English sentence."""
        offices = ", ".join(self.offices)
        classes = ", ".join(str(c) for c in self.classes)
        sentences = {
            "designate": f"Designate {offices} subsequently in {self.via}",
            "madrid": f"File a Madrid application based on {self.via} designating {offices}",
            "eutm": "File an EU trade mark at EUIPO",
            "regional": f"File a regional application at {offices}",
            "national": f"File a national application in {offices}",
        }
        return f"{sentences[self.action]} for {self.brand}, classes {classes}"

    def as_dict(self) -> dict[str, Any]:
        """Return the filing as a JSON-ready dict."""
        return {
            "brand": self.brand,
            "action": self.action,
            "offices": list(self.offices),
            "via": self.via,
            "classes": list(self.classes),
            "products": list(self.products),
            "markets": list(self.markets),
            "gaps": self.gaps,
            "text": self.text,
            "warnings": [a.warning for a in self.cautions],
        }


def plan_filings(gaps: Iterable[Gap]) -> list[Filing]:
    """Group gaps into filings, the ones closing most gaps first."""
    groups: dict[tuple[str, str, str | None, str | None], list[Gap]] = {}
    for gap in gaps:
        advice = gap.advice
        place = None if advice.action in MULTI_PARTY else advice.office
        key = (gap.cell.brand, advice.action, advice.via, place)
        groups.setdefault(key, []).append(gap)
    filings = [
        _filing(brand, action, via, members) for (brand, action, via, _), members in groups.items()
    ]
    return sorted(filings, key=lambda f: (-f.gaps, f.brand, f.action, f.offices))


def _filing(brand: str, action: str, via: str | None, members: list[Gap]) -> Filing:
    cautions = {g.advice: None for g in members if g.advice.caution}
    return Filing(
        brand=brand,
        action=action,
        offices=tuple(sorted({g.advice.office for g in members})),
        via=via,
        classes=tuple(sorted({g.cell.nice_class for g in members})),
        products=tuple(sorted({g.cell.product_id for g in members})),
        markets=tuple(sorted({g.cell.market for g in members})),
        gaps=len(members),
        cautions=tuple(cautions),
    )
