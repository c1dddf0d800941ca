"""Same-sound Chinese imitations (DOMAIN.md, "Judging similarity of marks"): a watch alerts on a
two-character mark with one character replaced by another of the same pinyin, ranks it below a
character alike in shape and sound, and ranks a pinyin-only mark lower still. The marks are
invented or ordinary brand-like words, none from the development pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("mark", "imitation", "reason"),
    [
        pytest.param(
            "格力", "格丽", "same-sound character 力→丽", id="second-character-same-pinyin"
        ),
        pytest.param(
            "格力", "歌力", "same-sound character 格→歌", id="first-character-same-pinyin"
        ),
        pytest.param("华美", "华梅", "same pinyin hua-mei", id="invented-mark-same-pinyin"),
        pytest.param(
            "格力",
            "歌力 空调 正品",
            "contains 歌力, like the mark 格力",
            id="inside-a-listing-title",
        ),
        pytest.param(
            "华美", "华梅 电钻 正品", "same-sound character 美→梅", id="inside-a-title-reason"
        ),
    ],
)
def test_same_sound_imitation_alerts(
    config: MatchConfig, mark: str, imitation: str, reason: str
) -> None:
    score = score_texts(mark, imitation, config)
    assert score.similar, (score.score, score.reasons)
    assert any(reason in r for r in score.reasons), score.reasons


def test_ranking_identical_then_shape_and_sound_then_sound_then_pinyin(
    config: MatchConfig,
) -> None:
    identical = score_texts("华美", "华美", config).score
    shape_and_sound = score_texts("华美", "骅美", config).score  # 骅 is 华 with 马 added
    sound = score_texts("华美", "华梅", config).score
    pinyin_only = score_texts("华美", "HUAMEI", config).score
    assert identical > shape_and_sound > sound > pinyin_only >= config.threshold


@pytest.mark.parametrize(
    ("mark", "other"),
    [
        pytest.param("华美", "华丽", id="one-character-other-sound-other-shape"),
        pytest.param("格林", "格力", id="similar-initial-only"),
        pytest.param("华美", "华夫", id="one-character-unrelated"),
        pytest.param("格力", "歌丽", id="both-characters-changed-same-pinyin"),
        pytest.param("大华", "台华", id="same-sound-only-through-a-rare-reading"),
    ],
)
def test_other_two_character_changes_stay_below(config: MatchConfig, mark: str, other: str) -> None:
    score = score_texts(mark, other, config)
    assert not score.similar, (score.score, score.reasons)
