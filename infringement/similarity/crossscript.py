"""Cross-script channel: Hanzi against Latin by pinyin, by sound and by translation, with reasons.

By pinyin (雨森 ~ YUSEN), by sound (诺基亚 ~ NOKIA, 西门子 ~ SIEMENS) and through the brand
translation table (苹果 ~ APPLE).

Sound is compared on a coarse code both spellings are reduced to: English spelling rules on
one side, pinyin initials and finals on the other, vowels cheap to change, consonants grouped
into classes that Chinese transliteration merges (j/q/zh/ch, x/s/z/c, l/r, b/p, d/t, g/k).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from infringement.similarity.align import align, weighted_distance
from infringement.similarity.config import MatchConfig
from infringement.similarity.marks import Channel, Prepared
from infringement.similarity.pinyin import split_syllable

_INITIAL_SOUND = {"b": "p", "d": "t", "g": "k", "q": "j", "x": "s", "zh": "j", "ch": "j"}
_INITIAL_SOUND |= {"sh": "s", "r": "l", "z": "s", "c": "s", "y": "i", "w": "u"}
_FINAL_SOUND = {"uo": "o", "ang": "an", "eng": "en", "ong": "on", "iang": "ian", "ing": "in"}
_FINAL_SOUND |= {"iong": "ion", "uang": "uan", "er": "e", "v": "u", "ve": "ue", "ui": "uei"}
_BUZZ = frozenset({"z", "c", "s", "zh", "ch", "sh", "r"})
_ENGLISH = (
    ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("gh", ""), ("th", "t"), ("sch", "s"),
    ("sh", "s"), ("ch", "j"), ("tz", "s"), ("ts", "s"), ("dg", "j"),
)  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_RHOTIC = re.compile(r"(?<=[aeiou])r(?=[^aeiou]|$)")
_CLASSES = str.maketrans("cqbdgvwyzrx", "kkptkfuisls")
_VOWELS = frozenset("aeiou")
_NEAR = {("j", "k"), ("j", "s"), ("h", "f"), ("l", "n"), ("m", "n"), ("p", "f"), ("s", "t")}
MAX_SPELLINGS = 16


@lru_cache(maxsize=65_536)
def english_sound(word: str) -> str:
    """Reduce a Latin spelling to the coarse sound code (`siemens` → `simens`)."""
    w = word.lower()
    for a, b in _ENGLISH:
        w = w.replace(a, b)
    w = _RHOTIC.sub("", _SOFT_C.sub("s", w))
    return _squeeze(w.translate(_CLASSES))


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


def spellings(p: Prepared) -> list[tuple[str, ...]]:
    """Return up to 16 pinyin readings of the whole Hanzi string, most common first."""
    combos = itertools.islice(itertools.product(*p.pinyin), MAX_SPELLINGS)
    return list(combos) if p.pinyin else []


def compare_pinyin(h: Prepared, latin: Prepared) -> Channel:
    """Score a Hanzi mark against a Latin mark written in pinyin (0–100, a bit below identity)."""
    target = latin.compact
    if not h.han or len(target) < 2:
        return Channel(0.0, ())
    best = Channel(0.0, ())
    for reading in spellings(h):
        joined = "".join(reading)
        if joined == target:
            return Channel(90.0, (f"pinyin of {h.han} is {'-'.join(reading)} = {target.upper()}",))
        longest = max(len(joined), len(target))
        if abs(len(joined) - len(target)) > 3:
            continue
        dist, _ = weighted_distance(joined, target)
        score = 100.0 * (1.0 - dist / longest) - 6.0
        if score > best.score:
            reason = f"pinyin of {h.han} {'-'.join(reading)} ~ {target.upper()}"
            best = Channel(score, (reason,))
    return best


def compare_sound(h: Prepared, latin: Prepared) -> Channel:
    """Score a Chinese transliteration by sound against a Latin mark (诺基亚 ~ NOKIA), 0–100."""
    target = english_sound(latin.compact)
    if not h.han or len(target) < 3 or len(h.han) < 2:
        return Channel(0.0, ())
    best = Channel(0.0, ())
    # Fewer than three consonants leave the vowels, which transliteration bends, to decide.
    weak = 6.0 if sum(1 for c in target if c not in _VOWELS) < 3 else 0.0
    for reading in spellings(h)[:4]:
        code = _squeeze("".join(pinyin_sound(s) for s in reading))
        longest = max(len(code), len(target))
        if abs(len(code) - len(target)) > 3:
            continue
        _, dist = align(code, target, _sound_cost, _sound_indel)
        score = 100.0 * (1.0 - dist / longest) - 12.0 - weak
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
            for found in (compare_pinyin(h, latin), compare_sound(h, latin)):
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
