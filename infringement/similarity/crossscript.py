"""Cross-script channel: Hanzi against Latin by pinyin, by sound and by translation, with reasons.

By pinyin (雨森 ~ YUSEN), by sound (诺基亚 ~ NOKIA, 西门子 ~ SIEMENS) and through the brand
translation table (苹果 ~ APPLE).

Sound is compared on a coarse code both spellings are reduced to: English spelling rules on
one side, pinyin initials and finals on the other, vowels cheap to change, consonants grouped
into classes that Chinese transliteration merges (j/q/zh/ch, x/s/z/c, l/r, b/p, d/t, g/k).
A transliteration keeps the shape of the word, so a match by sound also needs as many Hanzi
as the word has syllables (transliteration adds syllables for clusters, it seldom drops one)
and the same first syllable, where the stress of most brand names falls (诺 ~ NO-kia); short
Hanzi marks "sounding like" a longer word stay well below the threshold. Only the two most
common readings of each Hanzi are tried, and a pinyin mark is one that splits into as many
pinyin syllables as the Hanzi mark has: by pinyin alone it ranks below a same-sound Hanzi mark.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from infringement.similarity.align import align, weighted_distance
from infringement.similarity.config import MatchConfig
from infringement.similarity.marks import Channel, Prepared
from infringement.similarity.pinyin import pinyin_table, split_syllable

_INITIAL_SOUND = {"b": "p", "d": "t", "g": "k", "q": "j", "x": "s", "zh": "j", "ch": "j"}
_INITIAL_SOUND |= {"sh": "s", "r": "l", "z": "s", "c": "s", "y": "i", "w": "u"}
_FINAL_SOUND = {"uo": "o", "ang": "an", "eng": "en", "ong": "on", "iang": "ian", "ing": "in"}
_FINAL_SOUND |= {"iong": "ion", "uang": "uan", "er": "e", "v": "u", "ve": "ue", "ui": "uei"}
_BUZZ = frozenset({"z", "c", "s", "zh", "ch", "sh", "r"})
ENGLISH_SPELLINGS = (
    ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("gh", ""), ("th", "t"), ("sch", "s"),
    ("sh", "s"), ("ch", "j"), ("tz", "s"), ("ts", "s"), ("dg", "j"),
)  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_RHOTIC = re.compile(r"(?<=[aeiou])r(?=[^aeiou]|$)")
_CLASSES = str.maketrans("cqbdgvwyzrx", "kkptkfuisls")
_VOWELS = frozenset("aeiou")
_NEAR = {("j", "k"), ("j", "s"), ("h", "f"), ("l", "n"), ("m", "n"), ("p", "f"), ("s", "t")}
_FIRST_NEAR = {("h", "s"), ("h", "k")}  # a first H is written 喜 (xi) or 凯/卡 (k) too
MAX_SPELLINGS = 16
PINYIN_EXACT = 76.0
"""A Latin mark spelling the pinyin of a Hanzi mark (雨森 ~ YUSEN): an alert, ranked below a
same-sound Hanzi imitation (77.5 for two characters, see `chinese`) and far below the Hanzi."""
COMMON_READINGS = 2
"""Readings tried per Hanzi for near spellings; transliterations use a Hanzi's first reading."""
NOT_A_TRANSLITERATION = 45.0
"""Cap on a sound match whose first syllable or syllable count disagrees (below any alert)."""
MISSING_SYLLABLE = 12.0
"""Deducted for each syllable of the Latin word the Hanzi mark is short of."""
_LATIN_VOWELS = re.compile(r"[aeiou]+|(?<=[^aeiou])y")
_SILENT_E = re.compile(r"(?<=[^aeiouy])e$")


@lru_cache(maxsize=65_536)
def english_sound(word: str) -> str:
    """Reduce a Latin spelling to the coarse sound code (`siemens` → `simens`)."""
    w = word.lower()
    for a, b in ENGLISH_SPELLINGS:
        w = w.replace(a, b)
    return _squeeze(sound_classes(w))


def sound_classes(spelled: str) -> str:
    """Apply the soft C, the silent R after a vowel and the consonant classes to a spelling
    whose letter groups (ENGLISH_SPELLINGS) are already replaced."""
    return _RHOTIC.sub("", _SOFT_C.sub("s", spelled)).translate(_CLASSES)


@lru_cache(maxsize=65536)
def pinyin_sound(syllable: str) -> str:
    """Reduce one pinyin syllable to the same sound code (`xi` → `si`, `zi` → `s`)."""
    initial, final = split_syllable(syllable)
    if initial in _BUZZ and final == "i":
        return _INITIAL_SOUND.get(initial, initial)
    if initial in ("j", "q", "x", "y") and final.startswith("u"):
        final = "v" + final[1:]
    return _INITIAL_SOUND.get(initial, initial) + _FINAL_SOUND.get(final, final)


def _squeeze(code: str) -> str:
    out: list[str] = []
    for ch in code:
        if ch.isalpha() and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def _sound_cost(x: str, y: str) -> float:
    if x in _VOWELS and y in _VOWELS:
        return 0.3
    return 0.5 if (x, y) in _NEAR or (y, x) in _NEAR else 1.0


def _sound_indel(ch: str) -> float:
    return 0.35 if ch in _VOWELS else 0.8 if ch in "hln" else 1.0


def spellings(p: Prepared, readings: int = 0) -> list[tuple[str, ...]]:
    """Return up to 16 pinyin readings of the whole Hanzi string, most common first, from the
    first `readings` readings of each Hanzi (0: every reading)."""
    if not p.pinyin:
        return []
    per_char = [r[:readings] for r in p.pinyin] if readings else p.pinyin
    return list(itertools.islice(itertools.product(*per_char), MAX_SPELLINGS))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    return frozenset(r for readings in pinyin_table().values() for r in readings)


@lru_cache(maxsize=8192)
def pinyin_syllable_count(word: str) -> int:
    """Return how many pinyin syllables `word` splits into (fewest), or 0 if it does not."""
    valid = _syllables()
    best = [0] + [-1] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            found = best[start] >= 0 and word[start:end] in valid
            if found and (best[end] < 0 or best[start] + 1 < best[end]):
                best[end] = best[start] + 1
    return max(0, best[-1])


def compare_pinyin(h: Prepared, latin: Prepared) -> Channel:
    """Score a Hanzi mark against a Latin mark written in its pinyin (0–100; 76 when exact).

    A near spelling counts only when the Latin word splits into as many pinyin syllables as
    the mark has Hanzi (雨森 ~ YUSENG); other near spellings are left to `compare_sound`.
    """
    target = latin.compact
    if not h.han or len(target) < 2:
        return Channel(0.0, ())
    for reading in spellings(h):
        if "".join(reading) == target:
            reason = f"pinyin of {h.han} is {'-'.join(reading)} = {target.upper()}"
            return Channel(PINYIN_EXACT, (reason,))
    if pinyin_syllable_count(target) != len(h.han):
        return Channel(0.0, ())
    best = Channel(0.0, ())
    for reading in spellings(h, COMMON_READINGS):
        joined = "".join(reading)
        longest = max(len(joined), len(target))
        if abs(len(joined) - len(target)) > 3:
            continue
        dist, _ = weighted_distance(joined, target)
        score = min(PINYIN_EXACT - 4.0, 100.0 * (1.0 - dist / longest) - 10.0)
        if score > best.score:
            reason = f"pinyin of {h.han} {'-'.join(reading)} ~ {target.upper()}"
            best = Channel(score, (reason,))
    return best


def latin_syllables(word: str) -> tuple[int, int]:
    """Return the fewest and most syllables a Latin word is read with (final silent e or not)."""
    groups = len(_LATIN_VOWELS.findall(word))
    silent = 1 if groups > 1 and _SILENT_E.search(word) else 0
    return max(1, groups - silent), max(1, groups)


def _first_syllable(code: str) -> tuple[str, str]:
    """Split a sound code's first syllable into (leading consonants, first vowels)."""
    lead = 0
    while lead < len(code) and code[lead] not in _VOWELS:
        lead += 1
    end = lead
    while end < len(code) and code[end] in _VOWELS:
        end += 1
    return code[:lead], code[lead:end]


def _same_start(han_code: str, latin_code: str) -> bool:
    """Tell whether two sound codes share their first syllable: the first consonant (or a
    near one) and a vowel, pinyin e standing for a Latin o too (可 ~ CO)."""
    ci, vi = _first_syllable(han_code)
    cl, vl = _first_syllable(latin_code)
    pair = (ci[:1], cl[:1])
    if pair[0] != pair[1] and pair not in _NEAR and pair[::-1] not in _NEAR | _FIRST_NEAR:
        return False
    return not vi or not vl or bool(set(vi.replace("e", "eo")) & set(vl))


def compare_sound(h: Prepared, latin: Prepared) -> Channel:
    """Score a Chinese transliteration by sound against a Latin mark (诺基亚 ~ NOKIA), 0–100."""
    target = english_sound(latin.compact)
    if not h.han or len(target) < 3 or len(h.han) < 2:
        return Channel(0.0, ())
    best = Channel(0.0, ())
    # Fewer than three consonants leave the vowels, which transliteration bends, to decide.
    weak = 6.0 if sum(1 for c in target if c not in _VOWELS) < 3 else 0.0
    fewest, _ = latin_syllables(latin.compact)
    short = MISSING_SYLLABLE * max(0, fewest - len(h.han))
    for reading in spellings(h, 1)[:1]:
        code = _squeeze("".join(pinyin_sound(s) for s in reading))
        longest = max(len(code), len(target))
        if abs(len(code) - len(target)) > 3:
            continue
        _, dist = align(code, target, _sound_cost, _sound_indel)
        score = 100.0 * (1.0 - dist / longest) - 12.0 - weak - short
        if not _same_start(code, target):
            score = min(score, NOT_A_TRANSLITERATION)
        if score > best.score:
            reason = f"{h.han} sounds like {latin.latin.upper()} ({'-'.join(reading)})"
            best = Channel(score, (reason,))
    return best


def compare_translation(a: Prepared, b: Prepared, config: MatchConfig) -> Channel:
    """Score marks naming one brand in two languages via the translation table (0–100)."""
    shared = a.aliases & b.aliases
    if not shared:
        return Channel(0.0, ())
    group = min(shared)
    names = sorted(config.translations.get(group, frozenset()), key=len, reverse=True)
    name_a = next((n for n in names if n.replace(" ", "") in a.core.replace(" ", "")), group)
    name_b = next((n for n in names if n.replace(" ", "") in b.core.replace(" ", "")), group)
    if name_a == name_b:
        return Channel(0.0, ())
    whole = a.core.replace(" ", "") == name_a.replace(" ", "")
    whole = whole and b.core.replace(" ", "") == name_b.replace(" ", "")
    score = 90.0 if whole else 84.0
    return Channel(score, (f"translation {name_a.upper()} ~ {name_b.upper()}",))


def compare_scripts(a: Prepared, b: Prepared, config: MatchConfig) -> Channel:
    """Score the best cross-script match between two marks (pinyin, sound, translation)."""
    best = compare_translation(a, b, config)
    for h, latin in ((a, b), (b, a)):
        if h.han and latin.compact and not latin.han:
            by_pinyin = compare_pinyin(h, latin)
            by_sound = compare_sound(h, latin)
            if pinyin_syllable_count(latin.compact) == len(h.han):
                # A word that reads as pinyin of the mark's length is a pinyin mark: weaker.
                by_sound = by_sound._replace(score=min(by_sound.score, PINYIN_EXACT - 1.0))
            for found in (by_pinyin, by_sound):
                if found.score > best.score:
                    best = found
    return best


def sound_key(p: Prepared) -> str:
    """Return the first three consonant classes of the mark's sound (a blocking key)."""
    if p.han:
        code = "".join(pinyin_sound(r[0]) for r in p.pinyin[:4])
    else:
        code = english_sound(p.compact[:12])
    consonants = [c for c in _squeeze(code) if c not in _VOWELS]
    return "".join(consonants[:3]).replace("j", "k")
