"""Fold raw texts into the Latin words and Hanzi the screen compares, a batch at a time.

Folding follows `normalize.prepare` (NFKC, case, accents, homoglyphs, digits inside words,
traditional Hanzi, the config's stop words). A batch is folded as one string, its texts joined
by a separator no fold touches, so that each step is one call in C instead of one per text;
the sound codes of a batch are made the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from infringement.similarity.config import MatchConfig
from infringement.similarity.crossscript import (
    ENGLISH_SPELLINGS,
    english_sound,
    pinyin_sound,
    sound_classes,
)
from infringement.similarity.normalize import fold_table, simplify_table
from infringement.similarity.pinyin import fuzzy_syllable, pinyin_table

SEP = "\x00"  # joins the texts of a batch: no fold, sound rule or token pattern touches it
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_HAN}]+")
_DIGIT_WORD = re.compile(r"(?=.*[a-z].*[a-z])(?=.*[0-9])[a-z0-9]+")
_DIGIT_TO_LETTER = str.maketrans("01357", "olest")
_NOT_LETTER = re.compile(r"[0-9]+")  # sound codes of Latin tokens keep letters only
_LETTER_REPEATS = re.compile(r"([a-z])\1+")
_REPEATS = re.compile(rf"([^{SEP}])\1+")
READINGS = 2  # readings of a Hanzi that make a same-sound character (the Chinese channel's)


@dataclass(frozen=True, slots=True)
class Tables:
    """Hold the lookup tables of one config's folding."""

    latin_stop: frozenset[str]
    han_stop: re.Pattern[str] | None
    fold: dict[int, str]  # accents, homoglyphs and traditional Hanzi in one table
    symbols: dict[int, str]  # each Hanzi → one character per fuzzy syllable of its first reading
    sounds: dict[int, str]  # each Hanzi → the sound code of its first reading
    tails: dict[str, tuple[str, ...]]  # each Hanzi → "|reading" of its first READINGS readings
    heads: dict[str, tuple[str, ...]]  # each Hanzi → "ql:reading|" of the same


def fold_text(text: str) -> list[str]:
    """Fold a text into Latin and Hanzi tokens as `prepare` does (stop words still in)."""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold().translate(fold_table())
        text = text.translate(simplify_table())
    return [_digits(tok) for tok in _TOKEN.findall(text)]


def _digits(token: str) -> str:
    """Read digits inside a word of letters as the letters they look like (B0SCH → bosch)."""
    if token < "\u0080" and not token.isalpha() and _DIGIT_WORD.fullmatch(token):
        return token.translate(_DIGIT_TO_LETTER)
    return token


@lru_cache(maxsize=16)
def tables(config: MatchConfig) -> Tables:
    """Return the folding tables of `config` (its stop words, the pinyin of every Hanzi)."""
    latin: set[str] = set()
    han: set[str] = set()
    for word in config.stop_words:
        for tok in fold_text(word):
            (latin if tok < "\u0080" else han).add(tok)
    pattern = "|".join(re.escape(w) for w in sorted(han, key=len, reverse=True))
    symbols: dict[str, str] = {}
    by_symbol: dict[int, str] = {}
    by_sound: dict[int, str] = {}
    for ch, readings in pinyin_table().items():
        syllable = fuzzy_syllable(readings[0])
        by_symbol[ord(ch)] = symbols.setdefault(syllable, chr(0xE000 + len(symbols)))
        by_sound[ord(ch)] = pinyin_sound(readings[0])
    return Tables(
        frozenset(latin),
        re.compile(pattern) if pattern else None,
        {**fold_table(), **simplify_table()},
        by_symbol,
        by_sound,
        {ch: tuple("|" + r for r in rs[:READINGS]) for ch, rs in pinyin_table().items()},
        {ch: tuple("ql:" + r + "|" for r in rs[:READINGS]) for ch, rs in pinyin_table().items()},
    )


def split_text(text: str, config: MatchConfig) -> tuple[list[str], str]:
    """Return the Latin words and the Hanzi of a text, stop words removed (unless all are)."""
    return split_batch([text], tables(config))[0]


def fold_batch(texts: Sequence[str], table: Tables) -> list[str]:
    """Return each text folded (NFKC, case, accents, homoglyphs, traditional Hanzi)."""
    joined = SEP.join(texts)
    if joined.count(SEP) != len(texts) - 1:  # a text holding the separator: fold one by one
        return [fold_batch([t.replace(SEP, " ")], table)[0] for t in texts]
    if joined.isascii():
        joined = joined.lower()
    else:  # the separator is a starter NFKC composes with nothing: the texts stay apart
        joined = unicodedata.normalize("NFKC", joined).casefold().translate(table.fold)
    return joined.split(SEP) if texts else []


def split_batch(texts: Sequence[str], table: Tables) -> list[tuple[list[str], str]]:
    """Return the Latin words and the Hanzi of each text, stop words removed (unless all are)."""
    out = []
    latin_stop, stop = table.latin_stop, table.han_stop
    findall = _TOKEN.findall
    for text in fold_batch(texts, table):
        tokens = [tok if tok.isalpha() else _digits(tok) for tok in findall(text)]
        words = [tok for tok in tokens if tok < "\u0080" and tok not in latin_stop]
        if stop is None:
            han = "".join(tok for tok in tokens if tok > "\u0080")
        else:  # per token, as `prepare` does: a stop word broken by another letter stays
            han = "".join(stop.sub("", tok) for tok in tokens if tok > "\u0080")
        if not words and not han:  # only stop words: keep them, as `prepare` does
            words = [t for t in tokens if t < "\u0080"]
            han = "".join(t for t in tokens if t > "\u0080")
        out.append((words, han))
    return out


def english_sounds(words: Sequence[str]) -> list[str]:
    """Return `crossscript.english_sound` of each Latin word (ASCII letters and digits)."""
    if len(words) < 8:
        return [english_sound(w) for w in words]
    joined = SEP.join(words).lower()
    for a, b in ENGLISH_SPELLINGS:
        joined = joined.replace(a, b)
    code = sound_classes(joined)
    return _LETTER_REPEATS.sub(r"\1", _NOT_LETTER.sub("", code)).split(SEP)


def hanzi_sounds(hans: Sequence[str], table: Tables) -> tuple[list[str], list[str]]:
    """Return, for each Hanzi string, its fuzzy-syllable symbols and its sound code (repeats
    squeezed), as the screen compares them."""
    if not hans:
        return [], []
    joined = SEP.join(hans)
    symbols = joined.translate(table.symbols).split(SEP)
    sounds = _REPEATS.sub(r"\1", joined.translate(table.sounds)).split(SEP)
    return symbols, sounds
