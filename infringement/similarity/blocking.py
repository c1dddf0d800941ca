"""Blocking keys: cheap keys such that two similar marks share at least one.

The watch index groups watched marks by these keys, so a candidate meets only the watched marks
sharing one of its keys; the keys cover every trick the channels score (letters, sound, Hanzi,
look-alike Hanzi, pinyin, cross-script sound, translations).
"""

from __future__ import annotations

from functools import lru_cache

from infringement.similarity.crossscript import sound_key
from infringement.similarity.latin import phonetic_keys, singular, skeleton
from infringement.similarity.marks import Prepared
from infringement.similarity.pinyin import fuzzy_syllable


def blocking_keys(p: Prepared) -> frozenset[str]:
    """Return cheap keys such that two similar marks share at least one.

    `d:` the first and last five letters of each Latin word (look-alike letters folded) with
    each one-letter deletion, so words one edit apart near either end meet, and the same for the
    pinyin of the Hanzi (雨森 meets YUSEN); `m:` Metaphone of each word; `h:` unordered pairs of
    adjacent and next-but-one Hanzi (single Hanzi for marks of one or two), with look-alikes of
    the first pair; `p:` pairs of readings with fuzzy initials/finals folded; `s:` a consonant
    sound code shared by Hanzi and Latin spellings; `t:` translation groups.
    """
    keys: set[str] = {"t:" + g for g in p.aliases}
    words = p.latin.split()[:MAX_KEY_WORDS]
    if len(words) > 1:
        words.append(p.compact)
    for token in words:
        keys.update(_word_keys(token))
    if p.han:
        _add_han(keys, p.han[:MAX_KEY_HAN], p.shape_keys)
        _add_deletions(keys, skeleton("".join(r[0] for r in p.pinyin[:6])))
        _add_reading_pairs(keys, p.pinyin)
    sound = sound_key(p)
    if len(sound) >= 2:
        keys.add("s:" + sound)
    return frozenset(keys)


MAX_KEY_WORDS = 16
MAX_KEY_HAN = 24


@lru_cache(maxsize=32_768)  # about 1.5 KB an entry: bounded, title words repeat
def _word_keys(token: str) -> frozenset[str]:
    """Keys of one Latin word (cached: title words repeat across listings)."""
    keys: set[str] = set()
    word = singular(token)
    _add_deletions(keys, skeleton(word))
    if len(word) >= 3 and not word.isdigit():
        code = phonetic_keys(word)[0]
        if len(code) >= 2:
            keys.add("m:" + code)
    return frozenset(keys)


def _add_deletions(keys: set[str], word: str) -> None:
    for part in {word[:5], word[-5:]}:
        keys.add("d:" + part)
        if len(part) >= 3:
            keys.update("d:" + part[:i] + part[i + 1 :] for i in range(len(part)))


def _add_han(keys: set[str], han: str, shapes: tuple[str, ...]) -> None:
    if len(han) <= 2:
        keys.update("h:" + ch for ch in han)
    for step in (1, 2):
        for x, y in zip(han, han[step:], strict=False):
            keys.add("h:" + (x + y if x <= y else y + x))
    keys.update("h:" + pair for pair in shapes)


def _add_reading_pairs(keys: set[str], readings: tuple[tuple[str, ...], ...]) -> None:
    folded = [{fuzzy_syllable(r) for r in rs[:3]} for rs in readings[:8]]
    if len(folded) == 1:
        keys.update("p:" + x for x in folded[0])
    for left, right in zip(folded, folded[1:], strict=False):
        keys.update(f"p:{x}-{y}" for x in left for y in right)
