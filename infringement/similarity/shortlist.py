"""The shortlist: which (watched, candidate) pairs of a batch are worth scoring in full.

The gate (`gate`) and the exact keys (`blocking`) let (watched, candidate text) pairs through
with a margin. Each candidate with that text keeps the pair when the margin covers what its
goods ask (a pair in unrelated classes needs a higher text score); a pair let through only on
whole Latin words must also be able to reach that score by the Latin channel's bound (`edits`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from infringement.similarity.blocking import Prefixes, join_keys
from infringement.similarity.config import MatchConfig
from infringement.similarity.edits import latin_bounds
from infringement.similarity.forms import Aliases, Forms, build_forms
from infringement.similarity.gate import GATE_REFERENCE, JOIN_MARGIN, Needs, pass_gate
from infringement.similarity.goods import relate_goods
from infringement.similarity.marks import Prepared
from infringement.similarity.scoring import MAX_AGREEMENT_BONUS

EDIT_SAFETY = 1.0
"""Points (0–100) added to the Latin bound before comparing it with what a pair needs."""

Classes = tuple[int, ...]
Lap = Callable[[str], None]
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Watched:
    """Hold what the shortlist needs of the watched marks: their forms, the prefix index of
    their letters, their distinct class sets and each mark's class set."""

    forms: Forms
    prefixes: Prefixes
    class_sets: dict[Classes, int]
    class_ids: NDArray[np.int64]


def index_watched(
    marks: Sequence[Prepared], classes: Sequence[Classes], config: MatchConfig, aliases: Aliases
) -> Watched:
    """Build the screening forms and indexes of the watched marks.

    A watched mark's look-alike pair keys (`p:`) are its first two Hanzi with one of them
    swapped for a look-alike (`Prepared.shape_keys`), not its own pairs (they would meet every
    candidate sharing two Hanzi with a longer mark). Its same-sound pair keys swap sides (`ql:`
    as `qs:`, `qs:` as `ql:`), so that a mark of two Hanzi meets the pairs of a longer one.
    """
    forms = build_forms([p.text for p in marks], config, aliases)
    swap = {"ql:": "qs:", "qs:": "ql:"}
    keys = [
        (
            *(swap.get(k[:3], k[:3]) + k[3:] for k in own if not k.startswith("p:")),
            *("p:" + pair for pair in p.shape_keys),
        )
        for own, p in zip(forms.keys, marks, strict=True)
    ]
    forms = replace(forms, keys=keys)
    class_sets = number_distinct(list(classes))
    ids = np.array([class_sets[c] for c in classes], dtype=np.int64)
    return Watched(forms, Prefixes(forms.words), class_sets, ids)


def number_distinct(values: list[Key]) -> dict[Key, int]:
    """Number the distinct values in order of appearance."""
    return {value: number for number, value in enumerate(dict.fromkeys(values))}


@dataclass(frozen=True)
class Through:
    """Hold the (watched, text) pairs through the gate or sharing a key, with their margins
    (`gate.pass_gate`): over every check, and over the checks the Latin bound cannot refine."""

    watched: NDArray[np.int64]
    texts: NDArray[np.int64]
    margins: NDArray[np.float64]
    direct: NDArray[np.float64]


def shortlist(
    watched: Watched,
    texts: Forms,
    text_of: NDArray[np.int64],
    classes: Sequence[Classes],
    limit: float,
    config: MatchConfig,
    *,
    threads: int,
    lap: Lap = lambda stage: None,
) -> tuple[list[tuple[int, int]], Through]:
    """Return the (watched, candidate) pairs worth scoring at threshold `limit` (0–100), in
    order, and the (watched, text) pairs let through.

    `texts`: the forms of the distinct candidate texts; `text_of[c]`: candidate c's text;
    `classes[c]`: its Nice classes; `threads`: rapidfuzz threads (-1: every CPU); `lap` is
    called after each stage with its name (gate, join, goods).
    """
    needs, set_of = _needs(watched, text_of, classes, limit, config)
    ws, us, margins, direct = pass_gate(watched.forms, texts, needs, threads=threads)
    lap("gate")
    jw, ju = join_keys(watched.forms, texts, watched.prefixes)
    joined = np.full(jw.size, JOIN_MARGIN)
    through = Through(
        np.concatenate([ws, jw]),
        np.concatenate([us, ju]),
        np.concatenate([margins, joined]),
        np.concatenate([direct, joined]),
    )
    lap("join")
    pairs = _candidate_pairs(through, text_of, needs, set_of, _latin_bound(watched.forms, texts))
    lap("goods")
    return pairs, through


def _needs(
    watched: Watched,
    text_of: NDArray[np.int64],
    classes: Sequence[Classes],
    limit: float,
    config: MatchConfig,
) -> tuple[Needs, NDArray[np.int64]]:
    """Return what each pair needs from the text, and each candidate's class set."""
    sets = number_distinct(list(classes))
    set_of = np.array([sets[c] for c in classes], dtype=np.int64)
    table = np.zeros((len(watched.class_sets), len(sets)))
    for ours, i in watched.class_sets.items():
        for theirs, j in sets.items():
            goods = relate_goods(ours, theirs, config.related_classes)
            table[i, j] = goods.adjustment if goods else 0.0
    shift = limit - table - GATE_REFERENCE
    texts = [np.unique(text_of[set_of == j]) for j in range(len(sets))]
    return Needs(shift, watched.class_ids, texts), set_of


Bound = Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.float64]]


def _latin_bound(ours: Forms, theirs: Forms) -> Bound:
    """Return a function bounding the text score of (watched, text) pairs of one Latin word
    each that only the checks of whole Latin words let through: the Latin channel's bound,
    plus the agreement bonus another channel could add when a mark has Hanzi too. NaN where
    the bound does not apply (several words, the same look-alike letters)."""
    han_ours, han_theirs = _with_han(ours), _with_han(theirs)

    def bound(ws: NDArray[np.int64], us: NDArray[np.int64]) -> NDArray[np.float64]:
        out = np.full(ws.size, np.nan)
        rows = [
            k
            for k, (w, u) in enumerate(zip(ws.tolist(), us.tolist(), strict=True))
            if ours.plain[w] and theirs.plain[u] and ours.words[w] != theirs.words[u]
        ]
        if rows:
            w, u = ws[rows], us[rows]
            first = [ours.plain[i] for i in w.tolist()]
            second = [theirs.plain[i] for i in u.tolist()]
            bonus = np.where(han_ours[w] | han_theirs[u], MAX_AGREEMENT_BONUS, 0.0)
            out[rows] = latin_bounds(first, second) + bonus
        return out

    return bound


def _with_han(forms: Forms) -> NDArray[np.bool_]:
    """Tell which marks of a batch have Hanzi."""
    out = np.zeros(forms.size, dtype=bool)
    out[forms.columns["hanzi"].owners] = True
    return out


def _candidate_pairs(
    through: Through,
    text_of: NDArray[np.int64],
    needs: Needs,
    set_of: NDArray[np.int64],
    bound: Bound,
) -> list[tuple[int, int]]:
    """Return the (watched, candidate) pairs whose margin covers what their goods ask, once each
    and in order."""
    order = np.argsort(text_of, kind="stable")  # candidates grouped by text
    first = np.searchsorted(text_of[order], through.texts, side="left")
    sizes = np.searchsorted(text_of[order], through.texts, side="right") - first
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if ends.size else 0
    cands = order[np.repeat(first - ends + sizes, sizes) + np.arange(total)]
    watch = np.repeat(through.watched, sizes)
    shift = needs.shift[needs.watched[watch], set_of[cands]]
    feasible = shift <= 100.0 - GATE_REFERENCE  # no text score goes beyond 100
    direct = feasible & (shift <= np.repeat(through.direct, sizes))
    maybe = feasible & ~direct & (shift <= np.repeat(through.margins, sizes))
    if maybe.any():  # bound each (watched, text) pair once
        width = int(text_of.max()) + 1
        keys = watch[maybe] * width + np.repeat(through.texts, sizes)[maybe]
        unique, back = np.unique(keys, return_inverse=True)
        ceiling = bound(unique // width, unique % width)[back]
        needed = shift[maybe] + GATE_REFERENCE
        maybe[np.flatnonzero(maybe)] = np.isnan(ceiling) | (ceiling + EDIT_SAFETY >= needed)
    keep = direct | maybe
    pairs = set(zip(watch[keep].tolist(), cands[keep].tolist(), strict=True))
    for j in range(needs.shift.shape[1]):  # pairs any text reaches (a threshold of 0)
        anything = np.flatnonzero(needs.shift[needs.watched, j] <= -GATE_REFERENCE)
        if anything.size:
            cands_j = np.flatnonzero(set_of == j).tolist()
            pairs.update((w, c) for w in anything.tolist() for c in cands_j)
    return sorted(pairs)
