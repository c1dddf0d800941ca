"""Different companies sharing a generic, laudatory or descriptive word stay below the threshold.

DOMAIN.md: "Shared generic or descriptive words do not make marks similar (ROYAL CANIN ~ ROYAL
ENFIELD, WHITE CASTLE ~ WHITE CLAW): compare the distinctive parts". The pairs are issue 12's
examples and well-known marks of unrelated owners; none is a development pair.
"""

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
    ("a", "b", "shared"),
    [
        pytest.param("ROYAL CANIN", "ROYAL ENFIELD", "ROYAL", id="laudatory-first-word"),
        pytest.param("WHITE CASTLE", "WHITE CLAW", "WHITE", id="colour-first-word"),
        pytest.param("GENERAL ELECTRIC", "GENERAL MOTORS", "GENERAL", id="generic-first-word"),
        pytest.param("AMERICAN EXPRESS", "AMERICAN EAGLE", "AMERICAN", id="nationality-word"),
        pytest.param(
            "INTERNATIONAL PAPER", "INTERNATIONAL FLAVORS", "INTERNATIONAL", id="long-generic"
        ),
        pytest.param("UNITED AIRLINES", "UNITED RENTALS", "UNITED", id="generic-and-trade-words"),
        pytest.param("GOLDEN CORRAL", "GOLDEN NUGGET", "GOLDEN", id="laudatory-golden"),
        pytest.param("华为科技", "华润科技", "科技", id="zh-industry-word-and-first-hanzi"),
        pytest.param("阳光保险", "阳光电源", "阳光", id="zh-laudatory-head-and-industry-words"),
        pytest.param("东方明珠", "东方希望", "东方", id="zh-common-head"),
        pytest.param("中国银行", "中国石化", "中国", id="zh-country-name"),
        pytest.param("盛世华诞", "盛世长城", "盛世", id="zh-laudatory-head"),
    ],
)
def test_shared_common_word_alone_is_not_similar(
    config: MatchConfig, a: str, b: str, shared: str
) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)
    assert any(f"shared {shared}" in r for r in score.reasons), score.reasons


def test_same_first_word_no_longer_decides(config: MatchConfig) -> None:
    # The old rule (same first word of five letters or more: at least 72) alerted on these.
    for a, b in (("GENERAL ELECTRIC", "GENERAL MOTORS"), ("ROYAL CARIBBEAN", "ROYAL MAIL")):
        assert score_texts(a, b, config).score < 60.0
