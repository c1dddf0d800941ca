"""Normalise a mark or listing title once, fast, into the forms every channel compares.

`prepare` folds Unicode (NFKC), case, accents, homoglyphs (Cyrillic/Greek look-alikes, digits
inside words) and traditional Hanzi, drops punctuation, removes stop words and shop phrases,
and looks up pinyin per character from tables built once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from infringement.similarity.config import MatchConfig
from infringement.similarity.marks import Prepared, is_han
from infringement.similarity.pinyin import pinyin_table

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
