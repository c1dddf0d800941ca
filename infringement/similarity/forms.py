"""Screening forms: the strings and keys the gate compares, built cheaply from raw texts.

A few microseconds a text, where `normalize.prepare` takes ten: the screen builds these forms
for every candidate and prepares in full only the candidates that reach the scorer. Folding
follows `prepare` (NFKC, case, accents, homoglyphs, digits inside words, traditional Hanzi,
the config's stop words); the forms only decide which pairs are scored, never a score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import numpy as np
from numpy.typing import NDArray

from infringement.similarity.config import MatchConfig
from infringement.similarity.crossscript import english_sound, pinyin_sound
from infringement.similarity.latin import singular, skeleton
from infringement.similarity.normalize import fold_table, simplify_table
from infringement.similarity.pinyin import fuzzy_syllable, pinyin_table

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_HAN}]+")
_DIGIT_WORD = re.compile(r"(?=.*[a-z].*[a-z])(?=.*[0-9])[a-z0-9]+")
_DIGIT_TO_LETTER = str.maketrans("01357", "olest")
# sound-alike letter classes of the Latin channel (align._SOUND): vowels in two groups, then
# c/k/q, s/z/x, d/t, b/p, m/n, l/r, f/v/w, g/j
_FOLD = str.maketrans("aoueiyckqszxdtbpmnlrfvwgj", "aaaeeekkksssttppnnllfffgg")
_REPEATS = re.compile(r"(.)\1+")
MAX_PIECES = 24  # words and word pairs of a long title compared one by one
PART_SIZES = (2, 3, 4)  # a Hanzi string is also compared in parts this long, at every position
MAX_PARTS = 48
READINGS = 2  # readings of a Hanzi that make a same-sound character (the Chinese channel's)
KINDS = (
    "letters", "pieces", "fold", "sound", "hanzi", "hanzi_parts", "hsound", "hsound_parts",
    "pinyin_sound",
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    """Hold one kind of string for a batch of marks; a mark may own several strings or none.

    `owners[i]` is the position (in the batch) of the mark that owns `strings[i]`.
    """

    strings: NDArray[np.object_]
    owners: NDArray[np.int64]
    lengths: NDArray[np.int64]


@dataclass(frozen=True)
class Forms:
    """Hold the screening forms of a batch of marks: columns of strings by kind, and keys.

    Kinds: `letters` (the Latin words run together, look-alike letters folded), `pieces`
    (each word and each pair of neighbouring words of a mark of several words), `fold` (letters
    with sound-alike letters folded), `sound` (English sound code), `hanzi` and `hanzi_parts`
    (its runs of 2–4 Hanzi), `hsound` (each Hanzi as its fuzzy syllable) and `hsound_parts`,
    `pinyin_sound` (the Hanzi's sound code, to compare with the Latin `sound`). `words`:
    per mark, the Latin words with look-alike letters folded; `keys`: per mark, exact keys
    (Metaphone `m:`, sorted letters `a:`, sorted Hanzi `h:`, each two neighbouring Hanzi `p:`
    and with one read by its sound `ql:`/`qs:`, translation group `t:`);
    `plain`: per mark of one Latin word, that word in the singular, else "".
    """

    size: int
    columns: dict[str, Column]
    words: list[tuple[str, ...]]
    keys: list[tuple[str, ...]]
    plain: list[str]


@dataclass(frozen=True, slots=True)
class _Tables:
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
def _tables(config: MatchConfig) -> _Tables:
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
    return _Tables(
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
    return _split(text, _tables(config))


def _split(text: str, tables: _Tables) -> tuple[list[str], str]:
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold().translate(tables.fold)
    tokens = [tok if tok.isalpha() else _digits(tok) for tok in _TOKEN.findall(text)]
    words = [tok for tok in tokens if tok < "\u0080" and tok not in tables.latin_stop]
    stop = tables.han_stop
    if stop is None:
        han = "".join(tok for tok in tokens if tok > "\u0080")
    else:  # per token, as `prepare` does: a stop word broken by another letter stays
        han = "".join(stop.sub("", tok) for tok in tokens if tok > "\u0080")
    if not words and not han:  # only stop words: keep them, as `prepare` does
        return [t for t in tokens if t < "\u0080"], "".join(t for t in tokens if t > "\u0080")
    return words, han


def _parts(text: str) -> list[str]:
    """Return the runs of 2, 3 and 4 Hanzi of a longer Hanzi string, at most MAX_PARTS."""
    size = len(text)
    parts = [text[i : i + n] for n in PART_SIZES if n < size for i in range(size - n + 1)]
    return parts[:MAX_PARTS]


def _latin_keys(plural_free: str) -> list[str]:
    """Return the Metaphone code (`m:`) and the sorted letters (`a:`) of the Latin words."""
    keys = []
    letters = plural_free if plural_free.isalpha() else "".join(filter(str.isalpha, plural_free))
    code = jellyfish.metaphone(letters) if len(letters) >= 3 else ""
    if len(code) >= 3:
        keys.append("m:" + code)
    if len(plural_free) >= 5:
        keys.append("a:" + "".join(sorted(plural_free)))
    return keys


def _pair_keys(han: str, tables: _Tables) -> list[str]:
    """Return keys of each two neighbouring Hanzi (at most MAX_PIECES pairs): the pair in code
    order (`p:`), and each Hanzi with a reading of the other in place (`ql:`; `qs:` too for a
    mark of two Hanzi), so that a pair with one Hanzi kept and the other of the same sound
    meets a mark of two Hanzi (华美 ~ 华梅)."""
    keys: list[str] = []
    add = keys.append
    tails, heads = tables.tails, tables.heads
    for x, y in zip(han[:MAX_PIECES], han[1 : MAX_PIECES + 1], strict=False):
        add("p:" + (x + y if x <= y else y + x))
        start = "ql:" + x
        for tail in tails.get(y, ()):
            add(start + tail)
        for head in heads.get(x, ()):
            add(head + y)
    if len(han) == 2:
        keys += ["qs:" + key[3:] for key in keys if key[1] == "l"]
    return keys


def _pieces(folded: tuple[str, ...]) -> list[str]:
    """Each word (of two letters or more) and each pair of neighbours, of a mark of several."""
    pairs = [a + b for a, b in zip(folded, folded[1:], strict=False)]
    return [w for w in folded if len(w) > 1][:MAX_PIECES] + pairs[:MAX_PIECES]


@dataclass(frozen=True)
class Aliases:
    """Hold the folded names of some translation groups (`names`: name → groups) and the first
    Latin word or first Hanzi of each name, where a search for them starts."""

    names: Mapping[str, frozenset[str]]
    latin_heads: frozenset[str]
    han_heads: frozenset[str]


NO_ALIASES = Aliases({}, frozenset(), frozenset())


def build_forms(texts: Sequence[str], config: MatchConfig, aliases: Aliases = NO_ALIASES) -> Forms:
    """Build the screening forms of `texts`; `aliases`: the translation groups worth finding
    (those of the watched marks, see `find_aliases`)."""
    tables = _tables(config)
    batch = _Batch()
    all_words: list[tuple[str, ...]] = []
    all_keys: list[tuple[str, ...]] = []
    all_plain: list[str] = []
    for position, text in enumerate(texts):
        words, han = _split(text, tables)
        keys: list[str] = []
        folded: tuple[str, ...] = ()
        plain = ""
        if words:
            folded = batch.add_latin(position, words)
            plural_free = "".join(map(singular, words))
            keys = _latin_keys(plural_free)
            if len(words) == 1:
                plain = plural_free
        if han:
            batch.add_han(position, han, tables)
            if len(han) > 1:
                keys.append("h:" + "".join(sorted(han)))  # the same Hanzi in another order
                keys.extend(_pair_keys(han, tables))
        if aliases.names:
            keys += ["t:" + g for g in _find_groups(words, han, aliases)]
        all_words.append(folded)
        all_keys.append(tuple(keys))
        all_plain.append(plain)
    return Forms(len(texts), batch.columns(), all_words, all_keys, all_plain)


class _Batch:
    """Collect the strings of each kind, with their owners, for a batch of marks."""

    def __init__(self) -> None:
        self.strings: dict[str, list[str]] = {kind: [] for kind in KINDS}
        self.owners: dict[str, list[int]] = {kind: [] for kind in KINDS}

    def add_latin(self, position: int, words: list[str]) -> tuple[str, ...]:
        """Add the Latin forms of one mark; return its words with look-alikes folded."""
        compact = "".join(words)
        look = skeleton(compact)
        strings = self.strings
        strings["letters"].append(look)
        strings["fold"].append(look.translate(_FOLD))
        strings["sound"].append(english_sound(compact))
        self.owners["letters"].append(position)  # `fold` and `sound` share these
        if len(words) == 1:
            return (look,)
        folded = tuple(map(skeleton, words))
        pieces = _pieces(folded)
        strings["pieces"].extend(pieces)
        self.owners["pieces"].extend([position] * len(pieces))
        return folded

    def add_han(self, position: int, han: str, tables: _Tables) -> None:
        """Add the Hanzi forms of one mark: the Hanzi, their sounds, their runs."""
        strings = self.strings
        symbols = han.translate(tables.symbols)
        strings["hanzi"].append(han)
        strings["hsound"].append(symbols)
        strings["pinyin_sound"].append(_REPEATS.sub(r"\1", han.translate(tables.sounds)))
        self.owners["hanzi"].append(position)  # `hsound` and `pinyin_sound` share these
        if len(han) > PART_SIZES[0]:
            parts = _parts(han)
            strings["hanzi_parts"].extend(parts)
            strings["hsound_parts"].extend(_parts(symbols))
            self.owners["hanzi_parts"].extend([position] * len(parts))  # and `hsound_parts`

    def columns(self) -> dict[str, Column]:
        """Return the columns collected, by kind."""
        owners = self.owners
        shared = {"fold": "letters", "sound": "letters", "hsound": "hanzi"}
        shared |= {"pinyin_sound": "hanzi", "hsound_parts": "hanzi_parts"}
        return {
            kind: Column(
                _objects(found),
                np.array(owners[shared.get(kind, kind)], dtype=np.int64),
                np.fromiter(map(len, found), dtype=np.int64, count=len(found)),
            )
            for kind, found in self.strings.items()
        }


def _objects(strings: list[str]) -> NDArray[np.object_]:
    out = np.empty(len(strings), dtype=object)
    out[:] = strings
    return out


def _find_groups(words: list[str], han: str, aliases: Aliases) -> set[str]:
    """Return the translation groups whose names the words or the Hanzi contain."""
    names = aliases.names
    found: set[str] = set()
    for i, word in enumerate(words):
        if word in aliases.latin_heads:
            for end in range(i + 1, min(len(words), i + 4) + 1):
                found |= names.get("".join(words[i:end]), frozenset())
    for start, ch in enumerate(han):
        if ch in aliases.han_heads:
            for end in range(start + 1, min(len(han), start + 8) + 1):
                found |= names.get(han[start:end], frozenset())
    return found


def find_aliases(config: MatchConfig, groups: set[str]) -> Aliases:
    """Gather the folded names of the translation `groups`, to look for them in candidates."""
    names: dict[str, set[str]] = {}
    latin: set[str] = set()
    han: set[str] = set()
    for group in groups:
        for name in config.translations.get(group, ()):
            tokens = fold_text(name)
            if tokens:
                names.setdefault("".join(tokens), set()).add(group)
                if tokens[0][0] < "\u0080":
                    latin.add(tokens[0])
                else:
                    han.add(tokens[0][0])
    frozen = {name: frozenset(found) for name, found in names.items()}
    return Aliases(frozen, frozenset(latin), frozenset(han))
