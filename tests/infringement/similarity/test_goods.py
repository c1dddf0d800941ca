"""Goods relatedness: same group, same class, related classes, unrelated classes, no data."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.goods import relate_goods
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("classes_a", "classes_b", "groups", "score", "reason"),
    [
        pytest.param([7], [7, 9], ((), ()), 90.0, "goods in the same class 7", id="same-class"),
        pytest.param([9], [42], ((), ()), 60.0, "goods in related classes 9 ~ 42", id="related"),
        pytest.param([25], [18], ((), ()), 60.0, "related classes 25 ~ 18", id="related-reverse"),
        pytest.param(
            [3], [12], ((), ()), 0.0, "goods in unrelated classes 3 vs 12", id="unrelated"
        ),
        pytest.param(
            [9], [9], (["0901"], ["0901"]), 100.0, "same similar-group 0901", id="same-cn-group"
        ),
        pytest.param([9, 99], [9], ((), ()), 90.0, "same class 9", id="invalid-class-ignored"),
    ],
)
def test_relate_goods(
    config: MatchConfig,
    classes_a: list[int],
    classes_b: list[int],
    groups: tuple[list[str], list[str]],
    score: float,
    reason: str,
) -> None:
    goods = relate_goods(
        classes_a, classes_b, config.related_classes, groups_a=groups[0], groups_b=groups[1]
    )
    assert goods is not None
    assert goods.score == score and reason in goods.reason


def test_no_classes_means_no_goods_opinion(config: MatchConfig) -> None:
    assert relate_goods([], [7], config.related_classes) is None
    assert "goods" not in score_texts("Velmora", "Velmara", config).channels


@pytest.mark.parametrize(
    ("classes_b", "similar", "reason"),
    [
        pytest.param([7], True, "goods in the same class 7", id="same-class-keeps-alert"),
        pytest.param([8], True, "goods in related classes 7 ~ 8", id="related-class-keeps-alert"),
        pytest.param(
            [30], False, "goods in unrelated classes 7 vs 30", id="unrelated-goods-drop-it"
        ),
    ],
)
def test_goods_adjust_the_score(
    config: MatchConfig, classes_b: list[int], similar: bool, reason: str
) -> None:
    base = score_texts("Makita", "Makito", config)
    score = score_texts("Makita", "Makito", config, classes_a=[7], classes_b=classes_b)
    assert score.similar is similar, (score.score, score.reasons)
    assert reason in score.reasons
    assert score.score <= base.score + 3.0
