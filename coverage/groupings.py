"""Market groupings of the grids: a regional bloc (EU, Benelux, OAPI, ARIPO, GCC…) shown as one
column of the matrix, or one row of the gap list, standing for its member states with the status
of the worst of them, and expanding to the states on demand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from coverage.grid import RANK, CellStatus

# Short names of the office regions in a column head ("EU-27", "OAPI-17"); others keep their code.
SHORT_NAMES = {"EU": "EU", "EM": "EU", "BX": "Benelux", "OA": "OAPI", "AP": "ARIPO"}
# Groups shown collapsed when the user has picked none: the EU's 27 columns are the longest run.
DEFAULT_GROUPS = ("EU",)
MIN_MEMBERS = 2  # a group of one market is just that market

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MarketGroup:
    """A picked grouping and the markets of the grid that fall in it (sorted)."""

    code: str
    members: tuple[str, ...]

    @property
    def label(self) -> str:
        """The short label of the group's column, e.g. "EU-27"."""
        return f"{SHORT_NAMES.get(self.code, self.code)}-{len(self.members)}"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a grouped grid: a market, or a group (`market` is then the group's code).

    `group` is the code of the group a member market belongs to (its own code for a group column,
    None for a market in no group)."""

    market: str
    group: str | None = None
    is_group: bool = False


def group_markets(
    markets: Sequence[str], picked: Sequence[tuple[str, Iterable[str]]]
) -> list[MarketGroup]:
    """Return the picked groups (code, member countries) with the `markets` they hold.

    A market joins the first picked group that holds it (groups may overlap: ASEAN lies in
    RCEP, Benelux in the EU); a group left with fewer than MIN_MEMBERS markets is dropped.
    """
    taken: set[str] = set()
    groups: list[MarketGroup] = []
    for code, countries in picked:
        inside = set(countries)
        members = tuple(m for m in markets if m in inside and m not in taken)
        if len(members) >= MIN_MEMBERS:
            taken.update(members)
            groups.append(MarketGroup(code, members))
    return groups


def arrange_columns(markets: Sequence[str], groups: Sequence[MarketGroup]) -> list[Column]:
    """Return the columns: the markets in order, each group's column where its first member
    stands, followed by its members."""
    group_of = {m: g for g in groups for m in g.members}
    columns: list[Column] = []
    for market in markets:
        group = group_of.get(market)
        if group is None:
            columns.append(Column(market))
        elif market == group.members[0]:
            columns.append(Column(group.code, group.code, is_group=True))
            columns.extend(Column(m, group.code) for m in group.members)
    return columns


def worst_status(statuses: Iterable[CellStatus | str]) -> CellStatus | None:
    """Return the least protected of `statuses` (missing, lapsed, pending, expiring, protected
    from worst to best), or None when there is none."""
    ranked = [CellStatus(s) for s in statuses]
    return max(ranked, key=RANK.__getitem__) if ranked else None


def count_statuses(statuses: Iterable[CellStatus | str]) -> dict[str, int]:
    """Return how many of `statuses` there are of each, best first."""
    counts = Counter(CellStatus(s) for s in statuses)
    return {s.value: counts[s] for s in sorted(counts, key=RANK.__getitem__)}


@dataclass(frozen=True, slots=True)
class RowGroup(Generic[T]):
    """Rows of one group (e.g. the EU states of one product and class), shown as one row."""

    code: str
    key: tuple[Hashable, ...]
    rows: tuple[T, ...]


def group_rows(
    rows: Sequence[T], key: Callable[[T], tuple[Hashable, ...] | None]
) -> list[T | RowGroup[T]]:
    """Gather the rows with the same `key` (None: the row stands alone; the key's first item is
    the group's code) into one RowGroup at the place of the first of them; a key of fewer than
    MIN_MEMBERS rows leaves its row alone."""
    keys = [key(row) for row in rows]
    members: dict[tuple[Hashable, ...], list[T]] = {}
    for row, k in zip(rows, keys, strict=True):
        if k is not None:
            members.setdefault(k, []).append(row)
    out: list[T | RowGroup[T]] = []
    for row, k in zip(rows, keys, strict=True):
        if k is None or len(members[k]) < MIN_MEMBERS:
            out.append(row)
        elif members[k][0] is row:
            out.append(RowGroup(str(k[0]), k, tuple(members[k])))
    return out


def membership(groups: Sequence[MarketGroup]) -> Mapping[str, str]:
    """Return the group code of each grouped market."""
    return {m: g.code for g in groups for m in g.members}


def distinct_values(rows: Sequence[Mapping[str, T]], keys: Iterable[str]) -> dict[str, list[T]]:
    """Return, for each key, the different non-empty values the `rows` have, in order (what the
    members of a group row share is said once)."""
    return {key: list(dict.fromkeys(r[key] for r in rows if r[key])) for key in keys}


@dataclass(frozen=True, slots=True)
class Summary:
    """The statuses of a group's members: the worst (None: no member), counts best first, total."""

    worst: CellStatus | None
    counts: dict[str, int]
    total: int


def summarise(statuses: Sequence[CellStatus | str]) -> Summary:
    """Return the worst status of a group's members, how many there are of each, and in all."""
    return Summary(worst_status(statuses), count_statuses(statuses), len(statuses))


def add_counts(
    by_market: Mapping[str, Mapping[str, int]], markets: Iterable[str]
) -> dict[str, int]:
    """Return the status counts of `markets` added up, best status first."""
    total: Counter[str] = Counter()
    for market in markets:
        total.update(by_market.get(market, {}))
    return {
        s.value: total[s.value] for s in sorted(CellStatus, key=RANK.__getitem__) if total[s.value]
    }
