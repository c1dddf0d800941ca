"""Glyph similarity from component decompositions: look-alikes (形近字) the table does not list are
found, unrelated characters are not, and the table overrides. Look-alike pairs are textbook
形近字 (清/青, 遥/摇, 景/晾, 天/夫: public lists cited in data/infringement/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.chinese import HanziCost
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.glyphs import glyph_similarity, leaves
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("清", "青", id="radical-added"),
        pytest.param("遥", "摇", id="same-right-component"),
        pytest.param("景", "晾", id="same-components-rearranged"),
        pytest.param("天", "夫", id="one-stroke-differs"),
        pytest.param("华", "骅", id="component-added-huā"),
    ],
)
def test_textbook_look_alikes_outside_the_table(config: MatchConfig, a: str, b: str) -> None:
    assert b not in config.shape_similar.get(a, {})
    assert glyph_similarity(a, b) >= 0.55
    assert HanziCost(config.shape_similar).kind(a, b)[1] in ("shape", "shape-and-sound")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("康", "统", id="unrelated"),
        pytest.param("佳", "嘉", id="same-sound-other-shape"),
        pytest.param("美", "丽", id="same-meaning-other-shape"),
        pytest.param("大", "台", id="no-shared-component"),
    ],
)
def test_unrelated_characters_score_low(a: str, b: str) -> None:
    assert glyph_similarity(a, b) < 0.4


def test_similarity_is_symmetric_and_one_for_the_same_character() -> None:
    assert glyph_similarity("遥", "摇") == glyph_similarity("摇", "遥")
    assert glyph_similarity("鼎", "鼎") == 1.0
    assert glyph_similarity("A", "鼎") == 0.0  # not a Hanzi: no components, no error
    assert set(leaves("青")) <= set(leaves("清"))  # 清 is 青 with 氵 added


def test_the_table_overrides_the_glyphs(config: MatchConfig) -> None:
    corrected = {"清": {"青": 0.0}, "青": {"清": 0.0}}
    assert HanziCost(corrected).kind("清", "青")[1] == "sound"
    assert HanziCost(config.shape_similar).kind("清", "青")[1] == "shape-and-sound"


def test_unlisted_look_alike_makes_a_two_character_mark_similar(config: MatchConfig) -> None:
    score = score_texts("景田", "晾田", config)
    assert score.similar, (score.score, score.reasons)
    assert "shape-similar character 景→晾 in first position" in score.reasons
