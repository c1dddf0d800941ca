"""The watch list: one call screens candidates (texts, classes, logos) against the watched marks
and names every hit by the ids the caller gave, whatever the order of the inputs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from infringement import watch
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.logo_match import Logo
from infringement.watch import (
    Candidate,
    WatchedMark,
    WatchList,
    build_watch_list,
    score_marks,
    screen_candidates,
)
from tests.infringement.similarity.test_logos import TRICKS, draw_logo, jpeg, png

DATA = Path(__file__).resolve().parents[2] / "data" / "infringement"


@pytest.fixture(scope="module")
def config() -> MatchConfig:
    return load_config(DATA)


@pytest.fixture(scope="module")
def logos() -> dict[str, Logo]:
    return {
        "star": Logo.open(png(draw_logo(0))),
        "star-inverted": Logo.open(png(ImageOps.invert(draw_logo(0)))),
        "triangle": Logo.open(png(draw_logo(1))),
        "disc": Logo.open(png(draw_logo(2))),
    }


def test_a_logo_copy_is_found_under_the_same_ids_whatever_the_order(
    config: MatchConfig, logos: dict[str, Logo]
) -> None:
    watched = [
        WatchedMark("KD", "KANGDA", (7,), logo=logos["star"]),
        WatchedMark("TP", "TOPEX", (7,), logo=logos["triangle"]),
        WatchedMark("YS", "雨森", (7,)),
    ]
    candidates = [
        Candidate("C1", "完全不同", (7,), logo=logos["disc"]),
        Candidate("C2", "毫不相干", (7,), logo=logos["star-inverted"]),
        Candidate("C3", "明亮山水", (7,)),
    ]

    forward = screen_candidates(build_watch_list(watched, config), candidates)
    backward = screen_candidates(build_watch_list(watched[::-1], config), iter(candidates[::-1]))

    assert [(h.watch_id, h.candidate_id) for h in forward] == [("KD", "C2")]
    assert backward == forward
    assert forward[0].reasons[0].startswith("logo matches after colour inversion")


def test_a_candidate_naming_an_alias_is_one_hit_under_the_watched_marks_id(
    config: MatchConfig,
) -> None:
    candidates = [Candidate("C1", "雨森", (7,))]
    plain = build_watch_list([WatchedMark("RF", "RAINFOREST", (7,))], config)
    with_alias = build_watch_list([WatchedMark("RF", "RAINFOREST", (7,), ("雨森",))], config)

    hits = screen_candidates(with_alias, candidates)

    assert screen_candidates(plain, candidates) == []
    assert [(h.watch_id, h.watch_mark, h.candidate_id) for h in hits] == [
        ("RF", "RAINFOREST", "C1")
    ]
    assert hits[0].score >= config.threshold
    assert "translation" in hits[0].reasons[0]


def test_marks_sharing_an_id_each_name_their_own_hits(config: MatchConfig) -> None:
    watch_list = build_watch_list(
        [WatchedMark("RF", "RAINFOREST", (7,)), WatchedMark("RF", "雨森", (7,))], config
    )

    hits = screen_candidates(watch_list, [Candidate("C1", "雨森牌", (7,))])

    assert {(h.watch_id, h.watch_mark) for h in hits} == {("RF", "RAINFOREST"), ("RF", "雨森")}


def test_a_candidate_below_the_threshold_is_no_hit(config: MatchConfig) -> None:
    watch_list = build_watch_list([WatchedMark("KD", "KANGDA", (7,))], config)
    candidates = [Candidate("C1", "KANGDAA", (30,))]  # one letter added, but unrelated goods

    assert screen_candidates(watch_list, candidates) == []
    [hit] = screen_candidates(watch_list, candidates, threshold=config.threshold - 10)
    assert config.threshold - 10 <= hit.score < config.threshold
    assert "goods in unrelated classes 7 vs 30" in hit.reasons


def test_score_marks_counts_logos_only_when_both_are_given(
    config: MatchConfig, logos: dict[str, Logo]
) -> None:
    both = score_marks(
        "KANGDA", "毫不相干", config, logo_a=logos["star"], logo_b=logos["star-inverted"]
    )
    one = score_marks("KANGDA", "毫不相干", config, logo_a=logos["star"])

    assert both.similar and both.reasons[0].startswith("logo matches after colour inversion")
    assert not one.similar and one.score == 0.0


@pytest.fixture(scope="module")
def logo_watch(config: MatchConfig, logos: dict[str, Logo]) -> WatchList:
    return build_watch_list(
        [
            WatchedMark("KD", "KANGDA", (7,), logo=logos["star"]),
            WatchedMark("TP", "TOPEX", (7,), logo=logos["triangle"]),
            WatchedMark("MV", "MOVA", (7,), logo=logos["disc"]),
        ],
        config,
    )


def copies() -> list[tuple[str, bytes]]:
    """Every trick of the logo tests on every logo, as listing pictures (JPEG bytes)."""
    return [
        (f"{name}-{variant}", jpeg(trick(draw_logo(variant)), quality=90))
        for variant in (0, 1, 2)
        for name, trick, _ in TRICKS
    ]


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_pictures_find_the_same_logo_copies_as_logos_opened_by_the_caller(
    logo_watch: WatchList, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(watch, "BATCH", 4)  # several batches, in flight together
    pictures = copies()
    owner = {0: "KD", 1: "TP", 2: "MV"}

    def hits(as_picture: bool) -> list[tuple[str, str, float, tuple[str, ...]]]:
        candidates = (
            Candidate(
                f"C-{name}",
                "毫不相干",
                (7,),
                logo=None if as_picture else Logo.open(data),
                picture=data if as_picture else None,
            )
            for name, data in pictures
        )
        found = screen_candidates(logo_watch, candidates, workers=workers)
        return [(h.watch_id, h.candidate_id, h.score, h.reasons) for h in found]

    opened, given_as_pictures = hits(False), hits(True)

    # the cheap first pass drops no copy: same pairs, scores and reasons as hashing everything
    assert given_as_pictures == opened
    expected = {(owner[int(name[-1])], f"C-{name}") for name, _ in pictures}
    assert {(w, c) for w, c, _, _ in given_as_pictures} == expected


def test_a_broken_or_huge_picture_is_skipped_and_its_text_still_screened(
    logo_watch: WatchList,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(watch, "BATCH", 2)
    bomb = tmp_path / "bomb.png"
    Image.new("1", (10_000, 6_000)).save(bomb, optimize=True)  # 60 million pixels
    copy = jpeg(ImageOps.mirror(draw_logo(0)))
    candidates = [
        Candidate("truncated", "KANGDA", (7,), picture=copy[: len(copy) // 2]),
        Candidate("not-an-image", "毫不相干", (7,), picture=b"mark_a,mark_b\n"),
        Candidate("bomb", "毫不相干", (7,), picture=bomb),
        Candidate("missing", "毫不相干", (7,), picture=tmp_path / "missing.jpg"),
        Candidate("copy", "毫不相干", (7,), picture=copy),
    ]

    with caplog.at_level(logging.WARNING, logger="infringement.watch"):
        hits = screen_candidates(logo_watch, candidates, workers=2)

    assert {(h.watch_id, h.candidate_id) for h in hits} == {("KD", "truncated"), ("KD", "copy")}
    logged = caplog.text
    assert "picture of not-an-image: not a readable image" in logged
    assert "bomb.png): image of 10000×6000 pixels is too large" in logged
    assert "missing.jpg): cannot read" in logged


def test_a_picture_shared_by_listings_is_a_hit_for_each(logo_watch: WatchList) -> None:
    data = jpeg(ImageOps.invert(draw_logo(1)))
    candidates = [Candidate(f"C{i}", "毫不相干", (7,), picture=data) for i in range(3)]

    hits = screen_candidates(logo_watch, candidates)

    assert [(h.watch_id, h.candidate_id) for h in hits] == [
        ("TP", "C0"),
        ("TP", "C1"),
        ("TP", "C2"),
    ]
