"""The gate: C-speed string ratios of every (watched, candidate) pair decide which are scored.

rapidfuzz's `cdist` compares the screening forms (`forms`) of watched marks with those of
candidate texts, kind by kind, each with a cut-off, on every thread. A pair passes when some
kind reaches its cut-off raised by what the pair's goods take away: a pair in unrelated classes
needs near-identical strings, so for most pairs only candidates of about the same length are
compared at all; pairs in the same or related classes are compared in full, class by class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from infringement.similarity.forms import Column, Forms

GATE_REFERENCE = 70.0
"""The text score (0–100) a pair needs for the cut-offs below to apply as they stand; a pair
needing more (unrelated goods, a higher threshold) faces cut-offs higher by as much."""


@dataclass(frozen=True)
class Check:
    """Compare column `ours` of the watched marks with `theirs` of the candidates (fuzz.ratio,
    0–100); a pair needing GATE_REFERENCE passes from `cut` up. `ceiling`: the highest text
    score this evidence leads to (a mark found inside a title scores at most 92, a match across
    scripts 90, plus 6 where two channels agree), so pairs needing more are not compared on it."""

    ours: str
    theirs: str
    cut: float
    ceiling: float = 100.0
    edit: bool = False  # whole Latin words, which the scorer compares by weighted edits
    part: str = ""  # "ours" or "theirs": that side is a run that must hold the other mark
    in_place: bool = False  # Levenshtein similarity: characters count in place (冬福 ~ 冰福)


# Cut-offs chosen on synthetic pairs scored in full, marks of random syllables and dense sets of
# look-alike syllables: about 96–98% of the pairs the scorer calls similar pass, against about
# 2–4 times as many pairs as it calls similar. The benchmarks measure the recall against
# scoring every pair on every run (bench/similarity_bench.py, bench/screen_dense_bench.py).
CHECKS = (
    Check("letters", "letters", 60.0, edit=True),  # letters, look-alikes folded
    Check("letters", "pieces", 70.0, 92.0),  # the mark against each word or word pair of a title
    Check("pieces", "letters", 70.0, 92.0),
    Check("fold", "fold", 80.0, edit=True),  # sound-alike letters folded (KATA ~ KOTO)
    Check("sound", "sound", 72.0, edit=True),  # English sound code
    Check("hanzi", "hanzi", 50.0, in_place=True),  # Hanzi kept in place (金未来 ~ 金末来)
    Check("hanzi", "hanzi_parts", 58.0, 92.0, part="theirs", in_place=True),  # in a longer one
    Check("hanzi_parts", "hanzi", 58.0, 92.0, part="ours", in_place=True),
    Check("hsound", "hsound", 85.0),  # same-sound Hanzi
    Check("hsound", "hsound_parts", 90.0, 92.0, part="theirs", in_place=True),
    Check("hsound_parts", "hsound", 90.0, 92.0, part="ours", in_place=True),
    Check("pinyin_sound", "sound", 70.0, 96.0),  # Hanzi against Latin by sound
    Check("sound", "pinyin_sound", 70.0, 96.0),
)
JOIN_MARGIN = 20.0
"""Pairs sharing an exact key (`blocking`) pass when they need at most GATE_REFERENCE + 20."""
MAX_CELLS = 20_000_000  # cdist results held at a time (1 or 4 bytes each): bounds memory

Passed = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]
"""(watched, text, margin, margin on checks other than `edit` ones: -inf when none)."""


@dataclass(frozen=True)
class Needs:
    """Say what each pair needs: `shift[i, j]` is the text score a pair of a watched mark in
    class set i and a candidate in class set j needs, minus GATE_REFERENCE; `watched[w]` is
    watched mark w's class set; `texts[j]` the candidate texts with a candidate in class set j."""

    shift: NDArray[np.float64]
    watched: NDArray[np.int64]
    texts: Sequence[NDArray[np.int64]]


def pass_gate(watched: Forms, texts: Forms, needs: Needs, *, threads: int) -> Passed:
    """Return (watched, text, margin, direct margin) of the pairs through the gate, once each.

    The margin is how far the best check cleared its cut-off (in 0–100 points); a candidate
    with that text passes when its pair's shift is at most the margin. The direct margin
    leaves out the checks of whole Latin words (`edit`), whose pairs the shortlist may bound
    further (`edits`). `threads`: rapidfuzz threads (-1: every CPU).
    """
    feasible = needs.shift <= 100.0 - GATE_REFERENCE  # no text score goes beyond 100
    present = [j for j, t in enumerate(needs.texts) if t.size]
    top = needs.shift[:, present][feasible[:, present]]
    if top.size == 0:
        return _empty()
    level = float(top.max())  # every pair is compared at this shift, by length windows
    found = [_compare_all(watched, texts, level, threads)]
    for j in present:  # pairs needing less, class set by class set
        lower = needs.shift[needs.watched, j] < level
        if lower.any():
            found.append(_compare_some(watched, texts, needs, j, lower, threads))
    return _best(found)


def _compare_all(watched: Forms, texts: Forms, shift: float, threads: int) -> Passed:
    """Compare every pair at one shift, only strings whose lengths allow the cut-off."""
    found = []
    for check in CHECKS:
        cut = check.cut + shift
        ours, theirs = watched.columns[check.ours], texts.columns[check.theirs]
        if GATE_REFERENCE + shift > check.ceiling or cut > 100.0:
            continue
        if not ours.strings.size or not theirs.strings.size:
            continue
        order = np.argsort(theirs.lengths, kind="stable")
        sorted_lengths = theirs.lengths[order]
        same: list[int] = []  # lengths at which only identical strings reach the cut-off
        for size in np.unique(ours.lengths).tolist():
            rows = np.flatnonzero(ours.lengths == size)
            low, high = _length_window(size, cut, check.in_place)
            if _only_identical(size, low, high, cut, check.in_place):
                same.append(size)
                continue
            start, end = np.searchsorted(sorted_lengths, [low, high + 1])
            if start < end:
                found.append(_cdist(ours, rows, theirs, order[start:end], cut, check, threads))
        if same:
            found.append(_identical(ours, theirs, same, check))
    return _best(found) if found else _empty()


def _only_identical(size: int, low: int, high: int, cut: float, in_place: bool) -> bool:
    """Tell whether only identical strings reach `cut` from a string of `size` against strings
    of `low`–`high` characters: one edit costs 1/longer of a Levenshtein similarity (in place),
    and 1/size of a ratio between strings of one length (two indels for a substitution)."""
    if in_place:
        return cut > 100.0 * (1.0 - 1.0 / max(size, high))
    return low == high == size and cut > 100.0 * (1.0 - 1.0 / size)


def _identical(ours: Column, theirs: Column, sizes: list[int], check: Check) -> Passed:
    """Pair the strings of these lengths that are identical (a ratio of 100), by dictionary."""
    wanted = set(sizes)
    index: dict[str, list[int]] = {}
    rows = zip(ours.strings.tolist(), ours.lengths.tolist(), ours.owners.tolist(), strict=True)
    for text, size, owner in rows:
        if size in wanted:
            index.setdefault(text, []).append(owner)
    ws: list[int] = []
    ts: list[int] = []
    for text, owner in zip(theirs.strings.tolist(), theirs.owners.tolist(), strict=True):
        found = index.get(text)
        if found:
            ws.extend(found)
            ts.extend([owner] * len(found))
    margin = np.full(len(ws), min(100.0 - check.cut, check.ceiling - GATE_REFERENCE))
    direct = np.full(len(ws), -np.inf) if check.edit else margin
    return np.array(ws, dtype=np.int64), np.array(ts, dtype=np.int64), margin, direct


def _compare_some(
    watched: Forms, texts: Forms, needs: Needs, j: int, lower: NDArray[np.bool_], threads: int
) -> Passed:
    """Compare the watched marks selected by `lower` with the texts of class set j."""
    found = []
    shift = needs.shift[needs.watched, j]
    strings: dict[str, NDArray[np.int64]] = {}  # positions of the strings of the texts, by kind
    for check in CHECKS:
        ours, theirs = watched.columns[check.ours], texts.columns[check.theirs]
        wanted = lower & (shift + GATE_REFERENCE <= check.ceiling)
        rows = np.flatnonzero(wanted[ours.owners])
        if rows.size == 0 or not theirs.strings.size:
            continue
        cut = check.cut + float(shift[ours.owners[rows]].min())
        if cut > 100.0:
            continue
        if check.theirs not in strings:
            strings[check.theirs] = _strings_of(theirs, needs.texts[j])
        columns = strings[check.theirs]
        if columns.size:
            found.append(_cdist(ours, rows, theirs, columns, cut, check, threads))
    return _best(found) if found else _empty()


def _cdist(
    ours: Column,
    rows: NDArray[np.int64],
    theirs: Column,
    columns: NDArray[np.int64],
    cut: float,
    check: Check,
    threads: int,
) -> Passed:
    """Run one cdist in slices; return (watched, text, margin) of the cells reaching `cut`."""
    cut = max(cut, 1.0)  # below, every pair is worth scoring: the shortlist takes them all
    a = ours.strings[rows]
    step = max(1, MAX_CELLS // max(1, len(a)))
    ws, ts, margins, direct = [], [], [], []
    for start in range(0, columns.size, step):
        part = columns[start : start + step]
        b = theirs.strings[part]
        if check.in_place:
            scores = 100.0 * process.cdist(
                a, b, scorer=Levenshtein.normalized_similarity, score_cutoff=cut / 100.0,
                dtype=np.float32, workers=threads,
            )  # fmt: skip
        else:
            scores = process.cdist(
                a, b, scorer=fuzz.ratio, score_cutoff=cut, dtype=np.uint8, workers=threads
            )
        r, c = np.nonzero(scores)
        if check.part:  # a run as long as the mark or one longer, as the scorer aligns them
            mark, run = ours.lengths[rows[r]], theirs.lengths[part[c]]
            if check.part == "ours":
                mark, run = run, mark
            r, c = r[(run >= mark) & (run <= mark + 1)], c[(run >= mark) & (run <= mark + 1)]
        ws.append(ours.owners[rows[r]])
        ts.append(theirs.owners[part[c]])
        margin = np.minimum(scores[r, c] - check.cut, check.ceiling - GATE_REFERENCE)
        margins.append(margin)
        direct.append(np.full(margin.size, -np.inf) if check.edit else margin)
    return (
        np.concatenate(ws),
        np.concatenate(ts),
        np.concatenate(margins),
        np.concatenate(direct),
    )


def _strings_of(column: Column, owners: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return the positions of every string of the given owners (owners are sorted)."""
    first = np.searchsorted(column.owners, owners, side="left")
    last = np.searchsorted(column.owners, owners, side="right")
    sizes = last - first
    if not sizes.sum():
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(sizes)
    return np.repeat(first - ends + sizes, sizes) + np.arange(int(ends[-1]))


def _length_window(size: int, cut: float, in_place: bool = False) -> tuple[int, int]:
    """Return the string lengths a string of `size` can reach `cut` (0–100) with: a ratio is at
    most 200·shorter/(sum of lengths), a Levenshtein similarity (in place) shorter/longer."""
    if cut <= 0.0:
        return 0, 1 << 30
    if in_place:
        return int(np.ceil(size * cut / 100.0 - 1e-9)), int(np.floor(size * 100.0 / cut + 1e-9))
    low = int(np.ceil(size * cut / (200.0 - cut) - 1e-9))
    high = int(np.floor(size * (200.0 - cut) / cut + 1e-9))
    return low, high


def _best(found: list[Passed]) -> Passed:
    """Keep each (watched, text) pair once, with its best margins."""
    found = [f for f in found if f[0].size]
    if not found:
        return _empty()
    ws, ts, margins, direct = (np.concatenate([f[k] for f in found]) for k in range(4))
    keys = ws * (int(ts.max()) + 1) + ts
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return (
        ws[order][first],
        ts[order][first],
        np.maximum.reduceat(margins[order], first),
        np.maximum.reduceat(direct[order], first),
    )


def _empty() -> Passed:
    none = np.zeros(0, dtype=np.int64)
    return none, none, np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.float64)
