"""Common words of a mark: the words found in many brand and company names, or naming a trade,
a place or goods, which say little when two marks share them (see `distinct`).

Counts come from the config's `word_frequency` (built from public name lists, per 100,000
names); trade, place and product words from its `descriptive_words`. A run of Hanzi is cut
into such words longest first, never leaving a lone Hanzi.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from infringement.similarity.config import MatchConfig
from infringement.similarity.latin import singular
from infringement.similarity.marks import Prepared, is_han

COMMON_PER_100K = 40.0
"""A word in at least this many of 100,000 brand or company names is common: it counts little
when shared (WHITE 54, ROYAL 71, GENERAL 92, 科技 789, 东方 241). Below it a word is not
discounted: a brand with a few sub-brands (RADISSON 20, KWIK 36) stays distinctive. Industry
and product words are common whatever their count."""
HAN_SIZES = (4, 3, 2)


@dataclass(frozen=True, slots=True)
class CommonWords:
    """Hold the common words of one mark: Latin words (singular) and Hanzi words with spans."""

    latin: frozenset[str]
    han: tuple[tuple[str, int], ...]  # (word, start in `Prepared.han`)

    @property
    def han_words(self) -> frozenset[str]:
        """Return the common Hanzi words, without positions."""
        return frozenset(word for word, _ in self.han)


def per_100k(word: str, config: MatchConfig) -> float:
    """Return in how many of 100,000 brand and company names `word` occurs (0 if unknown)."""
    table = config.word_frequency
    return max(table.get(word, 0.0), table.get(singular(word), 0.0))


def is_common(word: str, config: MatchConfig) -> bool:
    """Tell whether a folded word is common among marks or describes a trade or goods."""
    if word in config.descriptive_words or singular(word) in config.descriptive_words:
        return True
    return per_100k(word, config) >= COMMON_PER_100K


def find_common(mark: Prepared, config: MatchConfig) -> CommonWords:
    """Find the common Latin words and Hanzi words of a prepared mark."""
    return _find_common(mark.tokens, config)


@lru_cache(maxsize=65_536)
def _find_common(tokens: tuple[str, ...], config: MatchConfig) -> CommonWords:
    latin: set[str] = set()
    han: list[tuple[str, int]] = []
    offset = 0
    for token in tokens:
        if is_han(token[0]):
            han.extend((word, offset + start) for word, start in _han_words(token, config))
            offset += len(token)
        elif token.isascii() and token.isalpha() and is_common(token, config):
            latin.add(singular(token))
    return CommonWords(frozenset(latin), tuple(han))


def _han_words(run: str, config: MatchConfig) -> list[tuple[str, int]]:
    """Cut common words out of a run of Hanzi: trade, place and product words first, then words
    common among names; none that would leave a lone Hanzi (德利 stays in 都德利)."""
    found = _greedy(run, 0, lambda w: w in config.descriptive_words)
    gaps, last = [], 0
    for word, start in found:
        gaps.append((last, run[last:start]))
        last = start + len(word)
    gaps.append((last, run[last:]))
    for offset, piece in gaps:
        found += _greedy(piece, offset, lambda w: is_common(w, config))
    return sorted(found, key=lambda s: s[1])


def _greedy(run: str, offset: int, common: Callable[[str], bool]) -> list[tuple[str, int]]:
    """Find common words in a run, longest first from the left, leaving no lone Hanzi."""
    found: list[tuple[str, int]] = []
    i, left = 0, 0
    while i < len(run) - 1:
        for size in HAN_SIZES:
            word, right = run[i : i + size], len(run) - i - size
            if len(word) == size and left != 1 and right != 1 and common(word):
                found.append((word, offset + i))
                i, left = i + size, 0
                break
        else:
            i, left = i + 1, left + 1
    return found


def strip_words(
    mark: Prepared, latin: frozenset[str], han: Sequence[tuple[str, int]]
) -> Prepared | None:
    """Return `mark` without the given Latin words and Hanzi spans (None if nothing is left)."""
    dropped = {start + k for word, start in han for k in range(len(word))}
    tokens: list[str] = []
    kept: list[int] = []
    offset = 0
    for token in mark.tokens:
        if is_han(token[0]):
            piece = ""
            for k, ch in enumerate(token):
                if offset + k in dropped:
                    tokens += [piece] if piece else []
                    piece = ""
                else:
                    piece += ch
                    kept.append(offset + k)
            tokens += [piece] if piece else []
            offset += len(token)
        elif singular(token) not in latin:
            tokens.append(token)
    if not tokens:
        return None
    latin_text = " ".join(t for t in tokens if t[0] < "\u0080")
    return replace(
        mark,
        core=" ".join(tokens),
        tokens=tuple(tokens),
        han="".join(mark.han[i] for i in kept),
        pinyin=tuple(mark.pinyin[i] for i in kept),
        latin=latin_text,
        compact=latin_text.replace(" ", ""),
    )
