"""Distinctive words: the frequency table, common words found in a mark, and imitations that
keep the distinctive part while common words change or are added (DOMAIN.md: earlier mark plus
a descriptive word → similar). Invented marks (KANGDA, VELORA, QUINTEX, 欧瑞达) stand for rare ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.common_words import (
    COMMON_PER_100K,
    find_common,
    is_common,
    per_100k,
    strip_words,
)
from infringement.similarity.config import MatchConfig, load_config, load_word_frequency
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


def test_the_table_covers_latin_and_chinese_with_its_source(config: MatchConfig) -> None:
    text = (DATA / "word_frequency.csv").read_text(encoding="utf-8")
    assert "build_word_frequency.py" in text.splitlines()[1]
    assert len(config.word_frequency) > 5_000
    assert per_100k("royal", config) >= COMMON_PER_100K
    assert per_100k("科技", config) >= COMMON_PER_100K
    assert per_100k("kangda", config) == 0.0
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "word_frequency.csv" in readme and "licence" in readme.lower()


@pytest.mark.parametrize(
    ("word", "common"),
    [
        pytest.param("general", True, id="frequent-among-names"),
        pytest.param("motors", True, id="plural-folded-to-singular"),
        pytest.param("五金", True, id="zh-industry-word"),
        pytest.param("苏州", True, id="zh-place-name"),
        pytest.param("kangda", False, id="unseen-word"),
        pytest.param("华润", False, id="zh-trade-name-in-few-names"),
    ],
)
def test_is_common(config: MatchConfig, word: str, common: bool) -> None:
    assert is_common(word, config) is common


def test_load_word_frequency_reads_rates_and_descriptive_kinds(tmp_path: Path) -> None:
    path = tmp_path / "word_frequency.csv"
    path.write_text(
        "# comment\nword,lang,names,per_100k,kind\nRoyal,latin,14,71.4,name\n五金,zh,3,1.0,industry\n",
        encoding="utf-8",
    )
    rates, descriptive = load_word_frequency(path)
    assert rates == {"royal": 71.4, "五金": 1.0}
    assert descriptive == frozenset({"五金"})


def test_common_hanzi_words_never_leave_a_lone_hanzi(config: MatchConfig) -> None:
    assert find_common(prepare("华为科技", config), config).han == (("科技", 2),)
    # 德利 is common among trade names, but cutting it would leave 都 alone.
    assert [w for w, _ in find_common(prepare("都德利电器", config), config).han] == ["电器"]


def test_strip_words_keeps_pinyin_aligned(config: MatchConfig) -> None:
    mark = prepare("华为科技 KANGDA POWER", config)
    common = find_common(mark, config)
    rest = strip_words(mark, common.latin, common.han)
    assert rest is not None
    assert rest.han == "华为" and rest.latin == "kangda" and rest.compact == "kangda"
    assert rest.pinyin == mark.pinyin[:2]
    assert strip_words(prepare("POWER", config), frozenset({"power"}), ()) is None


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param(
            "KANGDA POWER", "KANGDA TOOLS", "same distinctive part KANGDA", id="common-word-changed"
        ),
        pytest.param(
            "VELORA", "VELORA HOME", "same distinctive part VELORA", id="common-word-added"
        ),
        pytest.param(
            "QUINTEX TOOLS", "QUINTEKS POWER", "QUINTEX ~ QUINTEKS", id="sound-alike-and-changed"
        ),
        pytest.param(
            "ROYAL VELORA", "ROYAL VELLORA", "letter added l", id="shared-common-word-kept"
        ),
        pytest.param(
            "欧瑞达五金", "欧瑞达工具", "same distinctive part 欧瑞达", id="zh-industry-changed"
        ),
        pytest.param("欧瑞达", "欧瑞达电器", "欧瑞达", id="zh-industry-added"),
        pytest.param(
            "康达电器", "康达五金", "same distinctive part 康达", id="zh-two-hanzi-trade-name"
        ),
    ],
)
def test_kept_distinctive_part_is_similar(config: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, config)
    assert score.similar, (score.score, score.reasons)
    assert any(reason in r for r in score.reasons), score.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("POWER KANGDA", "TOOLS KANGDA", id="begins-with-common-word"),
        pytest.param("TIGER SUGAR", "TIGER MART", id="shared-word-seen-in-several-names"),
        pytest.param("长城汽车", "长城电器", id="zh-trade-name-common-among-names"),
    ],
)
def test_a_shared_word_that_is_not_rare_does_not_carry_a_match(
    config: MatchConfig, a: str, b: str
) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)
