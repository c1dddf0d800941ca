"""Latin channel: compare the Latin words of two marks by letters, look and sound, with reasons.

The weighted Damerau edit distance of `align` (transpositions, look-alike and sound-alike letters
cost less, the first letter more), look-alike skeletons, phonetic keys (Metaphone, NYSIIS via
jellyfish), word order, plurals, and containment of a mark inside a long listing title (whole
words, word prefixes, fuzzy token windows and partial alignment).
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA

from infringement.similarity.align import Op, weighted_distance
from infringement.similarity.marks import Channel, Prepared


def skeleton(text: str) -> str:
    """Fold look-alike letter groups (rn→m, vv→w, cl→d, 1/i/l→l, 0→o) for visual comparison."""
    return text.replace("rn", "m").replace("vv", "w").replace("cl", "d").translate(_SKELETON)


_SKELETON = str.maketrans({"1": "l", "i": "l", "j": "l", "0": "o", "5": "s", "|": "l"})


@lru_cache(maxsize=65_536)
def phonetic_keys(word: str) -> tuple[str, str]:
    """Return (Metaphone, NYSIIS) of a compact Latin word (letters only; empty if none)."""
    letters = "".join(c for c in word if c.isalpha())
    if not letters:
        return "", ""
    return jellyfish.metaphone(letters), jellyfish.nysiis(letters)


def singular(token: str) -> str:
    """Strip a plural `s` (`newports` → `newport`) from words of four letters or more."""
    if len(token) >= 4 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def quick_ratio(a: str, b: str) -> float:
    """Return the plain OSA similarity 0–1 (C speed) to skip hopeless pairs."""
    return OSA.normalized_similarity(a, b)


def _plural_free(text: str) -> str:
    return "".join(singular(t) for t in text.split())


def _describe(ops: list[Op]) -> tuple[str, ...]:
    changes = [op for op in ops if op[0] != "same"]
    if not changes or len(changes) > 3:
        return ()
    words = []
    for kind, _, x, y, cost in changes:
        if kind == "sub":
            what = "look-alike" if cost <= 0.25 else "sound-alike" if cost <= 0.45 else "letter"
            words.append(f"{what} {x}→{y}")
        elif kind == "swap":
            words.append(f"letters swapped {x}→{y}")
        elif kind == "ins":
            words.append(f"letter added {y}")
        else:
            words.append(f"letter dropped {x}")
    return ("; ".join(words),)


def compare_words(la: str, lb: str) -> Channel:
    """Score two Latin marks as wholes 0–100 (letters, look, sound, order, plurals)."""
    ca, cb = la.replace(" ", ""), lb.replace(" ", "")
    if ca == cb:
        return Channel(100.0, (f"same letters {la.upper()}",))
    if sorted(la.split()) == sorted(lb.split()):
        return Channel(92.0, (f"same words in another order {la.upper()} ~ {lb.upper()}",))
    pa, pb = _plural_free(la), _plural_free(lb)
    if pa == pb:
        return Channel(95.0, (f"singular/plural {la.upper()} ~ {lb.upper()}",))
    if skeleton(ca) == skeleton(cb):
        return Channel(95.0, (f"look-alike letters {la.upper()} ~ {lb.upper()}",))
    quick = quick_ratio(pa, pb)
    longest = max(len(pa), len(pb))
    if quick < 0.34 or longest > 40:
        return Channel(60.0 * quick, ())
    dist, ops = weighted_distance(pa, pb)
    score = 100.0 * (1.0 - dist / longest)
    reasons = _describe(ops)
    if longest <= 3:
        score -= 5.0
    elif _common_prefix(pa, pb) >= 3:
        score += 4.0
    if longest >= 5 and sorted(pa) == sorted(pb) and score < 82.0:
        score, reasons = 82.0, (f"same letters re-ordered {la.upper()} ~ {lb.upper()}",)
    keys_a, keys_b = phonetic_keys(pa), phonetic_keys(pb)
    if keys_a == keys_b and len(keys_a[0]) >= 3 and score < 84.0:
        score, reasons = 84.0, (f"sound alike {la.upper()} ~ {lb.upper()} ({keys_a[0]})",)
    if reasons and score >= 60.0:
        reasons = (
            (f"{la.upper()} ~ {lb.upper()}: {reasons[0]}",) if "~" not in reasons[0] else reasons
        )
    return Channel(max(0.0, min(99.0, score)), reasons)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def contained_latin(short: Prepared, long_: Prepared) -> Channel:
    """Score a short mark found inside a longer mark or listing title 0–100 with reasons."""
    mark, tokens = short.compact, long_.latin.split()
    if len(mark) < 3 or len(long_.compact) <= len(mark):
        return Channel(0.0, ())
    removed = f" after removing {', '.join(dict.fromkeys(long_.removed))}" if long_.removed else ""
    label = short.latin.upper()
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, len(tokens)):
            joined += tokens[end]
            if joined == mark:
                score = 80.0 + min(8.0, 2.0 * (len(mark) - 3))
                return Channel(score, (f"contains the mark {label}{removed}",))
            if len(joined) >= len(mark):
                if joined.startswith(mark) and len(mark) >= 4:
                    return Channel(78.0, (f"{label} begins the word {joined.upper()}{removed}",))
                break
    if len(mark) >= 5 and mark in long_.compact:
        return Channel(74.0, (f"contains {label} inside {long_.latin.upper()}",))
    return _fuzzy_window(short, tokens, removed)


def _fuzzy_window(short: Prepared, tokens: list[str], removed: str) -> Channel:
    best = Channel(0.0, ())
    size = len(short.latin.split())
    for k in {max(1, size - 1), size, size + 1}:
        for start in range(0, len(tokens) - k + 1):
            window = " ".join(tokens[start : start + k])
            if quick_ratio(short.compact, window.replace(" ", "")) < 0.5:
                continue
            found = compare_words(short.latin, window)
            penalty = (
                4.0 + 2.0 * min(4, len(tokens) - k) + (4.0 if len(short.compact) <= 4 else 0.0)
            )
            if found.score - penalty > best.score:
                reasons = (f"contains {window.upper()}, like the mark{removed}", *found.reasons)
                best = Channel(found.score - penalty, reasons)
    if len(short.compact) >= 5:
        for token in tokens:
            head = token[: len(short.compact) + 1]
            if len(token) > len(short.compact) and quick_ratio(short.compact, head) >= 0.7:
                dist, _ = weighted_distance(short.compact, head)
                score = 100.0 * (1.0 - dist / len(head)) - 6.0
                if score > best.score:
                    label = short.latin.upper()
                    best = Channel(score, (f"{token.upper()} begins like {label}",))
    return best


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def compare_latin(a: Prepared, b: Prepared) -> Channel:
    """Score the Latin words of two marks 0–100 with reasons (whole mark or contained)."""
    if not a.compact or not b.compact:
        return Channel(0.0, ())
    if (a.han and not _has_letters(a.compact)) or (b.han and not _has_letters(b.compact)):
        return Channel(0.0, ())  # digits beside Hanzi are quantities or models, not the mark
    whole = compare_words(a.latin, b.latin)
    short, long_ = (a, b) if len(a.compact) <= len(b.compact) else (b, a)
    inside = contained_latin(short, long_)
    return inside if inside.score > whole.score else whole
