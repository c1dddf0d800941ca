"""Matching tables: every table loads, missing files are empty, watched brands merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config, merge_aliases
from infringement.similarity.normalize import prepare

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


def test_load_config_reads_every_table(config: MatchConfig) -> None:
    assert {"旗舰店", "official", "ltd"} <= config.stop_words
    assert {"apple", "苹果"} <= config.translations["apple"]
    assert 42 in config.related_classes[9] and 9 in config.related_classes[42]
    assert config.shape_similar["师"]["帅"] > 0.5
    assert config.threshold == 70.0


def test_load_config_tolerates_missing_files(tmp_path: Path) -> None:
    (tmp_path / "stopwords.csv").write_text("# comment\nword\nOfficial\n", encoding="utf-8")
    config = load_config(tmp_path, threshold=80.0)
    assert config.stop_words == frozenset({"official"})
    assert not config.translations and not config.related_classes and not config.shape_similar
    assert config.threshold == 80.0


def test_merge_aliases_makes_watched_marks_of_one_brand_aliases(config: MatchConfig) -> None:
    merged = merge_aliases(config, [["雨森", "RAINFOREST"]])
    assert prepare("雨森", merged).aliases & prepare("RAINFOREST", merged).aliases
    assert not prepare("雨森", config).aliases & prepare("RAINFOREST", config).aliases
