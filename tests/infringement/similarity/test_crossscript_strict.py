"""Cross-script matching by sound is strict: a short Hanzi mark against a longer Latin word needs
as many syllables and the same first syllable. Unrelated pairs are listed company names (A-share
short names against S&P 500 names) that scored 60–66 before; transliterations are the brands'
established Chinese names, checked with the translation table switched off."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.crossscript import latin_syllables, pinyin_syllable_count
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def no_table() -> MatchConfig:
    config = load_config(DATA)
    return MatchConfig(stop_words=config.stop_words, shape_similar=config.shape_similar)


@pytest.mark.parametrize(
    ("hanzi", "latin"),
    [
        pytest.param("大东南", "TERADYNE", id="fewer-syllables-than-the-word"),
        pytest.param("顾地", "KINDER", id="first-consonant-differs"),
        pytest.param("凯盛", "XCEL", id="first-syllable-differs"),
        pytest.param("万顺", "MOLSON", id="only-through-a-rare-reading-mo"),
        pytest.param("康泰", "QNITY", id="first-syllable-kn-vs-kang"),
    ],
)
def test_unrelated_short_hanzi_against_latin_fall_well_below(
    no_table: MatchConfig, hanzi: str, latin: str
) -> None:
    score = score_texts(hanzi, latin, no_table)
    assert score.score < 50.0, (score.score, score.reasons)


@pytest.mark.parametrize(
    ("hanzi", "latin"),
    [
        pytest.param("摩托罗拉", "MOTOROLA", id="four-syllables"),
        pytest.param("施耐德", "SCHNEIDER", id="consonant-cluster-adds-a-syllable"),
        pytest.param("尼康", "NIKON", id="two-syllables"),
        pytest.param("博世", "BOSCH", id="final-consonant-adds-a-syllable"),
        pytest.param("阿玛尼", "ARMANI", id="vowel-initial"),
    ],
)
def test_transliterations_stay_high(no_table: MatchConfig, hanzi: str, latin: str) -> None:
    score = score_texts(hanzi, latin, no_table)
    assert score.score >= 80.0, (score.score, score.reasons)
    assert f"{hanzi} sounds like {latin}" in score.reasons[0]


def test_a_pinyin_spelling_is_weaker_than_a_transliteration(no_table: MatchConfig) -> None:
    pinyin = score_texts("华美", "HUAMEI", no_table)
    assert pinyin.similar and pinyin.score < 80.0
    assert pinyin.reasons == ("pinyin of 华美 is hua-mei = HUAMEI",)


@pytest.mark.parametrize(
    ("word", "fewest", "most"),
    [("nike", 1, 2), ("tesla", 2, 2), ("synchrony", 3, 3), ("lancome", 2, 3)],
)
def test_latin_syllables(word: str, fewest: int, most: int) -> None:
    assert latin_syllables(word) == (fewest, most)


@pytest.mark.parametrize(
    ("word", "count"),
    [("huamei", 2), ("changcheng", 2), ("gucci", 0), ("nokia", 0)],
)
def test_pinyin_syllable_count(word: str, count: int) -> None:
    assert pinyin_syllable_count(word) == count
