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
from infringement.similarity.goods import Goods, relate_goods
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


@dataclass(frozen=True)
class TextScore:
    """Hold what the texts of a pair say alone (0–100, reasons, each text channel's score):
    the part of a score that does not depend on goods or logos."""

    score: float
    reasons: tuple[str, ...]
    channels: Mapping[str, float]


def score_text(a: Prepared, b: Prepared, config: MatchConfig) -> TextScore:
    """Score the texts of two prepared marks, before logos and goods (see `score_pair`)."""
    found = _text_channels(a, b, config)
    text, reasons = weigh_words(a, b, config, _combine_text(found), _rescorer(config))
    channels = {name: round(c.score, 1) for name, c in found.items()}
    return TextScore(text, tuple(reasons), channels)


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
    return finish_score(
        score_text(a, b, config),
        config,
        classes_a=classes_a,
        classes_b=classes_b,
        logo=logo,
        groups_a=groups_a,
        groups_b=groups_b,
    )


def finish_score(
    text: TextScore,
    config: MatchConfig,
    *,
    classes_a: Sequence[int] = (),
    classes_b: Sequence[int] = (),
    logo: tuple[float, str] | None = None,
    groups_a: Sequence[str] = (),
    groups_b: Sequence[str] = (),
) -> Score:
    """Add the logo and the goods to what the texts say (`score_text`): the pair's score."""
    score, logo_reasons = _with_logo(text.score, logo)
    own = list(text.reasons)
    reasons = logo_reasons + own if logo and logo[0] > text.score else own + logo_reasons
    channels = dict(text.channels)
    if logo is not None:
        channels["logo"] = round(logo[0], 1)
    if groups_a or groups_b:
        goods = relate_goods(
            classes_a, classes_b, config.related_classes, groups_a=groups_a, groups_b=groups_b
        )
    else:
        goods = _goods_of_classes(config, tuple(classes_a), tuple(classes_b))
    reasons = reasons[: MAX_REASONS - 1]
    if goods is not None:
        channels["goods"] = goods.score
        score = max(0.0, min(100.0, score + goods.adjustment))
        reasons.append(goods.reason)
    score = round(score, 1)
    return Score(score, score >= config.threshold, tuple(reasons), channels)


@lru_cache(maxsize=8192)
def _goods_of_classes(config: MatchConfig, a: tuple[int, ...], b: tuple[int, ...]) -> Goods | None:
    """Relate two sets of classes once: a watch meets the same few thousand pairs of sets."""
    return relate_goods(a, b, config.related_classes)


def score_texts(a: str, b: str, config: MatchConfig, **kw: object) -> Score:
    """Prepare two texts and score them (see `score_pair` for the keywords)."""
    return score_pair(prepare(a, config), prepare(b, config), config, **kw)  # type: ignore[arg-type]
