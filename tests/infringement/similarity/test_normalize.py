"""Normalisation: folding, homoglyphs, traditional Hanzi, stop words, pinyin per character."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.marks import Prepared
from infringement.similarity.normalize import prepare

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("text", "core"),
    [
        pytest.param("ＮＩＫＥ", "nike", id="nfkc-full-width"),
        pytest.param("NiKe", "nike", id="case"),
        pytest.param("Ν\u0399ΚΕ", "nike", id="homoglyph-greek-capitals"),
        pytest.param("ТОРЕХ", "topex", id="homoglyph-cyrillic"),
        pytest.param("D1OR", "dlor", id="digit-one-inside-word"),
        pytest.param("DYS0N", "dyson", id="digit-zero-inside-word"),
        pytest.param("3M", "3m", id="digits-kept-in-short-token"),
        pytest.param("Crème Brûlée", "creme brulee", id="accents"),
        pytest.param("X-SEED!!", "x seed", id="punctuation-to-space"),
        pytest.param("康師傅", "康师傅", id="traditional-to-simplified"),
        pytest.param("老鼎豊", "老鼎丰", id="japanese-variant-to-simplified"),
        pytest.param("康师傅 官方旗舰店", "康师傅", id="shop-phrase-removed"),
        pytest.param("正品康师傅方便面同款", "康师傅方便面", id="shop-phrase-inside-hanzi"),
        pytest.param("Makita compatible battery", "makita battery", id="imitation-word-removed"),
        pytest.param("ACME Co., Ltd.", "acme", id="company-form-removed"),
        pytest.param("Official Store", "official store", id="never-empty-core"),
    ],
)
def test_prepare_folds(config: MatchConfig, text: str, core: str) -> None:
    assert prepare(text, config).core == core


def test_prepare_fields(config: MatchConfig) -> None:
    p = prepare("康師傅 KANGSHIFU 官方旗舰店", config)
    assert isinstance(p, Prepared)
    assert p.text == "康師傅 KANGSHIFU 官方旗舰店"
    assert p.folded == "康师傅 kangshifu 官方旗舰店"
    assert p.tokens == ("康师傅", "kangshifu")
    assert (p.han, p.latin, p.compact) == ("康师傅", "kangshifu", "kangshifu")
    assert p.pinyin == (("kang",), ("shi",), ("fu",))
    assert p.removed == ("官方旗舰店",)
    assert p.traditional
    assert "master kong" in p.aliases


def test_pinyin_has_every_reading(config: MatchConfig) -> None:
    readings = prepare("长城", config).pinyin[0]
    assert {"zhang", "chang"} <= set(readings)
    assert prepare("绿", config).pinyin == (("lv", "lu"),)
