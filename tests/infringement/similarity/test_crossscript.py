"""Cross-script channel: Hanzi against pinyin, transliteration by sound (checked with the
translation table switched off), the translation table, and aliases of one brand."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config, merge_aliases
from infringement.similarity.crossscript import english_sound, pinyin_sound, sound_key
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.fixture(scope="module")
def no_table(config: MatchConfig) -> MatchConfig:
    return MatchConfig(stop_words=config.stop_words, shape_similar=config.shape_similar)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param("雨森", "YUSEN", "pinyin of 雨森 is yu-sen = YUSEN", id="hanzi-pinyin"),
        pytest.param("华美", "HUAMEI", "pinyin of 华美 is hua-mei", id="hanzi-pinyin-caps"),
        pytest.param("金鼎轩", "JIN DING XUAN", "pinyin of 金鼎轩", id="hanzi-pinyin-spaced"),
        pytest.param("长城", "CHANGCHENG", "chang-cheng", id="hanzi-pinyin-second-reading"),
        pytest.param("雨森", "YUSENG", "pinyin of 雨森 yu-sen ~ YUSENG", id="hanzi-pinyin-fuzzy"),
        pytest.param("诺基亚", "NOKIA", "诺基亚 sounds like NOKIA", id="transliteration-nokia"),
        pytest.param(
            "西门子", "SIEMENS", "西门子 sounds like SIEMENS", id="transliteration-siemens"
        ),
        pytest.param("阿迪达斯", "adidas", "sounds like ADIDAS", id="transliteration-adidas"),
        pytest.param("索尼", "SONY", "sounds like SONY", id="transliteration-sony"),
        pytest.param("特斯拉", "Tesla", "sounds like TESLA", id="transliteration-tesla"),
    ],
)
def test_cross_script_without_table(no_table: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, no_table)
    assert score.similar, (score.score, score.reasons)
    assert any(reason in r for r in score.reasons), score.reasons


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param("苹果", "APPLE", "translation 苹果 ~ APPLE", id="translation-apple"),
        pytest.param("Colgate", "高露洁", "translation COLGATE ~ 高露洁", id="translation-colgate"),
        pytest.param("蘋果", "Apple", "translation 苹果 ~ APPLE", id="translation-traditional"),
        pytest.param(
            "苹果手机壳 正品", "APPLE", "translation 苹果 ~ APPLE", id="translation-in-title"
        ),
    ],
)
def test_translation_table(config: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, config)
    assert score.similar, (score.score, score.reasons)
    assert reason in score.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("诺基亚", "NIKE", id="sound-first-vowels-differ"),
        pytest.param("泊愉果", "BERYEL", id="sound-two-consonants-only"),
        pytest.param("戴尔", "HAIER", id="pinyin-first-letter-differs"),
        pytest.param("苹果", "NIKE", id="translation-of-another-brand"),
        pytest.param("康师傅", "VELORA", id="unrelated"),
    ],
)
def test_unrelated_cross_script_pairs_stay_below(config: MatchConfig, a: str, b: str) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)


def test_aliases_of_one_watched_brand_match(config: MatchConfig) -> None:
    merged = merge_aliases(config, [["雨森", "RAINFOREST"]])
    assert not score_texts("雨森", "RAINFOREST", config).similar
    score = score_texts("RAINFOREST", "雨森", merged)
    assert score.similar and "translation RAINFOREST ~ 雨森" in score.reasons


def test_sound_codes() -> None:
    assert english_sound("siemens") == "siemens"
    assert "".join(pinyin_sound(s) for s in ("xi", "men", "zi")) == "simens"
    assert english_sound("jordan") == "jotan"
    assert pinyin_sound("qiao") == "jiao"


def test_sound_key_meets_across_scripts(no_table: MatchConfig) -> None:
    assert sound_key(prepare("诺基亚", no_table)) == sound_key(prepare("NOKIA", no_table))
