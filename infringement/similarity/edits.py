"""An upper bound of the Latin channel's score for many one-word pairs at once, in numpy.

The Latin channel scores two one-word marks by a weighted edit distance (`align`: look-alike and
sound-alike letters cost less). Here the same letter costs (`align.letter_cost`), with every
insertion or deletion priced at the cheapest, give a lower bound of that distance for a whole
batch of pairs, row by row of the alignment table, so that pairs whose letters agree by a ratio
but whose edits are costly are not scored. Used only where the scorer's other paths (containment,
Metaphone, letters re-ordered, Hanzi) cannot apply or are found by other means.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from infringement.similarity.align import letter_cost

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
INDEL = 0.8  # the cheapest insertion or deletion (a vowel)
SWAP = 0.6  # two neighbours swapped
PREFIX_BONUS, PREFIX = 4.0, 3  # what the channel adds for the same first three letters
FIRST_LETTER, LOOK_ALIKE = 0.5, 0.3  # a first letter changed (not for a look-alike) costs more
HEAD_PENALTY = 6.0  # a mark compared with the head of a longer word loses this much
MIN_HEAD = 5  # marks this long are compared with the head of a longer word
BATCH = 4096  # pairs aligned at a time


@lru_cache(maxsize=1)
def _costs() -> NDArray[np.float32]:
    """Return letter substitution costs by code (0: no letter), from the Latin channel's table."""
    size = len(ALPHABET) + 2
    table = np.ones((size, size), dtype=np.float32)
    for i, x in enumerate(ALPHABET, start=1):
        for j, y in enumerate(ALPHABET, start=1):
            table[i, j] = letter_cost(x, y)
    return table


def _codes(words: list[str], width: int) -> NDArray[np.uint8]:
    """Return the letters of each word as codes (1–36; 37 any other character), 0-padded."""
    lookup = {ch: i for i, ch in enumerate(ALPHABET, start=1)}
    out = np.zeros((len(words), width), dtype=np.uint8)
    for row, word in enumerate(words):
        out[row, : len(word)] = [lookup.get(ch, len(ALPHABET) + 1) for ch in word]
    return out


def latin_bounds(first: list[str], second: list[str]) -> NDArray[np.float64]:
    """Return, for each pair of one-word marks, a score (0–100) the Latin channel cannot beat.

    The channel scores 100·(1 − distance/longer) plus at most PREFIX_BONUS, or, for a mark of
    MIN_HEAD letters or more against a longer word, the same on the head of that word (as long
    as the mark, plus one letter) minus HEAD_PENALTY.
    """
    short = [x if len(x) <= len(y) else y for x, y in zip(first, second, strict=True)]
    long_ = [y if len(x) <= len(y) else x for x, y in zip(first, second, strict=True)]
    ls = np.fromiter(map(len, short), dtype=np.int64, count=len(short))
    ll = np.fromiter(map(len, long_), dtype=np.int64, count=len(long_))
    order = np.lexsort((ll, ls))  # similar lengths together: small tables
    out = np.zeros(len(short), dtype=np.float64)
    for start in range(0, order.size, BATCH):
        part = order[start : start + BATCH]
        a = _codes([short[k] for k in part.tolist()], int(ls[part].max()))
        b = _codes([long_[k] for k in part.tolist()], int(ll[part].max()))
        out[part] = _bounds(a, b, ls[part], ll[part])
    return out


def _bounds(
    a: NDArray[np.uint8], b: NDArray[np.uint8], ls: NDArray[np.int64], ll: NDArray[np.int64]
) -> NDArray[np.float64]:
    table = _align(a, b)
    rows = np.arange(ls.size)
    # a different first letter, unless a look-alike, costs the channel FIRST_LETTER more
    first = np.where(_costs()[a[:, 0], b[:, 0]] > LOOK_ALIKE, FIRST_LETTER, 0.0)
    whole = table[ls, ll, rows] + first
    head_len = np.minimum(ls + 1, ll)
    head = table[ls, head_len, rows] + first
    depth = min(PREFIX, a.shape[1], b.shape[1])
    bonus = np.where((a[:, :depth] == b[:, :depth]).all(axis=1), PREFIX_BONUS, 0.0)
    score = 100.0 * (1.0 - whole / np.maximum(ll, 1)) + bonus
    headed = (ls >= MIN_HEAD) & (ll > ls)
    by_head = 100.0 * (1.0 - head / np.maximum(head_len, 1)) - HEAD_PENALTY
    return np.where(headed, np.maximum(score, by_head), score)


def _align(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Fill the weighted alignment table of every pair at once: table[i, j, pair]."""
    costs = _costs()
    rows, cols, pairs = a.shape[1], b.shape[1], a.shape[0]
    table = np.empty((rows + 1, cols + 1, pairs), dtype=np.float32)
    table[0] = (np.arange(cols + 1, dtype=np.float32) * INDEL)[:, None]
    table[:, 0] = (np.arange(rows + 1, dtype=np.float32) * INDEL)[:, None]
    never = np.float32(np.inf)
    for i in range(1, rows + 1):
        x = a[:, i - 1]
        sub = costs[x[:, None], b].T  # cols × pairs
        same_prev = x[None, :] == b.T  # a[i-1] == b[j-1]
        for j in range(1, cols + 1):
            best = table[i - 1, j - 1] + sub[j - 1]
            np.minimum(best, table[i - 1, j] + INDEL, out=best)
            np.minimum(best, table[i, j - 1] + INDEL, out=best)
            if i > 1 and j > 1:
                swapped = (x == b[:, j - 2]) & (a[:, i - 2] == b[:, j - 1]) & ~same_prev[j - 1]
                np.minimum(best, np.where(swapped, table[i - 2, j - 2] + SWAP, never), out=best)
            table[i, j] = best
    return table
