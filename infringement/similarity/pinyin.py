"""Pinyin: every reading of each Hanzi, and syllables compared by initial and final.

The per-character table is built once from pypinyin's data (every reading, toneless, `ü` as
`v`); syllables are compared at the initial/final level with the usual fuzzy pairs (zh/z, ch/c,
sh/s, n/l, f/h, r/l; in/ing, en/eng, an/ang, ian/iang, uan/uang), never by string replacement.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_INITIALS = "zh ch sh b p m f d t n l g k h j q x r z c s y w".split()  # noqa: SIM905
_FUZZY_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "l": "n", "h": "f", "r": "n"}
_FUZZY_FINAL = {"ing": "in", "eng": "en", "ang": "an", "iang": "ian", "uang": "uan"}


@lru_cache(maxsize=1)
def pinyin_table() -> dict[str, tuple[str, ...]]:
    """Return every toneless reading of each Hanzi (`ü` as `v`), from pypinyin's table."""
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, tuple[str, ...]] = {}
    for code, readings in pinyin_dict.items():
        out: list[str] = []
        for reading in readings.split(","):
            plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
            plain = "".join(c for c in plain if c.isascii() and c.isalpha())
            if plain and plain not in out:
                out.append(plain)
        if out:
            table[chr(code)] = tuple(out)
    return table


@lru_cache(maxsize=4096)
def split_syllable(syllable: str) -> tuple[str, str]:
    """Split a toneless pinyin syllable into (initial, final); `an` → ('', 'an')."""
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


@lru_cache(maxsize=8192)
def fuzzy_syllable(syllable: str) -> str:
    """Fold a syllable's initial and final to their fuzzy class (`zhang` → `zan`)."""
    initial, final = split_syllable(syllable)
    return _FUZZY_INITIAL.get(initial, initial) + _FUZZY_FINAL.get(final, final)


@lru_cache(maxsize=65536)
def syllable_similarity(a: str, b: str) -> float:
    """Score two syllables 0–1: 1 same, 0.85 fuzzy pair, 0.4 same initial or final, else 0."""
    if a == b:
        return 1.0
    ia, fa = split_syllable(a)
    ib, fb = split_syllable(b)
    same_i = _FUZZY_INITIAL.get(ia, ia) == _FUZZY_INITIAL.get(ib, ib)
    same_f = _FUZZY_FINAL.get(fa, fa) == _FUZZY_FINAL.get(fb, fb)
    if same_i and same_f:
        return 0.85
    if (same_i and ia) or (same_f and len(fa) > 1):
        return 0.4
    return 0.0


def reading_similarity(ra: tuple[str, ...], rb: tuple[str, ...]) -> tuple[float, str, str]:
    """Return the best syllable similarity over every reading pair, with the two readings."""
    best = (0.0, ra[0], rb[0])
    for x in ra:
        for y in rb:
            s = syllable_similarity(x, y)
            if s > best[0]:
                best = (s, x, y)
                if s == 1.0:
                    return best
    return best
