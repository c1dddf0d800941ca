"""Latin channel: each imitation trick crosses the default threshold for the stated reason,
and marks the rules call different stay below it."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.similarity.align import letter_cost
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.latin import compare_words, phonetic_keys, singular, skeleton
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_texts

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param("Dyson", "Dysen", "letter o→e", id="one-letter-changed"),
        pytest.param("Logitech", "Logitec", "letter dropped h", id="letter-dropped"),
        pytest.param("Nescafe", "Nestcafe", "letter added t", id="letter-added"),
        pytest.param("TRUCOOL", "TURCOOL", "letters swapped", id="transposition"),
        pytest.param("LAKCID", "KLACID", "same letters re-ordered", id="anagram"),
        pytest.param("APPLE", "APPIE", "look-alike letters", id="homoglyph-l-i"),
        pytest.param("MODERN", "MODEM", "look-alike letters", id="homoglyph-rn-m"),
        pytest.param("NIKE", "NІKЕ", "same letters", id="homoglyph-cyrillic"),
        pytest.param("DYSON", "DYS0N", "same letters", id="homoglyph-digit-zero"),
        pytest.param("XCEED", "X-SEED", "sound-alike c→s", id="sound-alike-c-s"),
        pytest.param("SEYCOS", "SEIKO", "sound-alike", id="sound-alike-plural"),
        pytest.param("Kodak", "Codak", "sound alike", id="sound-alike-first-letter"),
        pytest.param("NEWPORTS", "NEWPORT", "singular/plural", id="plural"),
        pytest.param("SOL TECH", "TECH SOL", "another order", id="word-order"),
        pytest.param("The Velora", "VELORA", "same letters", id="article-dropped"),
        pytest.param("Hello Kitty", "HELLOKITTY", "same letters", id="spacing"),
        pytest.param("MOVEMAXI", "MOVIMAX", "MOVEMAXI ~ MOVIMAX", id="two-edits-long-mark"),
        pytest.param("PENTEO", "XENTEO", "letter p→x", id="first-letter-one-of-six"),
        pytest.param(
            "Makita",
            "Makita compatible battery 18V",
            "contains the mark MAKITA after removing compatible",
            id="title-contains-mark",
        ),
        pytest.param(
            "Velora", "2024 new velora wireless earbuds", "contains the mark", id="title-lowercase"
        ),
        pytest.param("FLEX", "FLEXI AIR", "FLEX begins the word FLEXI", id="word-prefix"),
        pytest.param("FENIX", "NEWFENIX TRAILLER", "contains FENIX inside", id="inside-a-word"),
        pytest.param("MILTRON", "MILLTRONICS", "begins like MILTRON", id="fuzzy-prefix"),
        pytest.param(
            "Hello Kitty", "hello ketty plush toy 30cm", "contains HELLO KETTY", id="title-typo"
        ),
        pytest.param("TORINO MASSAS", "TORINO BRACERIA", "same first word", id="same-first-word"),
    ],
)
def test_latin_tricks_are_similar(config: MatchConfig, a: str, b: str, reason: str) -> None:
    score = score_texts(a, b, config)
    assert score.similar, (score.score, score.reasons)
    assert score.score >= config.threshold
    assert any(reason in r for r in score.reasons), score.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("BUXIDE", "DEXIDE", id="first-letter-differs-two-changes"),
        pytest.param("SPLENDANCE", "TENDANCE", id="beginning-differs"),
        pytest.param("EICO", "MAICO", id="short-first-letter-differs"),
        pytest.param("ALUX", "VELUX", id="short-beginning-differs"),
        pytest.param("Dell", "Bell", id="four-letters-first-differs"),
        pytest.param("Nike", "Nikon", id="short-ending-differs"),
        pytest.param("KNOWLEDGE FINDER", "INFORMATION FINDER", id="shared-generic-last-word"),
        pytest.param("Velora", "Quintex", id="unrelated"),
        pytest.param("Sony", "official store Samsung phone case", id="unrelated-title"),
        pytest.param("LEGO", "colleague gift set", id="short-mark-not-at-word-start"),
    ],
)
def test_different_latin_marks_stay_below(config: MatchConfig, a: str, b: str) -> None:
    score = score_texts(a, b, config)
    assert not score.similar, (score.score, score.reasons)


def test_letter_costs_rank_look_then_sound_then_other() -> None:
    assert letter_cost("l", "i") < letter_cost("c", "k") < letter_cost("a", "e") < 1.0
    assert letter_cost("b", "x") == 1.0 and letter_cost("q", "q") == 0.0


def test_helpers() -> None:
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert singular("newports") == "newport" and singular("boss") == "boss"
    assert phonetic_keys("seyco")[0] == phonetic_keys("seiko")[0]
    assert compare_words("acme", "acme").score == 100.0


def test_empty_latin_side_gives_no_latin_score(config: MatchConfig) -> None:
    score = score_texts("康师傅", "Velora", config)
    assert score.channels["latin"] == 0.0
    assert prepare("康师傅", config).compact == ""
