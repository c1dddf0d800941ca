"""The gate: cheap C-speed string ratios decide which blocked pairs are worth scoring in full.

Pairs are measured by rapidfuzz (`process.cpdist`) on letters, look-alike skeletons, sound codes
and Hanzi, and pairs sharing a strong key (same Metaphone, same translation group, three kinds
of key) pass anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from infringement.similarity.crossscript import english_sound, pinyin_sound
from infringement.similarity.latin import skeleton
from infringement.similarity.marks import Prepared

# Gate cut-offs on rapidfuzz ratios (0–100) for a pair needing a text score of GATE_REFERENCE,
# chosen on synthetic blocked pairs so that about 98.5% of the pairs the scorer calls similar
# pass while about 16% of all blocked pairs do. A pair needing more (its goods are unrelated, the
# threshold is higher) faces cut-offs higher by as much, one needing less lower ones.
# bench/similarity_bench.py measures the recall against scoring every pair on every run.
GATE_REFERENCE = 70.0
LETTERS_CUT = 60.0  # letters, look-alike skeleton or sound code of the Latin words
INSIDE_CUT = 80.0  # the shorter Latin mark aligned inside the longer (listing titles)
HANZI_CUT = 50.0  # the shorter Hanzi string aligned inside the longer
CROSS_CUT = 60.0  # sound code of the Hanzi against that of the Latin words
CONSONANTS_CUT = 70.0  # the same, consonants only
STRONG_KEYS = ("m:", "t:")  # key kinds that pass a pair by themselves
STRONG_KINDS = 3  # pairs sharing this many kinds of key pass too
_VOWELS = re.compile("[aeiou]")
_REPEATS = re.compile(r"(.)\1+")

Scorer = Callable[..., float]


@dataclass(frozen=True)
class GateStrings:
    """Hold the strings the gate compares for a batch of marks, and their lengths, by kind.

    Kinds: letters, skeletons (look-alikes folded), latin_sound, latin_consonants, hanzi,
    hanzi_sound, hanzi_consonants ("" when the mark has none).
    """

    strings: dict[str, NDArray[np.object_]]
    lengths: dict[str, NDArray[np.int64]] = field(repr=False)


def gate_strings(marks: Sequence[Prepared]) -> GateStrings:
    """Build the gate's strings: letters, skeleton, sound codes with and without vowels, Hanzi."""
    latin_sound = [english_sound(p.compact) if p.compact else "" for p in marks]
    hanzi_sound = [
        _REPEATS.sub(r"\1", "".join(pinyin_sound(r[0]) for r in p.pinyin)) for p in marks
    ]
    columns = {
        "letters": [p.compact for p in marks],
        "skeletons": [skeleton(p.compact) for p in marks],
        "latin_sound": latin_sound,
        "latin_consonants": [_VOWELS.sub("", s) for s in latin_sound],
        "hanzi": [p.han for p in marks],
        "hanzi_sound": hanzi_sound,
        "hanzi_consonants": [_VOWELS.sub("", s) for s in hanzi_sound],
    }
    return GateStrings(
        strings={k: np.array(v, dtype=object) for k, v in columns.items()},
        lengths={
            k: np.fromiter(map(len, v), dtype=np.int64, count=len(v)) for k, v in columns.items()
        },
    )


def pass_gate(
    watched: GateStrings,
    candidates: GateStrings,
    cand: NDArray[np.int64],
    watch: NDArray[np.int64],
    strong: NDArray[np.bool_],
    needed: NDArray[np.float64],
    *,
    threads: int,
) -> NDArray[np.bool_]:
    """Return which blocked pairs go on to `score_pair`, given the text score each needs.

    `cand`, `watch`: positions of each pair's candidate and watched mark in `candidates` and
    `watched`; `strong`: pairs that pass anyway; `needed`: the text score (0–100) each pair needs
    to reach the threshold; `threads`: rapidfuzz threads (-1: every CPU).
    """
    keep = strong & (needed <= 100.0)
    cuts = needed - GATE_REFERENCE  # added to every cut-off

    def admit(where: NDArray[np.bool_], checks: list[tuple[str, str, Scorer, float]]) -> None:
        for ours, other, scorer, cut in checks:
            todo = np.flatnonzero(where & ~keep)
            wanted = np.maximum(cut + cuts[todo], 1.0)
            todo, wanted = todo[wanted <= 100.0], wanted[wanted <= 100.0]
            if scorer is fuzz.ratio:  # a ratio never exceeds 200·shorter/(sum of lengths)
                a_len = watched.lengths[ours][watch[todo]]
                b_len = candidates.lengths[other][cand[todo]]
                bound = 200.0 * np.minimum(a_len, b_len) / np.maximum(a_len + b_len, 1)
                todo, wanted = todo[bound >= wanted], wanted[bound >= wanted]
            if todo.size:
                a = watched.strings[ours][watch[todo]]
                b = candidates.strings[other][cand[todo]]
                passed = process.cpdist(a, b, scorer=scorer, workers=threads) >= wanted
                keep[todo[passed]] = True

    def has(side: GateStrings, kind: str, at: NDArray[np.int64]) -> NDArray[np.bool_]:
        return side.lengths[kind][at] > 0

    latin = has(watched, "letters", watch) & has(candidates, "letters", cand)
    words = [(s, s, fuzz.ratio, LETTERS_CUT) for s in ("letters", "skeletons", "latin_sound")]
    admit(latin, [*words, ("letters", "letters", fuzz.partial_ratio, INSIDE_CUT)])
    hanzi = has(watched, "hanzi", watch) & has(candidates, "hanzi", cand)
    admit(hanzi, [("hanzi", "hanzi", fuzz.partial_ratio, HANZI_CUT)])
    for ours, other in (("hanzi", "latin"), ("latin", "hanzi")):  # Hanzi against Latin
        where = has(watched, "hanzi" if ours == "hanzi" else "letters", watch)
        where &= has(candidates, "letters" if ours == "hanzi" else "hanzi", cand)
        sound = (f"{ours}_sound", f"{other}_sound", fuzz.ratio, CROSS_CUT)
        consonants = (f"{ours}_consonants", f"{other}_consonants", fuzz.ratio, CONSONANTS_CUT)
        admit(where, [sound, consonants])
    return keep
