"""The types every channel shares: a prepared mark, one channel's verdict, and script tests.

A leaf: imports nothing from `infringement`, so that no two modules need each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


def is_han(ch: str) -> bool:
    """Tell whether one character is a CJK unified ideograph (a Hanzi)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Hold the normalised forms of one mark or title; build it with `normalize.prepare`.

    `folded`: every token, folded, space-separated; `core`: the same without stop words and shop
    phrases (never empty unless `folded` is); `han`: the Hanzi of `core`; `pinyin`: every
    toneless reading of each of those Hanzi (most common first, `ü` written `v`); `latin`: the
    Latin/digit tokens of `core`, space-separated; `compact`: `latin` without spaces;
    `removed`: the stop words taken out; `traditional`: traditional Hanzi were converted;
    `aliases`: translation groups the mark names; `shape_keys`: the first two Hanzi as
    unordered pairs with one of them replaced by a look-alike (blocking keys).
    """

    text: str
    folded: str
    core: str
    tokens: tuple[str, ...]
    han: str
    pinyin: tuple[tuple[str, ...], ...]
    latin: str
    compact: str
    removed: tuple[str, ...] = ()
    traditional: bool = False
    aliases: frozenset[str] = frozenset()
    shape_keys: tuple[str, ...] = ()


class Channel(NamedTuple):
    """One channel's verdict: a score 0–100 and the reasons behind it."""

    score: float
    reasons: tuple[str, ...]
