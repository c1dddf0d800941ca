"""Chinese channel: compare the Hanzi of two marks by shape, sound and order, with reasons.

Sound comes from `pinyin` (every reading of each Hanzi, fuzzy initials and finals); shape from
the look-alike table in the config, else from the components of the two glyphs (`glyphs`);
edits are weighted by both and worded for a lawyer. A watch ranks, it does not examine: a
same-sound character (华梅 for 华美) costs little enough to alert on a two-character mark, ranked
below a character that is alike in both shape and sound.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from infringement.similarity.align import Op, align
from infringement.similarity.glyphs import glyph_similarity
from infringement.similarity.marks import Channel, Prepared
from infringement.similarity.pinyin import pinyin_table, reading_similarity

SHAPE_SIMILAR = 0.5
"""Shape similarity (0–1) from which two Hanzi count as look-alikes."""
SHAPE_WITH_SOUND = 0.4
"""The lower shape similarity that suffices when the sound agrees too (历 for 力): two cues."""
GLYPH_LOOKALIKE = 0.55
"""Glyph similarity (`glyphs.glyph_similarity`) that counts as the table's SHAPE_SIMILAR: reached
by 0.07% of random pairs of common Hanzi, 74% of held-out look-alike pairs (README)."""
COMMON_READINGS = 2
"""A same-sound character costs SAME_SOUND_COST only through one of the first two readings of
each (大 read tài, as in 大华 ~ 台华, is too rare a reading to alert on); else the old 0.65."""
SAME_SOUND_COST = 0.45
"""Cost of a same-pinyin character: one in a two-character mark scores 77.5 at any position
(the first-character penalty applies above 0.5), 73.5 inside a title; two score 55."""


KNOWN_PAIRS = 1 << 18
"""Hanzi pairs whose cost a HanziCost keeps (marks reuse a few thousand characters)."""


class HanziCost:
    """Give substitution costs (0–1) between Hanzi from shape and sound.

    `shapes` is the look-alike table (similarity 0–1 per pair); it overrides `glyphs`, the
    general glyph similarity used for pairs it does not list (a row with a low similarity
    corrects a false look-alike).
    """

    def __init__(
        self,
        shapes: Mapping[str, Mapping[str, float]],
        glyphs: Callable[[str, str], float] = glyph_similarity,
    ) -> None:
        self.shapes = shapes
        self.glyphs = glyphs
        self.readings = pinyin_table()
        self._kinds: dict[tuple[str, str], tuple[float, str]] = {}  # pairs judged so far

    def shape(self, a: str, b: str) -> float:
        """Return how alike two Hanzi look (0–1): the table's value, else the glyphs' rescaled."""
        listed = self.shapes.get(a, {}).get(b)
        if listed is not None:
            return listed
        return min(1.0, self.glyphs(a, b) * SHAPE_SIMILAR / GLYPH_LOOKALIKE)

    def sound(self, a: str, b: str, readings: int = 0) -> float:
        """Return the best syllable similarity (0–1) of two Hanzi over their first `readings`
        readings (0: every reading)."""
        ra, rb = self.readings.get(a), self.readings.get(b)
        if not ra or not rb:
            return 0.0
        if readings:
            ra, rb = ra[:readings], rb[:readings]
        return reading_similarity(ra, rb)[0]

    def kind(self, a: str, b: str) -> tuple[float, str]:
        """Return (cost 0–1, kind) of writing `b` for `a`: shape, sound, both or other."""
        found = self._kinds.get((a, b))
        if found is None:
            if len(self._kinds) >= KNOWN_PAIRS:
                self._kinds.clear()
            found = self._kinds[a, b] = self._judge(a, b)
        return found

    def _judge(self, a: str, b: str) -> tuple[float, str]:
        shape = self.shape(a, b)
        sound = self.sound(a, b)
        if shape >= SHAPE_WITH_SOUND and sound >= 0.85:
            return 0.15, "shape-and-sound"
        if shape >= SHAPE_SIMILAR:
            return 0.45 - 0.3 * shape, "shape"
        if sound >= 1.0 and self.sound(a, b, COMMON_READINGS) >= 1.0:
            return SAME_SOUND_COST, "sound"
        if sound >= 1.0:
            return 0.65, "sound"
        if sound >= 0.85:
            return 0.75, "fuzzy-sound"
        return 1.0, "other"

    def __call__(self, a: str, b: str) -> float:
        found = self._kinds.get((a, b))
        return found[0] if found is not None else self.kind(a, b)[0]


def _edit_score(distance: float, longest: int, first_differs: bool) -> float:
    """Map a weighted character edit distance to 0–100 following CNIPA practice.

    Three or more Hanzi with one different are similar unless the first character clearly
    differs; with two Hanzi only a look-alike or same-sound character keeps it similar.
    """
    score = min(97.0, 100.0 * (1.0 - distance / longest))
    if longest >= 3:
        score += 8.0
    if first_differs:
        score -= 12.0
    return max(0.0, min(98.0, score))


def compare_han(a: Prepared, b: Prepared, cost: HanziCost) -> Channel:
    """Score the Hanzi of two marks 0–100 with reasons (identity, order, edits, containment)."""
    ha, hb = a.han, b.han
    if not ha or not hb:
        return Channel(0.0, ())
    if ha == hb:
        reasons = ("same characters " + ha,)
        if a.traditional != b.traditional:
            trad = a if a.traditional else b
            reasons = (f"traditional {trad.text.strip()} = {ha}",)
        return Channel(100.0, reasons)
    if len(ha) > 1 and sorted(ha) == sorted(hb):
        return Channel(88.0, (f"same characters in another order {ha} ~ {hb}",))
    best = _whole(a, b, cost)
    short, long_ = (a, b) if len(ha) <= len(hb) else (b, a)
    for other in (_contained(short, long_, cost), _kept_in_order(short.han, long_.han)):
        if other.score > best.score:
            best = other
    return best


def _kept_in_order(short: str, long_: str) -> Channel:
    """Score a mark whose characters mostly reappear in order (八方来财 ~ 好八方财)."""
    if len(short) < 3 or len(short) > MAX_MARK:
        return Channel(0.0, ())
    prev = [0] * (len(long_) + 1)
    for x in short:
        row = [0]
        for j, y in enumerate(long_):
            row.append(prev[j] + 1 if x == y else max(prev[j + 1], row[j]))
        prev = row
    kept = prev[-1]
    if kept < 3 or kept < 0.75 * len(short):
        return Channel(0.0, ())
    score = min(86.0, 72.0 + 6.0 * (kept - 3) - 4.0 * (len(short) - kept))
    share = "all" if kept == len(short) else f"{kept} of the"
    return Channel(score, (f"{share} {len(short)} characters of {short} in the same order",))


def _whole(a: Prepared, b: Prepared, cost: HanziCost) -> Channel:
    if max(len(a.han), len(b.han)) > MAX_ALIGNED:
        return Channel(0.0, ())
    ops, distance = align(a.han, b.han, cost)
    first = next((op for op in ops if op[0] != "same"), None)
    first_differs = first is not None and first[1] == 0 and (first[0] != "sub" or first[4] > 0.5)
    score = _edit_score(distance, max(len(a.han), len(b.han)), first_differs)
    reasons = describe_edits(ops, cost)
    if any(op[0] == "sub" for op in ops):
        pa, pb = _matched_pinyin(a, b)
        differing = sum(1 for x, y in zip(pa, pb, strict=False) if x != y)
        if len(pa) == len(pb) and differing == 0:
            reasons = (*reasons, f"same pinyin {'-'.join(pa)}")
        elif len(pa) == len(pb):
            tail = f"({differing} of {len(pa)} syllables differ)"
            reasons = (*reasons, f"pinyin {'-'.join(pa)} ~ {'-'.join(pb)} {tail}")
    return Channel(score, reasons)


def _matched_pinyin(a: Prepared, b: Prepared) -> tuple[list[str], list[str]]:
    pa: list[str] = []
    pb: list[str] = []
    for ra, rb in zip(a.pinyin, b.pinyin, strict=False):
        _, x, y = reading_similarity(ra, rb)
        pa.append(x)
        pb.append(y)
    return pa, pb


def _contained(short: Prepared, long_: Prepared, cost: HanziCost) -> Channel:
    s, text = short.han, long_.han
    extra = len(text) - len(s)
    removed = f" after removing {'、'.join(dict.fromkeys(long_.removed))}" if long_.removed else ""
    if s in text:
        if len(s) == 1:
            return Channel(max(60.0, 78.0 - 4.0 * (len(text) - 2)), (f"contains {s}{removed}",))
        added = clip(text.replace(s, "", 1))
        return Channel(
            min(92.0, 84.0 + 2.0 * len(s)),
            (f"contains the mark {clip(s)}{removed}", f"added words {added}"),
        )
    if len(s) < 2 or extra < 1 or len(s) > MAX_MARK:
        return Channel(0.0, ())
    best = Channel(0.0, ())
    for width in {len(s), len(s) + 1}:
        for start in range(0, len(text) - width + 1):
            window = text[start : start + width]
            ops, distance = align(s, window, cost)
            lead = ops[0] if ops else None
            first_differs = lead is not None and lead[0] != "same" and (lead[4] > 0.5)
            score = _edit_score(distance, max(len(s), width), first_differs) - 4.0
            if score > best.score:
                reasons = (f"contains {window}, like the mark {s}", *describe_edits(ops, cost))
                best = Channel(score, reasons)
    return best


MAX_ALIGNED = 40
"""Longer Hanzi strings (two long titles) are only searched for each other, not aligned whole."""
MAX_MARK = 12
"""A mark longer than this is a title: it is not looked for, fuzzily, inside another title."""


def clip(text: str, size: int = 12) -> str:
    """Shorten a long text for a reason (`正品华美电钻红色款充电式…`)."""
    return text if len(text) <= size else text[:size] + "…"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def ordinal(index: int) -> str:
    """Name a 0-based position the way a lawyer reads it (`second position`)."""
    return f"{_ORDINALS[index]} position" if index < len(_ORDINALS) else f"position {index + 1}"


_KIND_WORDS = {
    "shape-and-sound": "shape- and sound-similar character",
    "shape": "shape-similar character",
    "sound": "same-sound character",
    "fuzzy-sound": "similar-sound character",
    "other": "different character",
}


def describe_edits(ops: list[Op], cost: HanziCost) -> tuple[str, ...]:
    """Describe each changed character (`shape-similar character 师→帅 in second position`)."""
    out: list[str] = []
    for kind, pos, x, y, _ in ops:
        if kind == "sub":
            out.append(f"{_KIND_WORDS[cost.kind(x, y)[1]]} {x}→{y} in {ordinal(pos)}")
        elif kind == "ins":
            out.append(f"added character {y} at {ordinal(pos)}")
        elif kind == "del":
            out.append(f"dropped character {x} at {ordinal(pos)}")
        elif kind == "swap":
            out.append(f"characters swapped {x}→{y} at {ordinal(pos)}")
    return tuple(out[:4])
