"""What to file for each gap: a subsequent designation, a Madrid or EU filing, or a national one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coverage.grid import CellStatus, brand_key
from coverage.offices import Geography
from coverage.trademarks.deadlines import Deadline
from coverage.trademarks.matrix import Cell
from coverage.trademarks.rules import TermRule
from coverage.trademarks.standing import MarkInfo, central_attack, mark_standing

# Home office of the first users; a Madrid application is based on a mark filed here.
HOME_OFFICE = "CN"
# Parties designated as one bloc rather than country by country.
BLOC_PARTIES = ("BX", "OA")
# Countries a Chinese mark or Madrid designation does not reach -> caution code.
OUTSIDE_CN_DESIGNATION = {"HK": "outside_hk", "MO": "outside_mo", "TW": "outside_tw"}
# Caution codes -> English sentence ({party}: the advice's office, {right}: `refused_in`).
CAUTIONS = {
    "unverified_party": "Madrid membership of {party} is unverified: confirm before designating",
    "refused": "designation of {party} in {right} was refused: file directly",
    "banjul": "check that the state has given effect to the Banjul Protocol, or file nationally",
    "outside_hk": "a CN registration or designation does not reach Hong Kong: file at the HK IPD",
    "outside_mo": "a CN registration or designation does not reach Macao: file at the Macao DSE",
    "outside_tw": "Taiwan is outside the Madrid system: file with TIPO",
}


@dataclass(frozen=True, slots=True)
class Advice:
    """What to file for a gap. action: designate | madrid | eutm | regional | national.

    `caution` is a code from CAUTIONS (or None); `refused_in` names the registration whose
    designation of `office` was refused.
    """

    action: str
    office: str
    via: str | None = None
    caution: str | None = None
    refused_in: str | None = None

    @property
    def warning(self) -> str | None:
        """The caution as an English sentence, or None."""
        if self.caution is None:
            return None
        return CAUTIONS[self.caution].format(party=self.office, right=self.refused_in)

    @property
    def text(self) -> str:
        """The advice as an English sentence."""
        sentences = {
            "designate": "Designate {office} subsequently in {via}",
            "madrid": "File a Madrid international application based on {via} designating {office}",
            "eutm": "File an EU trade mark at EUIPO (covers every EU member state)",
            "regional": "File a regional application at {office}",
            "national": "File a national application in {office}",
        }
        return sentences[self.action].format(office=self.office, via=self.via)


@dataclass(frozen=True, slots=True)
class Gap:
    """A gap cell with what to file and the deadlines of the rights that reach it."""

    cell: Cell
    advice: Advice
    urgent: tuple[Deadline, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the gap as a JSON-ready dict: the cell's keys plus the advice."""
        out = self.cell.as_dict()
        out.update(
            advice_action=self.advice.action,
            advice_office=self.advice.office,
            advice_via=self.advice.via,
            advice=self.advice.text,
            advice_warning=self.advice.warning,
            urgent=[
                {"due": d.due.isoformat(), "kind": d.kind, "text": d.text} for d in self.urgent
            ],
        )
        return out


@dataclass(frozen=True, slots=True)
class _Registration:
    label: str
    classes: frozenset[int]
    designations: Mapping[str, str]


class Advisor:
    """Advise on gaps from the brand's live Madrid registrations and home marks."""

    def __init__(
        self,
        marks: Iterable[MarkInfo],
        rules: Mapping[str, TermRule],
        geography: Geography,
        deadlines: Iterable[Deadline],
        *,
        as_of: dt.date,
    ) -> None:
        self.geography, self.as_of = geography, as_of
        self._irs: dict[str, list[_Registration]] = defaultdict(list)
        self._home: dict[str, list[_Registration]] = defaultdict(list)
        self._deadlines: dict[str, list[Deadline]] = defaultdict(list)
        marks = list(marks)
        homes = {m.tm_no: m for m in marks if m.office == HOME_OFFICE}
        for mark in marks:
            self._add(mark, rules, homes)
        for deadline in deadlines:
            self._deadlines[deadline.right].append(deadline)

    def _add(
        self, mark: MarkInfo, rules: Mapping[str, TermRule], homes: Mapping[str, MarkInfo]
    ) -> None:
        brand, classes = brand_key(mark.brand), frozenset(mark.nice_classes)
        status, _, _ = mark_standing(
            mark, rules.get(mark.office), as_of=self.as_of, expiring_days=0
        )
        if status is CellStatus.LAPSED:
            return
        if mark.office == "WO":
            basic = homes.get(mark.basic_mark or "")
            if central_attack(mark, basic, rules, as_of=self.as_of, expiring_days=0) is None:
                self._irs[brand].append(_Registration(mark.label, classes, dict(mark.designations)))
        elif mark.office == HOME_OFFICE:
            self._home[brand].append(_Registration(mark.label, classes, {}))

    def advise(self, cell: Cell) -> Gap:
        """Return the gap for `cell` with what to file and any deadlines of its rights."""
        urgent = tuple(d for r in cell.rights for d in self._deadlines.get(r, ()))
        return Gap(cell, self._advice(cell), urgent)

    def _advice(self, cell: Cell) -> Advice:
        country, brand = cell.market, brand_key(cell.brand)
        if country == HOME_OFFICE:
            return Advice("national", country)
        geo, on = self.geography, self.as_of
        if country in geo.members("EM", on):
            ir = self._ir_for(brand, cell.nice_class, "EM")
            return Advice("designate", "EM", ir.label) if ir else Advice("eutm", "EM")
        routes = {m.code: m for m in geo.madrid_routes(country, on)}
        party = next(
            (p for p in BLOC_PARTIES if p in routes), country if country in routes else None
        )
        if party is None:
            return self._outside_madrid(country)
        warning = None if routes[party].verified else "unverified_party"
        direct = "national" if party == country else "regional"
        refused = self._refused(brand, cell.nice_class, party)
        if refused:
            return Advice(direct, party, caution="refused", refused_in=refused)
        ir = self._ir_for(brand, cell.nice_class, party)
        if ir:
            return Advice("designate", party, ir.label, warning)
        home = next((h for h in self._home.get(brand, ()) if cell.nice_class in h.classes), None)
        if home:
            return Advice("madrid", party, home.label, warning)
        return Advice(direct, party, None, warning)

    def _outside_madrid(self, country: str) -> Advice:
        if country in self.geography.members("AP", self.as_of):
            return Advice("regional", "AP", caution="banjul")
        return Advice("national", country, None, OUTSIDE_CN_DESIGNATION.get(country))

    def _ir_for(self, brand: str, nice_class: int, party: str) -> _Registration | None:
        """A live IR of the brand listing the class that has not yet designated `party`."""
        return next(
            (
                ir
                for ir in self._irs.get(brand, ())
                if nice_class in ir.classes and party not in ir.designations
            ),
            None,
        )

    def _refused(self, brand: str, nice_class: int, party: str) -> str | None:
        return next(
            (
                ir.label
                for ir in self._irs.get(brand, ())
                if nice_class in ir.classes and ir.designations.get(party) == "refused"
            ),
            None,
        )
