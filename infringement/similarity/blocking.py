"""Blocking: pairs that share an exact key pass the gate whatever their string ratios.

Keys that similar marks share where a ratio of their whole strings can be low: the same
Metaphone code (sound-alike spellings), the same letters or Hanzi in another order, two Hanzi
of which one is a look-alike (士林 ~ 土林, from the look-alike table) or, for a mark of two
Hanzi, of the same sound (华美 ~ 华梅), a translation group (苹果 ~ APPLE), and one mark beginning
a word of the other (NOKA ~ NOKALISENI), or
standing inside its letters from five letters up (FENIX ~ NEWFENIX). Found with dictionaries,
a few lookups per candidate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from infringement.similarity.forms import Forms

MIN_PREFIX = 4  # a mark this long beginning a word of the other (the Latin channel's rule)
MIN_INSIDE = 5  # a mark this long anywhere inside the other's letters


class Prefixes:
    """Index the Latin letters of watched marks to find candidates they begin or stand in."""

    def __init__(self, words: Sequence[tuple[str, ...]]) -> None:
        self.whole: dict[str, list[int]] = {}
        self.inside: dict[str, list[int]] = {}
        self.starts: dict[str, list[int]] = {}  # prefixes of each watched word
        self.texts = ["".join(w) for w in words]
        for position, text in enumerate(self.texts):
            if len(text) >= MIN_PREFIX:
                self.whole.setdefault(text, []).append(position)
            if len(text) >= MIN_INSIDE:
                self.inside.setdefault(text[:MIN_INSIDE], []).append(position)
            for word in set(words[position]):
                for end in range(MIN_PREFIX, len(word)):
                    self.starts.setdefault(word[:end], []).append(position)
        self.lengths = sorted({len(t) for t in self.whole})
        self.heads = {t[:MIN_PREFIX] for t in self.whole}

    def find(self, words: tuple[str, ...]) -> set[int]:
        """Return the watched marks beginning a word of these, inside them, or begun by them."""
        found: set[int] = set()
        whole, inside, lengths = self.whole, self.inside, self.lengths
        for word in words:
            if word[:MIN_PREFIX] not in self.heads:
                continue
            for size in lengths:
                if size > len(word):
                    break
                found.update(whole.get(word[:size], ()))
        text = "".join(words)
        for start in range(1, len(text) - MIN_INSIDE + 1):
            for w in inside.get(text[start : start + MIN_INSIDE], ()):
                if text.startswith(self.texts[w], start):
                    found.add(w)
        found.update(self.starts.get(text, ()))
        return found


def join_keys(
    watched: Forms, candidates: Forms, prefixes: Prefixes
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return (watched, candidate) positions of the pairs sharing an exact key, once each."""
    index: dict[str, list[int]] = {}
    for w, keys in enumerate(watched.keys):
        for key in keys:
            index.setdefault(key, []).append(w)
    ws: list[int] = []
    cs: list[int] = []
    for c, (keys, words) in enumerate(zip(candidates.keys, candidates.words, strict=True)):
        found = prefixes.find(words) if words else set()
        for key in keys:
            found.update(index.get(key, ()))
        ws.extend(found)
        cs.extend([c] * len(found))
    return np.array(ws, dtype=np.int64), np.array(cs, dtype=np.int64)
