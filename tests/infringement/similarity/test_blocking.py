"""Blocking keys: marks alike by any trick share a key, unrelated marks do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.blocking import blocking_keys
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.normalize import prepare

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Dyson", "Dysen", id="latin-one-letter"),
        pytest.param("TRUCOOL", "TURCOOL", id="latin-transposition"),
        pytest.param("LAKCID", "KLACID", id="latin-first-letters-swapped"),
        pytest.param("PENTEO", "XENTEO", id="latin-first-letter-changed"),
        pytest.param("APPLE", "APPIE", id="latin-look-alike"),
        pytest.param("Makita", "Makita compatible battery 18V", id="latin-title"),
        pytest.param("FENIX", "NEWFENIX TRAILLER", id="latin-inside-word"),
        pytest.param("康师傅", "康帅傅", id="hanzi-middle-changed"),
        pytest.param("雪碧", "雷碧", id="hanzi-first-look-alike"),
        pytest.param("娃哈哈", "娃恰恰", id="hanzi-two-look-alikes"),
        pytest.param("公牛", "公午 插座 排插", id="hanzi-look-alike-in-title"),
        pytest.param("霸", "涮霸", id="hanzi-single-character"),
        pytest.param("雨森", "YUSEN", id="hanzi-vs-pinyin"),
        pytest.param("苹果", "APPLE", id="translation"),
        pytest.param("诺基亚", "NOKIA", id="transliteration"),
    ],
)
def test_similar_pairs_share_a_blocking_key(config: MatchConfig, a: str, b: str) -> None:
    assert blocking_keys(prepare(a, config)) & blocking_keys(prepare(b, config))


def test_unrelated_marks_share_few_keys(config: MatchConfig) -> None:
    assert not blocking_keys(prepare("Velora", config)) & blocking_keys(prepare("Quintex", config))
    assert not blocking_keys(prepare("康师傅", config)) & blocking_keys(prepare("大白兔", config))
