"""The scorer: one 0–100 score with reasons, the verdict at the threshold, logo, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infringement.similarity.config import DEFAULT_THRESHOLD, MatchConfig, load_config
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import Score, score_pair, score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


def test_score_shape(config: MatchConfig) -> None:
    score = score_texts("金未来", "金末来", config)  # invented look-alike (未→末)
    assert isinstance(score, Score)
    assert 0.0 <= score.score <= 100.0 and score.similar
    assert set(score.channels) == {"latin", "chinese", "cross"}
    assert score.channels["chinese"] == max(score.channels.values())
    assert all(isinstance(r, str) and r for r in score.reasons)


def test_identical_marks_score_100(config: MatchConfig) -> None:
    assert score_texts("Velora", "VELORA", config).score == 100.0


def test_threshold_comes_from_config(config: MatchConfig) -> None:
    strict = MatchConfig(stop_words=config.stop_words, threshold=95.0)
    assert DEFAULT_THRESHOLD == 70.0
    assert score_texts("Quintech", "Quintec", config).similar
    assert not score_texts("Quintech", "Quintec", strict).similar


@pytest.mark.parametrize(
    ("a", "b", "logo", "similar", "reason"),
    [
        pytest.param(
            "Velora",
            "Quintex",
            (92.0, "logo matches after colour inversion (pHash distance 6/64)"),
            True,
            "logo matches after colour inversion (pHash distance 6/64)",
            id="logo-alone-raises-alert",
        ),
        pytest.param(
            "Quintech",
            "Quintec",
            (20.0, "logo differs"),
            True,
            "QUINTECH ~ QUINTEC",
            id="text-alone-raises",
        ),
        pytest.param("Velora", "Quintex", (30.0, "logo differs"), False, "", id="neither-matches"),
    ],
)
def test_logo_combines_with_text(
    config: MatchConfig,
    a: str,
    b: str,
    logo: tuple[float, str],
    similar: bool,
    reason: str,
) -> None:
    score = score_texts(a, b, config, logo=logo)
    assert score.similar is similar
    assert score.channels["logo"] == logo[0]
    assert not reason or any(reason in r for r in score.reasons)


def test_logo_and_text_together_score_higher(config: MatchConfig) -> None:
    text = score_texts("Quintech", "Quintec", config)
    both = score_texts("Quintech", "Quintec", config, logo=(90.0, "logo matches"))
    assert both.score > text.score


def test_empty_mark_is_not_similar_by_text(config: MatchConfig) -> None:
    score = score_texts("", "Velora", config)
    assert score.score == 0.0 and not score.similar and score.reasons == ()


def test_reasons_are_few_and_goods_always_shown(config: MatchConfig) -> None:
    score = score_texts("乐清清", "乐情情", config, classes_a=[32], classes_b=[32])
    assert len(score.reasons) <= 5
    assert score.reasons[-1] == "goods in the same class 32"


def test_scoring_a_pair_takes_well_under_a_millisecond(config: MatchConfig) -> None:
    marks = ["Velora", "Velorra", "金未来", "金末来 正品", "Ravoni compatible battery 18V"]
    marks += ["诺基亚", "NOKIA", "Zappy Dodo plush toy", "望江阁火锅", "BRISOL"]
    prepared = [prepare(m, config) for m in marks]
    pairs = [(a, b) for a in prepared for b in prepared] * 20
    start = time.perf_counter()
    for a, b in pairs:
        score_pair(a, b, config)
    average = (time.perf_counter() - start) / len(pairs)
    assert average < 1e-3, f"{average * 1e6:.0f} µs per pair"
