"""The screen finds what scoring every pair finds, on dense marks too, and loses nothing to its
shortcuts: forms folded as the scorer folds, the Latin bound, identical texts screened once."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from infringement.similarity import shortlist as shortlist_module
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.folding import split_text
from infringement.similarity.index import Entry, WatchIndex
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_pair

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"
# invented marks from few syllables, so that many share letters, sounds and characters
SYLLABLES = [c + v for c in "bdklmst" for v in "aeio"]
SAME_SOUND = ["华花", "美梅", "康抗", "鑫新", "泰太", "源元", "天田", "龙隆", "丰风", "瑞锐"]
HANZI = "".join(SAME_SOUND)
PARTNER = {pair[0]: pair[1] for pair in SAME_SOUND} | {pair[1]: pair[0] for pair in SAME_SOUND}


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


def dense_mark(rnd: random.Random) -> str:
    size = rnd.randint(2, 4)
    if rnd.random() < 0.3:
        return "".join(rnd.choice(HANZI) for _ in range(size))
    return "".join(rnd.choice(SYLLABLES) for _ in range(size)).upper()


def imitate(mark: str, trick: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(mark))
    if trick == "one-letter-changed":
        return mark[:i] + rnd.choice([c for c in "AEIOUBDKLMST" if c != mark[i]]) + mark[i + 1 :]
    if trick == "same-sound-hanzi":
        return mark[:i] + PARTNER[mark[i]] + mark[i + 1 :]
    return mark + (" TOOLS" if mark.isascii() else "电器")  # added descriptive word


Planted = list[tuple[int, str, str]]  # (watched position, candidate id, trick)


def dense_sets(
    watched: int, candidates: int, seed: int
) -> tuple[list[Entry], list[Entry], Planted]:
    """Watched marks and candidates in a few classes (many pairs in the same or related
    goods), with one planted imitation per watched mark and trick."""
    rnd = random.Random(seed)
    watch = [(f"W{i}", dense_mark(rnd), (rnd.choice([7, 8, 9]),)) for i in range(watched)]
    new = [(f"N{i}", dense_mark(rnd), (rnd.choice([7, 8, 9, 30]),)) for i in range(candidates)]
    planted: Planted = []
    spots = rnd.sample(range(candidates), 2 * watched)
    for w, (_, mark, classes) in enumerate(watch):
        tricks = ["one-letter-changed"] if mark.isascii() else ["same-sound-hanzi"]
        for trick in [*tricks, "added-descriptive-word"]:
            c = spots.pop()
            new[c] = (f"P{c}", imitate(mark, trick, rnd), classes)
            planted.append((w, f"P{c}", trick))
    return watch, new, planted


def score_every_pair(
    watch: list[Entry], new: list[Entry], config: MatchConfig
) -> set[tuple[str, str]]:
    prepared = [prepare(text, config) for _, text, _ in new]
    found = set()
    for watch_id, text, classes in watch:
        mark = prepare(text, config)
        for (cand_id, _, cand_classes), p in zip(new, prepared, strict=True):
            if score_pair(mark, p, config, classes_a=classes, classes_b=cand_classes).similar:
                found.add((watch_id, cand_id))
    return found


def test_finds_nearly_all_that_scoring_every_pair_finds_on_dense_marks(
    config: MatchConfig,
) -> None:
    watch, new, _ = dense_sets(30, 700, seed=4)

    hits = WatchIndex(watch, config).screen(new)

    found = {(h.watch_id, h.candidate_id) for h in hits}
    expected = score_every_pair(watch, new, config)
    assert len(expected) >= 60
    assert found <= expected  # every hit is the scorer's own verdict
    assert len(found) >= 0.9 * len(expected), sorted(expected - found)[:10]


@pytest.mark.parametrize(
    "trick", ["one-letter-changed", "same-sound-hanzi", "added-descriptive-word"]
)
def test_finds_every_planted_imitation_the_scorer_accepts(config: MatchConfig, trick: str) -> None:
    watch, new, planted = dense_sets(40, 600, seed=9)
    by_id = {e[0]: e for e in new}

    found = {(h.watch_id, h.candidate_id) for h in WatchIndex(watch, config).screen(new)}

    accepted = set()
    for w, cand_id, kind in planted:
        _, text, classes = by_id[cand_id]
        a, b = prepare(watch[w][1], config), prepare(text, config)
        verdict = score_pair(a, b, config, classes_a=watch[w][2], classes_b=classes)
        if kind == trick and verdict.similar:
            accepted.add((watch[w][0], cand_id))
    assert accepted  # the trick is one the scorer alerts on
    assert accepted <= found


def test_the_latin_bound_loses_no_hit(config: MatchConfig, monkeypatch) -> None:
    rnd = random.Random(2)
    words = [
        rnd.choice(["", "", rnd.choice(HANZI) + rnd.choice(HANZI)])  # some with Hanzi too
        + "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4)))
        for _ in range(900)
    ]
    watch = [(f"W{i}", w.upper(), ()) for i, w in enumerate(words[:40])]
    new = [(f"N{i}", w.capitalize(), ()) for i, w in enumerate(words[40:])]
    index = WatchIndex(watch, config)

    bounded = index.screen(new)
    scored_bounded = index.last_counts.scored
    monkeypatch.setattr(shortlist_module, "latin_bounds", lambda a, b: [100.0] * len(a))
    unbounded = index.screen(new)

    assert bounded == unbounded
    assert scored_bounded < index.last_counts.scored  # and it spares the scorer pairs


def test_identical_texts_are_each_reported(config: MatchConfig) -> None:
    watch = [("W", "KALOMI", (7,))]
    new = [
        ("A", "KALOMI", (7,)),
        ("B", "kalomi", (7,)),
        ("C", "KALOMI", (30,)),
        ("D", "KALOMI", ()),
    ]

    hits = WatchIndex(watch, config).screen(new)

    direct = {e[0]: score_pair(prepare("KALOMI", config), prepare(e[1], config), config,
                               classes_a=(7,), classes_b=e[2]) for e in new}  # fmt: skip
    assert {h.candidate_id: h.score for h in hits} == {
        k: s.score for k, s in direct.items() if s.similar
    }
    assert {"A", "B", "D"} <= {h.candidate_id for h in hits}


FOLDING = [
    ("homoglyph-zero-in-word", "B0SCH"),
    ("traditional-hanzi", "金未來"),
    ("shop-words-removed", "金未来同款 官方旗舰店"),
    ("title-with-model-and-size", "Ravoni compatible battery 18V"),
    ("full-width-latin", "ＲＡＶＯＮＩ"),
    ("cyrillic-look-alike", "Rаvoni"),
    ("company-form-removed", "Velmora Co., Ltd."),
    ("only-stop-words-kept", "官方旗舰店"),
    ("accents-folded", "Crème Brûlée"),
    ("stop-phrase-broken-by-a-letter", "金未来旗x舰店"),
]


@pytest.mark.parametrize("text", [f[1] for f in FOLDING], ids=[f[0] for f in FOLDING])
def test_forms_fold_texts_as_the_scorer_does(config: MatchConfig, text: str) -> None:
    words, han = split_text(text, config)
    mark = prepare(text, config)

    assert ("".join(words), han) == (mark.compact, mark.han)
