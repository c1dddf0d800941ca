"""Distinctive words: weigh a word two marks share by how common it is among marks.

A word found in many brand and company names (ROYAL, GENERAL, WHITE, 科技, 国际: the config's
`word_frequency`, built from public name lists) or naming a trade, a place or goods (电器, 苏州,
五金) says little when two marks share it. Marks that share such words are compared on the rest
(ROYAL CANIN ~ ROYAL ENFIELD: CANIN ~ ENFIELD; 华为科技 ~ 华润科技: 华为 ~ 华润); marks that begin
with the same rare distinctive part stay alike whatever common words differ or are added
(KANGDA POWER ~ KANGDA TOOLS; DOMAIN.md: earlier mark plus a descriptive word). Pure functions
of two prepared marks; the scorer passes in how to score a pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from infringement.similarity.common_words import (
    CommonWords,
    find_common,
    is_common,
    per_100k,
    strip_words,
)
from infringement.similarity.config import MatchConfig
from infringement.similarity.latin import quick_ratio, singular
from infringement.similarity.marks import Prepared, is_han

RARE_PER_100K = 10.0
"""A word in fewer than this many of 100,000 names is rare (at most one of the Latin names;
KANGDA, 都德利): only rare distinctive parts make marks alike whatever common words differ.
Generic words seen in a few names (FRIENDS 10, SPRING 15, 金星 12) are not relied on."""
RARE_HAN_PER_100K = 20.0
"""The same for a run of Hanzi among the Chinese trade names (字号), where a 字号 recurs across
cities and trades (海尔 11, 美的 9, 康达 13 in 100,000): relied on below 20 (57 names), not when
as common as 长城 42 or 阳光 205."""
SHARED_BONUS = 10.0
"""What sharing common words adds (0–100 points) to the score of the distinctive parts."""
CHANGED_PENALTY = 8.0
"""What differing or added common words take (0–100 points) from alike distinctive parts."""
MIN_LETTERS, MIN_HANZI = 3, 2
"""A distinctive part shorter than this is too short to carry a match by itself."""
MAX_SHARED_SHARE = 0.5
"""Shared common words lower the score only while they are at most this share of each mark
(words; two Hanzi count as one): CHICAGO ATLANTIC REAL ESTATE and CHICAGO ATLANTIC SYSTEMS
ESTATE share too much to be told apart by the one word left."""
MIN_SIZE_RATIO = 0.6
"""Distinctive parts count as kept only when alike in length (shorter / longer, letters with a
Hanzi as two): TIGER SUGAR ~ TIGER is a shared word, not the same distinctive part."""

Rescore = Callable[[Prepared, Prepared], tuple[float, list[str]]]


def _words(latin: frozenset[str], han: frozenset[str]) -> str:
    return ", ".join([w.upper() for w in sorted(latin)] + sorted(han))


def _too_shared(mark: Prepared, latin: frozenset[str], han: Sequence[tuple[str, int]]) -> bool:
    """Tell whether the shared words are more than MAX_SHARED_SHARE of a mark's words."""
    words = sum(1 for t in mark.tokens if not is_han(t[0])) + len(mark.han) / 2
    shared = sum(1 for t in mark.tokens if singular(t) in latin) + sum(len(w) for w, _ in han) / 2
    return shared > MAX_SHARED_SHARE * words


def _begins_common(mark: Prepared, common: CommonWords) -> bool:
    """Tell whether a mark begins with one of its common words."""
    first = mark.tokens[0] if mark.tokens else ""
    if first and is_han(first[0]):
        return any(start == 0 for _, start in common.han)
    return bool(first) and singular(first) in common.latin


def _size(mark: Prepared) -> int:
    return len(mark.compact) + 2 * len(mark.han)


def _is_rare(mark: Prepared, config: MatchConfig) -> bool:
    """Tell whether a distinctive part holds a rare Latin word or is a rare run of Hanzi."""
    words = [t for t in mark.latin.split() if len(t) >= MIN_LETTERS]
    if any(per_100k(t, config) < RARE_PER_100K for t in words):
        return True
    return len(mark.han) >= MIN_HANZI and per_100k(mark.han, config) < RARE_HAN_PER_100K


def _may_match(a: Prepared, b: Prepared) -> bool:
    """Cheaply tell whether two distinctive parts could score high (to skip hopeless pairs)."""
    if (a.han and b.compact) or (b.han and a.compact) or set(a.han) & set(b.han):
        return True
    return bool(a.compact and b.compact) and (
        a.compact in b.compact or b.compact in a.compact or quick_ratio(a.compact, b.compact) >= 0.5
    )


def _kept_parts(
    a: Prepared, b: Prepared, ca: CommonWords, cb: CommonWords, config: MatchConfig
) -> tuple[Prepared, Prepared] | None:
    """Return the rare distinctive parts two marks begin with, if alike in length, else None.

    Latin words seen in several names are left out too (VIAVI SOLUTIONS ~ VIAVI ONLINE: VIAVI),
    so only what is rare decides; a mark that begins with a word that is not rare is not kept.
    """
    parts = []
    for mark, common in ((a, ca), (b, cb)):
        seen = frozenset(singular(t) for t in mark.latin.split() if not _rare_word(t, config))
        part = strip_words(mark, common.latin | seen, common.han) or mark
        # Beginnings weigh more: the mark must begin with its kept part.
        if is_han(mark.tokens[0][0]):
            if _begins_common(mark, common):
                return None
        elif part.tokens[0] != mark.tokens[0]:
            return None
        parts.append(part)
    core_a, core_b = parts
    if core_a is a and core_b is b:
        return None
    small, large = sorted((_size(core_a), _size(core_b)))
    if small < MIN_SIZE_RATIO * large or not (_big_enough(core_a) and _big_enough(core_b)):
        return None
    if not (_is_rare(core_a, config) and _is_rare(core_b, config) and _may_match(core_a, core_b)):
        return None
    return core_a, core_b


def _rare_word(word: str, config: MatchConfig) -> bool:
    return per_100k(word, config) < RARE_PER_100K and not is_common(word, config)


def _big_enough(mark: Prepared) -> bool:
    return len(mark.compact) >= MIN_LETTERS or len(mark.han) >= MIN_HANZI


def weigh_words(
    a: Prepared,
    b: Prepared,
    config: MatchConfig,
    scored: tuple[float, list[str]],
    rescore: Rescore,
) -> tuple[float, list[str]]:
    """Adjust a pair's text score (0–100) and reasons for how common their words are.

    The distinctive parts (the marks without their common words) decide: marks sharing common
    words score at most the distinctive parts' score plus SHARED_BONUS; marks that begin with
    alike, rare distinctive parts score at least that score less CHANGED_PENALTY, whatever
    common words differ or are added.
    """
    if not a.tokens or not b.tokens:
        return scored
    ca, cb = find_common(a, config), find_common(b, config)
    if not (ca.latin or ca.han or cb.latin or cb.han):
        return scored
    lowered = _lowered(a, b, ca, cb, scored[0], rescore)
    if lowered is not None:
        return lowered
    kept = _kept_parts(a, b, ca, cb, config) if scored[0] < 100.0 - CHANGED_PENALTY else None
    if kept is None:
        return scored
    core, why = rescore(*kept)
    if core - CHANGED_PENALTY <= scored[0]:
        return scored
    found = [_kept_reason(a, b, ca, cb, kept, core), *why[:1]]
    return core - CHANGED_PENALTY, found + [r for r in scored[1][:1] if r not in found]


def _lowered(
    a: Prepared, b: Prepared, ca: CommonWords, cb: CommonWords, text: float, rescore: Rescore
) -> tuple[float, list[str]] | None:
    """Score marks that share common words on their distinctive parts, if that is lower."""
    latin, han = ca.latin & cb.latin, ca.han_words & cb.han_words
    spans_a = [s for s in ca.han if s[0] in han]
    spans_b = [s for s in cb.han if s[0] in han]
    if not (latin or han) or _too_shared(a, latin, spans_a) or _too_shared(b, latin, spans_b):
        return None
    # A mark made only of common words keeps what it does not share (长城工具 ~ 长江工具: 长城).
    core_a = strip_words(a, ca.latin, ca.han) or strip_words(a, latin, spans_a) or a
    core_b = strip_words(b, cb.latin, cb.han) or strip_words(b, latin, spans_b) or b
    core, why = rescore(core_a, core_b)
    if core + SHARED_BONUS >= text:
        return None
    shown = f"{core_a.core.upper()} ~ {core_b.core.upper()}"
    reason = f"shared {_words(latin, han)} common in marks; distinctive parts {shown}"
    return core + SHARED_BONUS, [reason, *why[:1]]


def _kept_reason(
    a: Prepared,
    b: Prepared,
    ca: CommonWords,
    cb: CommonWords,
    kept: tuple[Prepared, Prepared],
    core: float,
) -> str:
    """Word why two marks are alike: the same (or alike) distinctive part, other words aside."""
    name_a, name_b = (part.core.upper() for part in kept)
    alike = (
        f"same distinctive part {name_a}"
        if core >= 100.0
        else f"distinctive parts alike {name_a} ~ {name_b}"
    )
    latin = [t for t in a.tokens + b.tokens if not is_han(t[0])]
    other = [t.upper() for t in latin if t not in kept[0].tokens + kept[1].tokens]
    other += sorted(ca.han_words ^ cb.han_words)
    return f"{alike}; only {', '.join(dict.fromkeys(other)) or 'other words'} differ"
