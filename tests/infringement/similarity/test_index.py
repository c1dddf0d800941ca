"""The watch index finds what scoring every pair would find, for every trick, without doing so."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from infringement.similarity import index as index_module
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.index import Hit, WatchIndex
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_pair

DATA = Path(__file__).resolve().parents[3] / "data" / "infringement"
WATCHED = [
    ("KS", "金未来", (30,)),
    ("YS", "雨森", (7,)),
    ("LG", "鹿角巷子", (32,)),
    ("AP", "Apple", (9,)),
    ("KD", "KANGDA", (7,)),
    ("BO", "BOSCH", (7,)),
    ("TP", "TOPEX", (8,)),
    ("HW", "华为", (9,)),
]
# random marks the imitations hide among: brand-like syllables and everyday Hanzi
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
HANZI = "明亮山水林木春秋夏冬云风雪月星日红黄蓝绿紫青鹰虎狮马牛羊鹤欣悦乐喜寿宁富贵吉祥如意胜捷"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


def distractors(count: int, seed: int = 5) -> list[tuple[str, str, tuple[int, ...]]]:
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        if i % 2:
            mark = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).upper()
        else:
            mark = "".join(rnd.choice(HANZI) for _ in range(rnd.randint(2, 4)))
        out.append((f"D{i}", mark, (rnd.randint(1, 45),)))
    return out


# invented marks (DOMAIN.md tricks); none is a pair of the shared development set
TRICKS = [
    ("shape-similar-hanzi-wei-mo", "金末来", "KS", "末"),
    ("traditional-characters", "金未來", "KS", "金"),
    ("added-shop-words-tongkuan", "金未来同款", "KS", "金未来"),
    ("listing-title-contains-mark", "2024新款 金未来 红烧牛肉面 整箱", "KS", "金未来"),
    ("hanzi-as-pinyin-yusen", "YUSEN", "YS", "yu"),
    ("added-descriptive-word", "鹿角石磨巷子", "LG", "巷子"),
    ("translation-pingguo-apple", "苹果", "AP", "apple"),
    ("one-letter-changed", "KANGDAA", "KD", "KANGDA"),
    ("homoglyph-zero-for-o", "B0SCH", "BO", "BOSCH"),
    ("transposed-letters", "TOEPX", "TP", "TOPEX"),
]


@pytest.mark.parametrize(
    ("candidate", "watch_id", "why"), [t[1:] for t in TRICKS], ids=[t[0] for t in TRICKS]
)
def test_finds_each_trick_among_distractors(
    config: MatchConfig, candidate: str, watch_id: str, why: str
) -> None:
    candidates = [*distractors(300), ("X", candidate, ())]
    hits = WatchIndex(WATCHED, config).screen(candidates)

    found = [h for h in hits if h.candidate_id == "X"]
    assert [h.watch_id for h in found][:1] == [watch_id], hits[:5]
    direct = score_pair(prepare(found[0].watch_mark, config), prepare(candidate, config), config)
    assert found[0].score == direct.score >= config.threshold
    assert found[0].reasons == direct.reasons
    assert any(why.lower() in r.lower() for r in found[0].reasons), found[0].reasons


def brute_force(
    watched: list, candidates: list, config: MatchConfig, threshold: float
) -> set[tuple[str, str]]:
    prepared = [prepare(text, config) for _, text, _ in candidates]
    found = set()
    for watch_id, text, classes in watched:
        mark = prepare(text, config)
        for (cand_id, _, cand_classes), p in zip(candidates, prepared, strict=True):
            result = score_pair(mark, p, config, classes_a=classes, classes_b=cand_classes)
            if result.score >= threshold:
                found.add((watch_id, cand_id))
    return found


def test_finds_what_scoring_every_pair_finds(config: MatchConfig) -> None:
    rnd = random.Random(9)
    candidates = distractors(600, seed=3)
    for i, (_, text, _) in enumerate(rnd.sample(WATCHED, 8)):  # plant a few near copies
        candidates[i * 50] = (
            f"P{i}",
            text + rnd.choice(["正品", "官方旗舰店", " original", "牌"]),
            (),
        )
    threshold = config.threshold - 10  # a lower bar finds more borderline pairs to compare

    hits = WatchIndex(WATCHED, config).screen(candidates, threshold)

    expected = brute_force(WATCHED, candidates, config, threshold)
    assert len(expected) >= 8
    assert {(h.watch_id, h.candidate_id) for h in hits} == expected


def test_hits_are_ordered_best_first_and_respect_the_threshold(config: MatchConfig) -> None:
    candidates = [("1", "金未来", ()), ("2", "金末来", ()), ("3", "毫不相干", ())]

    hits = WatchIndex(WATCHED, config).screen(candidates, 50.0)

    assert all(h.score >= 50.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0] == Hit("KS", "金未来", "1", "金未来", 100.0, hits[0].reasons)


def test_logo_similarity_alone_raises_a_hit(config: MatchConfig) -> None:
    candidates = [("C1", "完全不同", ()), ("C2", "毫不相干", ())]
    logos = {(4, 1): (92.0, "logo matches after colour inversion (pHash distance 3/64)")}

    hits = WatchIndex(WATCHED, config).screen(candidates, logos=logos)

    assert [(h.watch_id, h.candidate_id) for h in hits] == [("KD", "C2")]
    assert "logo matches after colour inversion (pHash distance 3/64)" in hits[0].reasons


def test_worker_processes_give_the_same_hits(config: MatchConfig, monkeypatch) -> None:
    monkeypatch.setattr(index_module, "CHUNK", 100)
    candidates = [*distractors(400, seed=11), ("X1", "金末来", ()), ("X2", "B0SCH", ())]
    index = WatchIndex(WATCHED, config)

    alone = index.screen(candidates, workers=1)
    together = index.screen(candidates, workers=2)

    assert together == alone
    assert {"X1", "X2"} <= {h.candidate_id for h in together}


GOODS = [
    ("exact-copy-same-class", "KANGDA", (7,), True),
    ("exact-copy-unrelated-class", "KANGDA", (30,), True),
    ("one-letter-changed-same-class", "KANGDAA", (7,), True),
    ("one-letter-changed-unrelated-class", "KANGDAA", (30,), False),
]


@pytest.mark.parametrize(
    ("candidate", "classes", "found"), [g[1:] for g in GOODS], ids=[g[0] for g in GOODS]
)
def test_goods_decide_with_the_scorer(
    config: MatchConfig, candidate: str, classes: tuple[int, ...], found: bool
) -> None:
    hits = WatchIndex(WATCHED, config).screen([*distractors(200), ("X", candidate, classes)])

    direct = score_pair(
        prepare("KANGDA", config),
        prepare(candidate, config),
        config,
        classes_a=(7,),
        classes_b=classes,
    )
    assert direct.similar is found  # what the scorer says, the index finds: no more, no less
    assert any(h.candidate_id == "X" and h.watch_id == "KD" for h in hits) is found
