"""Weighted edit alignment of short strings, and the Latin letter distance built on it.

`align` is a weighted Damerau (OSA) alignment that returns its steps, so channels can word the
edits; `weighted_distance` prices Latin letters: transpositions, look-alike and sound-alike
letters cost less, the first letter more. The Latin, Chinese and cross-script channels share it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

Op = tuple[str, int, str, str, float]
"""One alignment step: (kind same/sub/ins/del/swap, position in the first string, a, b, cost)."""

VOWELS = frozenset("aeiouy")
_LOOK = ("il", "l1", "i1", "o0", "uv", "ij", "ce")
_SOUND = "ck kq cq sz cs xs iy fv vw gj dt bp mn lr ei ey ao ou".split()  # noqa: SIM905


@lru_cache(maxsize=1)
def _letter_costs() -> dict[tuple[str, str], float]:
    costs: dict[tuple[str, str], float] = {}
    for vowel_a in VOWELS:
        for vowel_b in VOWELS:
            costs[vowel_a, vowel_b] = 0.8
    for pair in _SOUND:
        costs[pair[0], pair[1]] = costs[pair[1], pair[0]] = 0.45
    for pair in _LOOK:
        costs[pair[0], pair[1]] = costs[pair[1], pair[0]] = 0.25
    return costs


def letter_cost(x: str, y: str) -> float:
    """Return the cost 0–1 of writing letter `y` for `x` (look-alike 0.25, sound-alike 0.45)."""
    if x == y:
        return 0.0
    return _letter_costs().get((x, y), 1.0)


def align(
    a: Sequence[str],
    b: Sequence[str],
    sub: Callable[[str, str], float],
    indel: Callable[[str], float] = lambda _: 1.0,
) -> tuple[list[Op], float]:
    """Align two short sequences by weighted Damerau (OSA) edits; return the steps and the cost."""
    n, m = len(a), len(b)
    drop = [indel(x) for x in a]
    add = [indel(y) for y in b]
    if sub is letter_cost:  # the Latin costs straight from their table, without a call each
        cost = _letter_costs().get
        subs = [[0.0 if x == y else cost((x, y), 1.0) for y in b] for x in a]
    else:
        subs = [[0.0 if x == y else sub(x, y) for y in b] for x in a]
    prev = [0.0] * (m + 1)
    for j in range(m):
        prev[j + 1] = prev[j] + add[j]
    d = [prev]
    before = None  # the previous character of `a`
    for x, cut, costs in zip(a, drop, subs, strict=True):  # each step written out for speed
        left = diag = prev[0]
        left += cut
        row = [left]
        for j, y in enumerate(b):
            up = prev[j + 1]
            best = diag + costs[j]
            step = up + cut
            if step < best:
                best = step
            step = left + add[j]
            if step < best:
                best = step
            if j and x != y and x == b[j - 1] and before == y:
                step = d[-2][j - 1] + 0.6
                if step < best:
                    best = step
            row.append(best)
            left, diag = best, up
        d.append(row)
        prev, before = row, x
    return _backtrace(a, b, d, subs, drop, add), d[n][m]


def _backtrace(
    a: Sequence[str],
    b: Sequence[str],
    d: list[list[float]],
    subs: list[list[float]],
    drop: list[float],
    add: list[float],
) -> list[Op]:
    ops: list[Op] = []
    i, j = len(a), len(b)
    while i > 0 or j > 0:
        here = d[i][j]
        if i > 0 and j > 0:
            x, y = a[i - 1], b[j - 1]
            c = subs[i - 1][j - 1]
            if abs(d[i - 1][j - 1] + c - here) < 1e-9:
                ops.append(("same" if x == y else "sub", i - 1, x, y, c))
                i, j = i - 1, j - 1
                continue
            swapped = i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y
            if swapped and abs(d[i - 2][j - 2] + 0.6 - here) < 1e-9:
                ops.append(("swap", i - 2, a[i - 2] + x, b[j - 2] + y, 0.6))
                i, j = i - 2, j - 2
                continue
        if i > 0 and abs(d[i - 1][j] + drop[i - 1] - here) < 1e-9:
            ops.append(("del", i - 1, a[i - 1], "", drop[i - 1]))
            i -= 1
        else:
            ops.append(("ins", i, "", b[j - 1], add[j - 1]))
            j -= 1
    ops.reverse()
    return ops


def _indel(ch: str) -> float:
    return 0.8 if ch in VOWELS else 1.0


def weighted_distance(a: str, b: str) -> tuple[float, list[Op]]:
    """Return the weighted edit distance of two compact Latin strings (first letter weighs +0.5)."""
    ops, dist = align(a, b, letter_cost, _indel)
    lead = ops[0] if ops else None
    if lead is not None and lead[0] != "same" and lead[4] > 0.3:
        dist += 0.5
    return dist, ops
