"""Patent families: the members of one family across offices, and the markets none of them covers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coverage.grid import RANK, CellStatus
from coverage.offices import Geography
from coverage.patents.rules import PatentRules
from coverage.patents.standing import PatentInfo, PatentStanding, pct_open

OFFICE_ORDER = {"WO": 0, "CN": 1, "EP": 2}


@dataclass(frozen=True, slots=True)
class Family:
    """A family (`family_id`) with its members, their products' markets and what they cover."""

    family_id: str
    members: tuple[PatentInfo, ...]
    standings: dict[str, PatentStanding]
    products: tuple[str, ...]
    markets: tuple[str, ...]
    covered: dict[str, CellStatus]
    uncovered: tuple[str, ...]


def build_families(
    patents: Iterable[PatentInfo],
    standings: Mapping[str, PatentStanding],
    markets: Mapping[str, list[str]],
    rules: PatentRules,
    geography: Geography,
    *,
    as_of: dt.date,
) -> list[Family]:
    """Group patents by family_id; `markets` maps product_id to its countries."""
    groups: dict[str, list[PatentInfo]] = defaultdict(list)
    for patent in patents:
        if patent.family_id:
            groups[patent.family_id].append(patent)
    return [
        _family(fid, members, standings, markets, rules, geography, as_of)
        for fid, members in sorted(groups.items())
    ]


def _family(
    family_id: str,
    members: list[PatentInfo],
    standings: Mapping[str, PatentStanding],
    markets: Mapping[str, list[str]],
    rules: PatentRules,
    geography: Geography,
    as_of: dt.date,
) -> Family:
    members.sort(key=lambda p: (OFFICE_ORDER.get(p.office, 9), p.office, p.filing_date))
    products = tuple(sorted({pid for p in members for pid in p.product_ids}))
    wanted = sorted({m for pid in products for m in markets.get(pid, ())})
    covered: dict[str, CellStatus] = {}
    for market in wanted:
        statuses = [
            _status_in(p, standings[p.label], market, rules, geography, as_of) for p in members
        ]
        covered[market] = min(statuses, key=RANK.__getitem__, default=CellStatus.MISSING)
    uncovered = tuple(m for m, s in covered.items() if s in (CellStatus.MISSING, CellStatus.LAPSED))
    return Family(
        family_id,
        tuple(members),
        {p.label: standings[p.label] for p in members},
        products,
        tuple(wanted),
        covered,
        uncovered,
    )


def _status_in(
    patent: PatentInfo,
    standing: PatentStanding,
    market: str,
    rules: PatentRules,
    geography: Geography,
    as_of: dt.date,
) -> CellStatus:
    if patent.office == "WO":
        if patent.status == "pending" and pct_open(patent, market, rules, geography, as_of)[0]:
            return CellStatus.PENDING
        return CellStatus.MISSING
    return standing.status if market in standing.reaches else CellStatus.MISSING
