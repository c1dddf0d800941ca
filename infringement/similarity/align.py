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
    d = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        d[i][0] = d[i - 1][0] + indel(a[i - 1])
    for j in range(1, m + 1):
        d[0][j] = d[0][j - 1] + indel(b[j - 1])
    for i in range(1, n + 1):
        x = a[i - 1]
        row, prev = d[i], d[i - 1]
        for j in range(1, m + 1):
            y = b[j - 1]
            best = prev[j - 1] + (0.0 if x == y else sub(x, y))
            best = min(best, prev[j] + indel(x), row[j - 1] + indel(y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and x != y:
                best = min(best, d[i - 2][j - 2] + 0.6)
            row[j] = best
    return _backtrace(a, b, d, sub, indel), d[n][m]


def _backtrace(
    a: Sequence[str],
    b: Sequence[str],
    d: list[list[float]],
    sub: Callable[[str, str], float],
    indel: Callable[[str], float],
) -> list[Op]:
    ops: list[Op] = []
    i, j = len(a), len(b)
    while i > 0 or j > 0:
        here = d[i][j]
        if i > 0 and j > 0:
            x, y = a[i - 1], b[j - 1]
            c = 0.0 if x == y else sub(x, y)
            if abs(d[i - 1][j - 1] + c - here) < 1e-9:
                ops.append(("same" if x == y else "sub", i - 1, x, y, c))
                i, j = i - 1, j - 1
                continue
            swapped = i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y
            if swapped and abs(d[i - 2][j - 2] + 0.6 - here) < 1e-9:
                ops.append(("swap", i - 2, a[i - 2] + x, b[j - 2] + y, 0.6))
                i, j = i - 2, j - 2
                continue
        if i > 0 and abs(d[i - 1][j] + indel(a[i - 1]) - here) < 1e-9:
            ops.append(("del", i - 1, a[i - 1], "", indel(a[i - 1])))
            i -= 1
        else:
            ops.append(("ins", i, "", b[j - 1], indel(b[j - 1])))
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
