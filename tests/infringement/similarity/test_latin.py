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


# Invented marks, one rule of DOMAIN.md ("Latin") each; none is a pair of the shared
# development set (tests/infringement/similarity/test_no_dev_pairs.py).
@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param("Velmora", "Velmara", "o→a", id="one-letter-changed"),
        pytest.param("Quintech", "Quintec", "letter dropped h", id="letter-dropped"),
        pytest.param("Corvana", "Corvanna", "letter added n", id="letter-added"),
        pytest.param("BRISOL", "BIRSOL", "letters swapped", id="transposition"),
        pytest.param("MAVRIX", "AMVRIX", "same letters re-ordered", id="anagram"),
        pytest.param("MAPLEX", "MAPIEX", "look-alike letters", id="homoglyph-l-i"),
        pytest.param("MODERN", "MODEM", "look-alike letters", id="homoglyph-rn-m"),
        pytest.param("ZORAN", "ZОRАN", "same letters", id="homoglyph-cyrillic"),
        pytest.param("VOLTRON", "V0LTR0N", "same letters", id="homoglyph-digit-zero"),
        pytest.param("XCELLO", "X-SELLO", "sound-alike c→s", id="sound-alike-c-s"),
        pytest.param("SAYCOS", "SAIKO", "sound-alike", id="sound-alike-plural"),
        pytest.param("Kodak", "Codak", "sound alike", id="sound-alike-first-letter"),
        pytest.param("HARBORLINKS", "HARBORLINK", "singular/plural", id="plural"),
        pytest.param("SOL TECH", "TECH SOL", "another order", id="word-order"),
        pytest.param("The Velora", "VELORA", "same letters", id="article-dropped"),
        pytest.param("Sunny Bear", "SUNNYBEAR", "same letters", id="spacing"),
        pytest.param("TRAVELMAXI", "TRAVILMAX", "TRAVELMAXI ~ TRAVILMAX", id="two-edits-long-mark"),
        pytest.param("MORVEL", "KORVEL", "letter m→k", id="first-letter-one-of-six"),
        pytest.param(
            "Ravoni",
            "Ravoni compatible battery 18V",
            "contains the mark RAVONI after removing compatible",
            id="title-contains-mark",
        ),
        pytest.param(
            "Velora", "2024 new velora wireless earbuds", "contains the mark", id="title-lowercase"
        ),
        pytest.param("TORQ", "TORQI AIR", "TORQ begins the word TORQI", id="word-prefix"),
        pytest.param("VORAX", "NEWVORAX TRAILER", "contains VORAX inside", id="inside-a-word"),
        pytest.param("KELTRON", "KELLTRONICS", "begins like KELTRON", id="fuzzy-prefix"),
        pytest.param(
            "Zappy Dodo", "zappy dado plush toy 30cm", "contains ZAPPY DADO", id="title-typo"
        ),
        pytest.param(
            "VALDORA POWER",
            "VALDORA TOOLS",
            "same distinctive part VALDORA",
            id="same-rare-first-word-common-word-changed",
        ),
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
        pytest.param("CALIXO", "DELIXO", id="first-letter-differs-two-changes"),
        pytest.param("SPLENDORA", "TENDORA", id="beginning-differs"),
        pytest.param("EIVO", "MAIVO", id="short-first-letter-differs"),
        pytest.param("ANOX", "VENOX", id="short-beginning-differs"),
        pytest.param("Tarn", "Barn", id="four-letters-first-differs"),
        pytest.param("Tane", "Tanok", id="short-ending-differs"),
        pytest.param("RECIPE FINDER", "JOURNEY FINDER", id="shared-generic-last-word"),
        pytest.param("Velora", "Quintex", id="unrelated"),
        pytest.param("Velora", "official store Quintex phone case", id="unrelated-title"),
        pytest.param("VENT", "invention kit set", id="short-mark-not-at-word-start"),
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
    assert singular("harborlinks") == "harborlink" and singular("boss") == "boss"
    assert phonetic_keys("kayro")[0] == phonetic_keys("kairo")[0]
    assert compare_words("acme", "acme").score == 100.0


def test_empty_latin_side_gives_no_latin_score(config: MatchConfig) -> None:
    score = score_texts("华美龙", "Velora", config)
    assert score.channels["latin"] == 0.0
    assert prepare("华美龙", config).compact == ""
