"""Normalise a mark or listing title once, fast, into the forms every channel compares.

`prepare` folds Unicode (NFKC), case, accents, homoglyphs (Cyrillic/Greek look-alikes, digits
inside words) and traditional Hanzi, drops punctuation, removes stop words and shop phrases,
and looks up pinyin per character from tables built once; `blocking_keys` gives the cheap keys
the watch index groups candidates by.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from infringement.chinese import fuzzy_syllable, pinyin_table
from infringement.config import DEFAULT_THRESHOLD, MatchConfig, load_config
from infringement.crossscript import sound_key
from infringement.text import phonetic_keys, singular, skeleton

__all__ = [
    "DEFAULT_THRESHOLD",
    "MatchConfig",
    "Prepared",
    "blocking_keys",
    "is_han",
    "load_config",
    "prepare",
]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_HAN}]+|[^\W\d_a-z{_HAN}]+")
_DIGIT_WORD = re.compile(r"(?=.*[a-z].*[a-z])(?=.*[0-9])[a-z0-9]+")
_DIGIT_TO_LETTER = str.maketrans("01357", "olest")
# Upper-case look-alikes decide the mapping: marks are mostly written in capitals.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "і": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d", "һ": "h",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "n",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x", "ω": "w", "γ": "y",
}  # fmt: skip
_SPECIAL = {"æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i", "ð": "d"}


def is_han(ch: str) -> bool:
    """Tell whether one character is a CJK unified ideograph (a Hanzi)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Hold the normalised forms of one mark or title; build it with `prepare`.

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


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Map accented Latin, Cyrillic and Greek look-alikes to plain lower-case Latin letters."""
    table = {ord(k): v for k, v in _HOMOGLYPHS.items() if k != v}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    table.update({ord(k): v for k, v in _SPECIAL.items()})
    return table


@lru_cache(maxsize=1)
def simplify_table() -> dict[int, str]:
    """Map traditional (and Japanese variant) Hanzi to simplified ones, from OpenCC's tables."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    table: dict[int, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        trad, _, simple = line.partition("\t")
        if len(trad) == 1 and simple:
            table[ord(trad)] = simple.split()[0]
    for line in (folder / "JPVariants.txt").read_text(encoding="utf-8").splitlines():
        trad, _, variants = line.partition("\t")
        for variant in variants.split():
            if len(variant) == 1 and variant != trad and ord(variant) not in table:
                table[ord(variant)] = table.get(ord(trad), trad)
    return table


@dataclass(frozen=True, slots=True)
class _Derived:
    latin_stop: frozenset[str]
    han_stop: re.Pattern[str] | None
    aliases: dict[str, frozenset[str]]
    alias_heads: frozenset[str]
    shape_keys: dict[str, tuple[str, ...]]


def _fold_tokens(text: str) -> tuple[list[str], bool]:
    """Fold `text` into tokens; say whether traditional Hanzi were simplified."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).casefold().translate(fold_table())
        simple = text.translate(simplify_table())
        traditional, text = simple != text, simple
    else:
        text, traditional = text.lower(), False
    tokens = _TOKEN.findall(text)
    for i, tok in enumerate(tokens):
        if tok[0] < "\u0080" and not tok.isalpha() and _DIGIT_WORD.fullmatch(tok):
            tokens[i] = tok.translate(_DIGIT_TO_LETTER)
    return tokens, traditional


@lru_cache(maxsize=16)
def _derived(config: MatchConfig) -> _Derived:
    latin: set[str] = set()
    han: set[str] = set()
    for word in config.stop_words:
        for tok in _fold_tokens(word)[0]:
            (han if is_han(tok[0]) else latin).add(tok)
    pattern = "|".join(re.escape(w) for w in sorted(han, key=len, reverse=True))
    aliases: dict[str, set[str]] = {}
    heads: set[str] = set()
    for group, names in config.translations.items():
        for name in names:
            tokens = _fold_tokens(name)[0]
            if tokens:
                aliases.setdefault("".join(tokens), set()).add(group)
                heads.add(tokens[0][0] if is_han(tokens[0][0]) else tokens[0])
    shapes = {
        ch: tuple(sorted(n for n, sim in near.items() if sim >= 0.5))
        for ch, near in config.shape_similar.items()
    }
    return _Derived(
        latin_stop=frozenset(latin),
        han_stop=re.compile(pattern) if pattern else None,
        aliases={k: frozenset(v) for k, v in aliases.items()},
        alias_heads=frozenset(heads),
        shape_keys=shapes,
    )


def _remove_stop_words(tokens: list[str], derived: _Derived) -> tuple[list[str], list[str]]:
    kept: list[str] = []
    removed: list[str] = []
    for tok in tokens:
        if tok in derived.latin_stop:
            removed.append(tok)
        elif derived.han_stop is not None and is_han(tok[0]):
            rest = derived.han_stop.sub(" ", tok)
            if rest != tok:
                removed.extend(derived.han_stop.findall(tok))
                kept.extend(rest.split())
            else:
                kept.append(tok)
        else:
            kept.append(tok)
    if not kept:
        return tokens, []
    return kept, removed


def _find_aliases(tokens: list[str], derived: _Derived) -> frozenset[str]:
    index = derived.aliases
    if not index:
        return frozenset()
    heads = derived.alias_heads
    found: set[str] = set()
    for i, tok in enumerate(tokens):
        if is_han(tok[0]):
            n = len(tok)
            for start in range(n):
                if tok[start] not in heads:
                    continue
                for end in range(start + 1, min(n, start + 8) + 1):
                    hit = index.get(tok[start:end])
                    if hit:
                        found |= hit
        elif tok in heads:
            for end in range(i + 1, min(len(tokens), i + 4) + 1):
                hit = index.get("".join(tokens[i:end]))
                if hit:
                    found |= hit
    return frozenset(found)


def _shape_pairs(han: str, shapes: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Unordered pairs of the first two Hanzi with one swapped for a look-alike."""
    first, second = han[0], han[1]
    pairs = [x + second if x <= second else second + x for x in shapes.get(first, ())]
    pairs += [first + y if first <= y else y + first for y in shapes.get(second, ())]
    return tuple(pairs)


def prepare(text: str, config: MatchConfig) -> Prepared:
    """Normalise one mark or listing title for matching (a few microseconds per short mark)."""
    tokens, traditional = _fold_tokens(text)
    derived = _derived(config)
    core_tokens, removed = _remove_stop_words(tokens, derived)
    han = "".join(t for t in core_tokens if is_han(t[0]))
    latin_tokens = [t for t in core_tokens if t[0] < "\u0080"]
    latin = " ".join(latin_tokens)
    table = pinyin_table()
    shape_keys = _shape_pairs(han, derived.shape_keys) if len(han) >= 2 else ()
    return Prepared(
        text=text,
        folded=" ".join(tokens),
        core=" ".join(core_tokens),
        tokens=tuple(core_tokens),
        han=han,
        pinyin=tuple(table.get(ch, (ch,)) for ch in han),
        latin=latin,
        compact=latin.replace(" ", ""),
        removed=tuple(removed),
        traditional=traditional,
        aliases=_find_aliases(core_tokens, derived),
        shape_keys=shape_keys,
    )


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


@lru_cache(maxsize=262_144)
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
