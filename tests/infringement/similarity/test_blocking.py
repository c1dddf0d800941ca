"""The shortlist (gate and exact keys): marks alike by any trick are let through to the scorer,
unrelated marks are not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.forms import build_forms, find_aliases
from infringement.similarity.normalize import prepare
from infringement.similarity.shortlist import index_watched, shortlist

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


# Invented marks (DOMAIN.md tricks); none is a pair of the shared development set.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Velmora", "Velmara", id="latin-one-letter"),
        pytest.param("BRISOL", "BIRSOL", id="latin-transposition"),
        pytest.param("MAVRIX", "AMVRIX", id="latin-first-letters-swapped"),
        pytest.param("MORVEL", "KORVEL", id="latin-first-letter-changed"),
        pytest.param("MAPLEX", "MAPIEX", id="latin-look-alike"),
        pytest.param("Ravoni", "Ravoni compatible battery 18V", id="latin-title"),
        pytest.param("VORAX", "NEWVORAX TRAILER", id="latin-inside-word"),
        pytest.param("金未来", "金末来", id="hanzi-middle-changed"),
        pytest.param("士林", "土林", id="hanzi-first-look-alike"),
        pytest.param("乐清清", "乐情情", id="hanzi-two-look-alikes"),
        pytest.param("金鹰", "金膺 插座 排插", id="hanzi-look-alike-in-title"),
        pytest.param("悦", "味悦", id="hanzi-single-character"),
        pytest.param("雨森", "YUSEN", id="hanzi-vs-pinyin"),
        pytest.param("苹果", "APPLE", id="translation"),
        pytest.param("诺基亚", "NOKIA", id="transliteration"),
    ],
)
def test_similar_pairs_are_let_through(config: MatchConfig, a: str, b: str) -> None:
    assert let_through(a, b, config)


def test_unrelated_marks_are_not_let_through(config: MatchConfig) -> None:
    assert not let_through("Velora", "Quintex", config)
    assert not let_through("华美龙", "大福", config)


def let_through(watched: str, candidate: str, config: MatchConfig) -> bool:
    """Tell whether the shortlist sends the pair to the scorer (no classes, the alert threshold)."""
    mark = prepare(watched, config)
    aliases = find_aliases(config, set(mark.aliases))
    index = index_watched([mark], [()], config, aliases)
    texts = build_forms([candidate], config, aliases)
    text_of = np.zeros(1, dtype=np.int64)
    pairs, _ = shortlist(index, texts, text_of, [()], config.threshold, config, threads=1)
    return pairs == [(0, 0)]
