"""One score for a pair of marks: combine the text channels, the logo and the goods, with reasons.

The score is on 0–100 (higher is more alike); `similar` says whether it reaches the alert
threshold (`config.DEFAULT_THRESHOLD` unless the config says otherwise). It ranks alerts for
people; it is not a legal verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from infringement.similarity.chinese import HanziCost, compare_han
from infringement.similarity.config import MatchConfig
from infringement.similarity.crossscript import compare_scripts
from infringement.similarity.distinct import weigh_words
from infringement.similarity.goods import relate_goods
from infringement.similarity.latin import compare_latin
from infringement.similarity.marks import Channel, Prepared
from infringement.similarity.normalize import prepare

MAX_REASONS = 5
MAX_AGREEMENT_BONUS = 6.0
LOGO_EVIDENCE = 50.0
"""Logo similarity (0–100) from which a logo counts as evidence: it is worded as a reason and,
with text at least as alike, earns a small agreement bonus. Below it a logo only sets a floor."""


@dataclass(frozen=True)
class Score:
    """Hold a pair's score (0–100), the verdict at the threshold, reasons and channel scores."""

    score: float
    similar: bool
    reasons: tuple[str, ...]
    channels: Mapping[str, float] = field(default_factory=dict)


@lru_cache(maxsize=16)
def _hanzi_cost(config: MatchConfig) -> HanziCost:
    return HanziCost(config.shape_similar)


def _text_channels(a: Prepared, b: Prepared, config: MatchConfig) -> dict[str, Channel]:
    if not a.folded or not b.folded:
        return {}
    return {
        "latin": compare_latin(a, b),
        "chinese": compare_han(a, b, _hanzi_cost(config)),
        "cross": compare_scripts(a, b, config),
    }


def _combine_text(found: dict[str, Channel]) -> tuple[float, list[str]]:
    ranked = sorted(found.values(), key=lambda c: c.score, reverse=True)
    if not ranked or ranked[0].score <= 0.0:
        return 0.0, []
    best = ranked[0]
    score, reasons = best.score, list(best.reasons)
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if second > 50.0:
        # Two channels (say the Latin and the Hanzi part of a mixed mark) pointing the same way.
        score = min(100.0, score + min(MAX_AGREEMENT_BONUS, 0.25 * (second - 50.0)))
        reasons += [r for r in ranked[1].reasons[:1] if r not in reasons]
    return score, reasons


@lru_cache(maxsize=16)
def _rescorer(config: MatchConfig) -> Callable[[Prepared, Prepared], tuple[float, list[str]]]:
    """Return how to score two parts of marks on text alone (for `distinct.weigh_words`)."""

    def rescore(a: Prepared, b: Prepared) -> tuple[float, list[str]]:
        return _combine_text(_text_channels(a, b, config))

    return rescore


def _with_logo(text: float, logo: tuple[float, str] | None) -> tuple[float, list[str]]:
    if logo is None:
        return text, []
    similarity, reason = max(0.0, min(100.0, logo[0])), logo[1]
    combined = max(text, similarity)
    if min(text, similarity) >= LOGO_EVIDENCE:
        combined = min(100.0, combined + 0.2 * (min(text, similarity) - LOGO_EVIDENCE))
    return combined, [reason] if similarity >= LOGO_EVIDENCE and reason else []


def score_pair(
    a: Prepared,
    b: Prepared,
    config: MatchConfig,
    *,
    classes_a: Sequence[int] = (),
    classes_b: Sequence[int] = (),
    logo: tuple[float, str] | None = None,
    groups_a: Sequence[str] = (),
    groups_b: Sequence[str] = (),
) -> Score:
    """Score two prepared marks 0–100 with reasons; `logo` is (similarity 0–100, reason).

    Goods come from Nice classes (and CN similar-groups when given): unrelated goods lower the
    score, the same group raises it a little. Well under a millisecond per pair on average.
    """
    found = _text_channels(a, b, config)
    text, reasons = weigh_words(a, b, config, _combine_text(found), _rescorer(config))
    score, logo_reasons = _with_logo(text, logo)
    reasons = logo_reasons + reasons if logo and logo[0] > text else reasons + logo_reasons
    channels = {name: round(c.score, 1) for name, c in found.items()}
    if logo is not None:
        channels["logo"] = round(logo[0], 1)
    goods = relate_goods(
        classes_a, classes_b, config.related_classes, groups_a=groups_a, groups_b=groups_b
    )
    reasons = reasons[: MAX_REASONS - 1]
    if goods is not None:
        channels["goods"] = goods.score
        score = max(0.0, min(100.0, score + goods.adjustment))
        reasons.append(goods.reason)
    score = round(score, 1)
    return Score(score, score >= config.threshold, tuple(reasons), channels)


def score_texts(a: str, b: str, config: MatchConfig, **kw: object) -> Score:
    """Prepare two texts and score them (see `score_pair` for the keywords)."""
    return score_pair(prepare(a, config), prepare(b, config), config, **kw)  # type: ignore[arg-type]
