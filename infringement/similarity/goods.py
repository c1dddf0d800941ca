"""Goods relatedness: do two marks cover similar goods or services (Nice classes, CN groups)?

CNIPA first decides whether the goods are similar, then compares the marks; here relatedness
adjusts the mark score: the same similar-group (类似群) or class keeps it, a related class
(table in `related_classes.csv`) lowers it a little, unrelated classes lower it a lot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

SAME_GROUP, SAME_CLASS, RELATED, UNRELATED = 100.0, 90.0, 60.0, 0.0
ADJUSTMENT = {SAME_GROUP: 3.0, SAME_CLASS: 0.0, RELATED: -6.0, UNRELATED: -30.0}


class Goods(NamedTuple):
    """Relatedness 0–100 (100 same group, 90 same class, 60 related, 0 unrelated) and why."""

    score: float
    reason: str
    adjustment: float


def _classes(values: Sequence[int]) -> list[int]:
    return sorted({int(v) for v in values if 1 <= int(v) <= 45})


def _join(values: Sequence[int] | Sequence[str]) -> str:
    return ", ".join(str(v) for v in values)


def relate_goods(
    classes_a: Sequence[int],
    classes_b: Sequence[int],
    related: Mapping[int, frozenset[int]],
    *,
    groups_a: Sequence[str] = (),
    groups_b: Sequence[str] = (),
) -> Goods | None:
    """Relate the goods of two marks; None when either side gives no class or group."""
    shared_groups = sorted(set(groups_a) & set(groups_b))
    if shared_groups:
        reason = f"goods in the same similar-group {_join(shared_groups)}"
        return Goods(SAME_GROUP, reason, ADJUSTMENT[SAME_GROUP])
    ca, cb = _classes(classes_a), _classes(classes_b)
    if not ca or not cb:
        return None
    same = sorted(set(ca) & set(cb))
    if same:
        word = "class" if len(same) == 1 else "classes"
        return Goods(SAME_CLASS, f"goods in the same {word} {_join(same)}", ADJUSTMENT[SAME_CLASS])
    pairs = [(x, y) for x in ca for y in cb if y in related.get(x, frozenset())]
    if pairs:
        x, y = pairs[0]
        return Goods(RELATED, f"goods in related classes {x} ~ {y}", ADJUSTMENT[RELATED])
    reason = f"goods in unrelated classes {_join(ca)} vs {_join(cb)}"
    return Goods(UNRELATED, reason, ADJUSTMENT[UNRELATED])
