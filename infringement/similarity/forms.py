"""Screening forms: the strings and keys the gate compares, built cheaply from raw texts.

A few microseconds a text, where `normalize.prepare` takes ten: the screen builds these forms
for every candidate and prepares in full only the candidates that reach the scorer. Folding
follows `prepare` (NFKC, case, accents, homoglyphs, digits inside words, traditional Hanzi,
the config's stop words); the forms only decide which pairs are scored, never a score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jellyfish
import numpy as np
from numpy.typing import NDArray

from infringement.similarity import folding
from infringement.similarity.config import MatchConfig
from infringement.similarity.latin import singular, skeleton

# sound-alike letter classes of the Latin channel (align._SOUND): vowels in two groups, then
# c/k/q, s/z/x, d/t, b/p, m/n, l/r, f/v/w, g/j
_FOLD = str.maketrans("aoueiyckqszxdtbpmnlrfvwgj", "aaaeeekkksssttppnnllfffgg")
MAX_PIECES = 24  # words and word pairs of a long title compared one by one
PART_SIZES = (2, 3, 4)  # a Hanzi string is also compared in parts this long, at every position
MAX_PARTS = 48
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


def _pair_keys(han: str, tables: folding.Tables) -> list[str]:
    """Return keys of each two neighbouring Hanzi (at most MAX_PIECES pairs): the pair in code
    order (`p:`), and each Hanzi with a reading of the other in place (`ql:`; `qs:` too for a
    mark of two Hanzi), so that a pair with one Hanzi kept and the other of the same sound
    meets a mark of two Hanzi (华美 ~ 华梅)."""
    pairs = list(zip(han[:MAX_PIECES], han[1 : MAX_PIECES + 1], strict=False))
    tails, heads = tables.tails, tables.heads
    keys = ["p:" + (x + y if x <= y else y + x) for x, y in pairs]
    same = [f"ql:{x}{tail}" for x, y in pairs for tail in tails.get(y, ())]
    same += [head + y for x, y in pairs for head in heads.get(x, ())]
    if len(han) == 2:
        keys += ["qs:" + key[3:] for key in same]
    return keys + same


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
    table = folding.tables(config)
    split = folding.split_batch(texts, table)
    latin = [(i, words) for i, (words, _) in enumerate(split) if words]
    han = [(i, h) for i, (_, h) in enumerate(split) if h]
    folded_words = _folded_words(latin)
    columns = {**_latin_columns(latin, folded_words), **_han_columns(han, table)}
    all_words: list[tuple[str, ...]] = [()] * len(split)
    for (position, _), folded in zip(latin, folded_words, strict=True):
        all_words[position] = folded
    all_keys: list[tuple[str, ...]] = []
    all_plain: list[str] = []
    for words, h in split:
        keys: list[str] = []
        plain = ""
        if words:
            plural_free = "".join(map(singular, words))
            keys = _latin_keys(plural_free)
            if len(words) == 1:
                plain = plural_free
        if len(h) > 1:
            keys.append("h:" + "".join(sorted(h)))  # the same Hanzi in another order
            keys.extend(_pair_keys(h, table))
        if aliases.names:
            keys += ["t:" + g for g in _find_groups(words, h, aliases)]
        all_keys.append(tuple(keys))
        all_plain.append(plain)
    return Forms(len(split), columns, all_words, all_keys, all_plain)


def _column(strings: list[str], owners: list[int]) -> Column:
    return Column(
        _objects(strings),
        np.array(owners, dtype=np.int64),
        np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)),
    )


def _batch_skeleton(strings: list[str]) -> list[str]:
    return skeleton(folding.SEP.join(strings)).split(folding.SEP) if strings else []


def _folded_words(latin: list[tuple[int, list[str]]]) -> list[tuple[str, ...]]:
    """Per mark, its Latin words with look-alike letters folded (a mark of one word: that
    word's compact skeleton, as in `letters`)."""
    flat = _batch_skeleton([w for _, words in latin for w in words])
    out = []
    at = 0
    for _, words in latin:
        out.append(tuple(flat[at : at + len(words)]))
        at += len(words)
    return out


def _latin_columns(
    latin: list[tuple[int, list[str]]], folded_words: list[tuple[str, ...]]
) -> dict[str, Column]:
    """The Latin kinds: `letters`, `fold`, `sound` (one each per mark) and `pieces`."""
    owners = [i for i, _ in latin]
    compact = ["".join(words) for _, words in latin]
    look = _batch_skeleton(compact)
    fold = folding.SEP.join(look).translate(_FOLD).split(folding.SEP) if look else []
    pieces: list[str] = []
    piece_owners: list[int] = []
    for (position, words), folded in zip(latin, folded_words, strict=True):
        if len(words) > 1:
            found = _pieces(folded)
            pieces.extend(found)
            piece_owners.extend([position] * len(found))
    return {
        "letters": _column(look, owners),
        "fold": _column(fold, owners),
        "sound": _column(folding.english_sounds(compact), owners),
        "pieces": _column(pieces, piece_owners),
    }


def _han_columns(han: list[tuple[int, str]], table: folding.Tables) -> dict[str, Column]:
    """The Hanzi kinds: `hanzi`, `hsound`, `pinyin_sound` (one each per mark) and the runs of
    longer strings, `hanzi_parts` and `hsound_parts`."""
    owners = [i for i, _ in han]
    strings = [h for _, h in han]
    symbols, sounds = folding.hanzi_sounds(strings, table)
    parts: list[str] = []
    sound_parts: list[str] = []
    part_owners: list[int] = []
    for (position, h), code in zip(han, symbols, strict=True):
        if len(h) > PART_SIZES[0]:
            found = _parts(h)
            parts.extend(found)
            sound_parts.extend(_parts(code))
            part_owners.extend([position] * len(found))
    return {
        "hanzi": _column(strings, owners),
        "hsound": _column(symbols, owners),
        "pinyin_sound": _column(sounds, owners),
        "hanzi_parts": _column(parts, part_owners),
        "hsound_parts": _column(sound_parts, part_owners),
    }


def _objects(strings: list[str]) -> NDArray[np.object_]:
    out = np.empty(len(strings), dtype=object)
    out[:] = strings
    return out


def _find_groups(words: list[str], han: str, aliases: Aliases) -> set[str]:
    """Return the translation groups whose names the words or the Hanzi contain."""
    names = aliases.names
    found: set[str] = set()
    if aliases.latin_heads.isdisjoint(words) and aliases.han_heads.isdisjoint(han):
        return found
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
            tokens = folding.fold_text(name)
            if tokens:
                names.setdefault("".join(tokens), set()).add(group)
                if tokens[0][0] < "\u0080":
                    latin.add(tokens[0])
                else:
                    han.add(tokens[0][0])
    frozen = {name: frozenset(found) for name, found in names.items()}
    return Aliases(frozen, frozenset(latin), frozenset(han))
