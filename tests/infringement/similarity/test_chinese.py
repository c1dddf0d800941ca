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


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param(
            "康师傅",
            "康帅傅",
            "shape-similar character 师→帅 in second position",
            id="shape-similar-hanzi-shi-shuai",
        ),
        pytest.param("康师傅", "康帅傅", "pinyin kang-shi-fu ~ kang-shuai-fu", id="pinyin-reason"),
        pytest.param(
            "雪碧", "雷碧", "shape-similar character 雪→雷 in first position", id="shape-first"
        ),
        pytest.param("娃哈哈", "娃恰恰", "shape-similar character 哈→恰", id="shared-component"),
        pytest.param(
            "大白兔", "大自兔", "白→自 in second position", id="one-of-three-differs-bai-zi"
        ),
        pytest.param(
            "铭沣", "铭丰", "shape- and sound-similar character 沣→丰", id="radical-dropped"
        ),
        pytest.param("铭沣", "铭丰", "same pinyin ming-feng", id="same-sound-and-shape"),
        pytest.param(
            "老干妈",
            "老干爹",
            "different character 妈→爹 in third position",
            id="one-of-three-differs",
        ),
        pytest.param("六个核桃", "六禾核桃", "个→禾 in second position", id="one-of-four-differs"),
        pytest.param(
            "广佳源", "广嘉源", "same-sound character 佳→嘉", id="same-sound-one-of-three"
        ),
        pytest.param("康師傅", "康师傅", "traditional 康師傅 = 康师傅", id="traditional"),
        pytest.param(
            "無印良品", "无印良品", "traditional 無印良品 = 无印良品", id="traditional-four"
        ),
        pytest.param("百度", "度百", "same characters in another order", id="re-ordered"),
        pytest.param(
            "海底捞", "炒菜界的海底捞", "contains the mark 海底捞", id="added-words-before"
        ),
        pytest.param(
            "六个核桃", "六个石磨核桃", "all 4 characters of 六个核桃", id="added-word-inside"
        ),
        pytest.param("仙都", "仙都山水", "added words 山水", id="descriptive-word-added"),
        pytest.param("新百伦", "百伦", "contains the mark 百伦", id="first-character-dropped"),
        pytest.param("霸", "涮霸", "contains 霸", id="single-character-mark"),
        pytest.param(
            "康师傅",
            "正品康师傅方便面 官方旗舰店",
            "contains the mark 康师傅 after removing",
            id="title-with-shop-phrases",
        ),
        pytest.param(
            "公牛", "公午 插座 排插", "contains 公午, like the mark 公牛", id="title-look-alike"
        ),
        pytest.param("六个核桃饮料", "六个核桃", "contains the mark", id="mark-longer-than-title"),
    ],
)
def test_chinese_tricks_are_similar(config: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, config)
    assert score.similar, (score.score, score.reasons)
    assert any(reason in r for r in score.reasons), score.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("伊利", "依力", id="same-pinyin-different-hanzi-not-similar"),
        pytest.param("老干妈", "胡干妈", id="first-character-clearly-differs"),
        pytest.param("大华", "大疆", id="two-hanzi-one-unrelated"),
        pytest.param("中国银行", "中国石油", id="half-the-characters"),
        pytest.param("康师傅", "统一", id="unrelated"),
        pytest.param("海底捞", "海康威视", id="shared-first-character-only"),
    ],
)
def test_different_chinese_marks_stay_below(config: MatchConfig, a: str, b: str) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)


def test_same_pinyin_reason_is_given_even_when_not_similar(config: MatchConfig) -> None:
    score = score_texts("伊利", "依力", config)
    assert "same pinyin yi-li" in score.reasons


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
    assert cost.kind("师", "帅")[1] == "shape"
    assert cost.kind("佳", "嘉") == (0.65, "sound")
    assert cost("妈", "爹") == 1.0
    assert pinyin_table()["重"][:2] == ("zhong", "chong")
    assert ordinal(1) == "second position" and ordinal(9) == "position 10"
