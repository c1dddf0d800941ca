"""Normalisation: folding, stop words, pinyin per character, config loading, blocking keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.config import MatchConfig, load_config, merge_aliases
from infringement.normalize import Prepared, blocking_keys, prepare

DATA = Path(__file__).resolve().parents[2] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("text", "core"),
    [
        pytest.param("ＮＩＫＥ", "nike", id="nfkc-full-width"),
        pytest.param("NiKe", "nike", id="case"),
        pytest.param("Ν\u0399ΚΕ", "nike", id="homoglyph-greek-capitals"),
        pytest.param("АРРLЕ", "apple", id="homoglyph-cyrillic"),
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
