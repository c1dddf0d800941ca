"""Chinese channel: shape, sound, order and added words, following CNIPA practice as DOMAIN.md
reports it; each case says which rule it exercises."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.chinese import HanziCost, ordinal
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.pinyin import (
    fuzzy_syllable,
    pinyin_table,
    split_syllable,
    syllable_similarity,
)
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


# Invented marks, one rule of DOMAIN.md ("Judging similarity of marks", China) each; none is a
# pair of the shared development set (tests/infringement/similarity/test_no_dev_pairs.py).
@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param(
            "金未来",
            "金末来",
            "shape-similar character 未→末 in second position",
            id="shape-similar-hanzi-wei-mo",
        ),
        pytest.param("金未来", "金末来", "pinyin jin-wei-lai ~ jin-mo-lai", id="pinyin-reason"),
        pytest.param(
            "士林", "土林", "shape-similar character 士→土 in first position", id="shape-first"
        ),
        pytest.param("乐清清", "乐情情", "similar character 清→情", id="shared-component"),
        pytest.param(
            "三木林", "三本林", "木→本 in second position", id="one-of-three-differs-mu-ben"
        ),
        pytest.param(
            "丰源", "丰原", "shape- and sound-similar character 源→原", id="radical-dropped"
        ),
        pytest.param("丰源", "丰原", "same pinyin feng-yuan", id="same-sound-and-shape"),
        pytest.param(
            "望江阁",
            "望江楼",
            "different character 阁→楼 in third position",
            id="one-of-three-differs",
        ),
        pytest.param("八方来财", "八万来财", "方→万 in second position", id="one-of-four-differs"),
        pytest.param(
            "金鼎轩", "金鼎宣", "same-sound character 轩→宣", id="same-sound-one-of-three"
        ),
        pytest.param("鴻運來", "鸿运来", "traditional 鴻運來 = 鸿运来", id="traditional"),
        pytest.param(
            "東方紅葉", "东方红叶", "traditional 東方紅葉 = 东方红叶", id="traditional-four"
        ),
        pytest.param("百度", "度百", "same characters in another order", id="re-ordered"),
        pytest.param(
            "望江阁", "胡同里的望江阁", "contains the mark 望江阁", id="added-words-before"
        ),
        pytest.param(
            "鹿角巷子", "鹿角石磨巷子", "all 4 characters of 鹿角巷子", id="added-word-inside"
        ),
        pytest.param("望江", "望江山水", "added words 山水", id="descriptive-word-added"),
        pytest.param("新悦华", "悦华", "contains the mark 悦华", id="first-character-dropped"),
        pytest.param("悦", "味悦", "contains 悦", id="single-character-mark"),
        pytest.param(
            "华美龙",
            "正品华美龙月饼 官方旗舰店",
            "contains the mark 华美龙 after removing",
            id="title-with-shop-phrases",
        ),
        pytest.param(
            "金鹰", "金膺 插座 排插", "contains 金膺, like the mark 金鹰", id="title-look-alike"
        ),
        pytest.param("金果乐园饮料", "金果乐园", "contains the mark", id="mark-longer-than-title"),
    ],
)
def test_chinese_tricks_are_similar(config: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, config)
    assert score.similar, (score.score, score.reasons)
    assert any(reason in r for r in score.reasons), score.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("佳丽", "嘉莉", id="same-pinyin-different-hanzi-not-similar"),
        pytest.param("金太阳", "胡太阳", id="first-character-clearly-differs"),
        pytest.param("大福", "大鹏", id="two-hanzi-one-unrelated"),
        pytest.param("中国银行", "中国石油", id="half-the-characters"),
        pytest.param("华美龙", "青松", id="unrelated"),
        pytest.param("青松阁", "青云山庄", id="shared-first-character-only"),
    ],
)
def test_different_chinese_marks_stay_below(config: MatchConfig, a: str, b: str) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)


def test_same_pinyin_reason_is_given_even_when_not_similar(config: MatchConfig) -> None:
    score = score_texts("佳丽", "嘉莉", config)
    assert "same pinyin jia-li" in score.reasons


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("zhang", "zang", 0.85, id="fuzzy-initial-zh-z"),
        pytest.param("chi", "ci", 0.85, id="fuzzy-initial-ch-c"),
        pytest.param("shan", "san", 0.85, id="fuzzy-initial-sh-s"),
        pytest.param("nan", "lan", 0.85, id="fuzzy-initial-n-l"),
        pytest.param("fu", "hu", 0.85, id="fuzzy-initial-f-h"),
        pytest.param("xin", "xing", 0.85, id="fuzzy-final-in-ing"),
        pytest.param("chen", "cheng", 0.85, id="fuzzy-final-en-eng"),
        pytest.param("an", "ang", 0.85, id="fuzzy-final-an-ang-no-initial"),
        pytest.param("shi", "shuai", 0.4, id="same-initial-only"),
        pytest.param("zhi", "zi", 0.85, id="fuzzy-not-string-replacement"),
        pytest.param("zhi", "ji", 0.0, id="unrelated-syllables"),
    ],
)
def test_syllable_similarity(a: str, b: str, expected: float) -> None:
    assert syllable_similarity(a, b) == expected


def test_syllables_split_at_the_initial() -> None:
    assert split_syllable("zhuang") == ("zh", "uang")
    assert split_syllable("an") == ("", "an")
    assert fuzzy_syllable("zhang") == fuzzy_syllable("zan")


def test_hanzi_costs(config: MatchConfig) -> None:
    cost = HanziCost(config.shape_similar)
    assert cost.kind("未", "末")[1] == "shape"
    assert cost.kind("轩", "宣") == (0.45, "sound")
    assert cost("阁", "爹") == 1.0
    assert pinyin_table()["重"][:2] == ("zhong", "chong")
    assert ordinal(1) == "second position" and ordinal(9) == "position 10"
