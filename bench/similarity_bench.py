"""Similarity benchmarks: the watch index against a bare rapidfuzz cdist, side by side, on 1,000
watched marks × 1,000,000 new marks (Latin and Chinese, with planted imitations) and on a dense
set (`screen_dense_bench`), with its recall against scoring every pair of a sample; scoring one
pair with reasons; logo hashing and the logo index scan.
"""

from __future__ import annotations

import io
import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from bench import screen_dense_bench
from bench.screen_dense_bench import index_recall, measure_speed
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.index import Entry, WatchIndex
from infringement.similarity.logo_index import LogoIndex
from infringement.similarity.logos import hash_logo
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_pair

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "infringement"
# invented Latin brand names: onset + nucleus + coda syllables ("Strolmex", "Brikton")
ONSETS = (
    "b", "bl", "br", "c", "ch", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr", "h", "j", "k",
    "kl", "kr", "l", "m", "n", "p", "pl", "pr", "qu", "r", "s", "sc", "sk", "sl", "sp", "st", "str",
    "t", "tr", "v", "w", "z",
)  # fmt: skip
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
CODAS = ["", "", "", "", "n", "r", "s", "x", "l", "m", "t", "ck", "nd", "st", "nk", "lt"]
# common characters of Chinese brand names and company names
HANZI = (
    "康师傅华为美的格力海尔长城东方金星光明宝福鑫盛达恒泰安源雨森天龙凤祥瑞丰和兴隆昌"
    "新宏伟利通佳嘉德顺中国际科技电子机械工具动力精工五金电器家居服饰食品茶酒药业"
    "春秋夏冬山水林木火土石云风雷雪月星辰日明亮红黄蓝绿紫白黑青彩虹鹰虎狮马牛羊鹤"
    "一二三四五六七八九十百千万上下大小高远永久欣悦乐喜福寿康宁富贵吉祥如意胜捷"
)
SUFFIXES = ["", "", "", "", "有限公司", "旗舰店", "官方", " Co., Ltd.", " store", " official"]


def _latin(rnd: random.Random) -> str:
    syllables = [
        rnd.choice(ONSETS) + rnd.choice(NUCLEI) + rnd.choice(CODAS)
        for _ in range(rnd.choice([2, 2, 2, 3]))
    ]
    word = "".join(syllables)
    return word.upper() if rnd.random() < 0.3 else word.capitalize()


# the 3,755 level-1 Hanzi of GB 2312 (rows 16–55), the everyday characters
COMMON = "".join(
    bytes([row, cell]).decode("gb2312", errors="ignore")
    for row in range(0xB0, 0xD8)
    for cell in range(0xA1, 0xFF)
)


def _chinese(rnd: random.Random) -> str:
    # half the characters from the favourites of brand names, half from everyday ones
    return "".join(
        rnd.choice(HANZI if rnd.random() < 0.5 else COMMON) for _ in range(rnd.randint(2, 4))
    )


def make_mark(rnd: random.Random) -> str:
    """Return a brand-like mark: Latin (45%), Chinese (45%) or both, sometimes with a suffix."""
    kind = rnd.random()
    mark = (
        _latin(rnd) if kind < 0.45 else _chinese(rnd) if kind < 0.9 else _chinese(rnd) + _latin(rnd)
    )
    return mark + rnd.choice(SUFFIXES)


def imitate(mark: str, rnd: random.Random) -> str:
    """Return a typical imitation: one edit, a swap, an added word, or a shop title around it."""
    trick = rnd.randrange(5)
    if trick == 0 and len(mark) > 3:  # substitute one character after the first
        i = rnd.randrange(1, len(mark))
        pool = HANZI if "\u4e00" <= mark[i] <= "\u9fff" else "aeiou"
        return mark[:i] + rnd.choice(pool) + mark[i + 1 :]
    if trick == 1 and len(mark) > 3:  # swap two neighbours
        i = rnd.randrange(1, len(mark) - 1)
        return mark[:i] + mark[i + 1] + mark[i] + mark[i + 2 :]
    if trick == 2:
        return mark + rnd.choice(["正品", "同款", " original", "旗舰店", "新款"])
    if trick == 3:
        return f"{rnd.choice(['2024新款', '热卖', 'Hot sale'])} {mark} {rnd.choice(['电钻', 'drill set', '充电式 工具'])}"
    return mark.upper() if mark.isascii() else mark + "牌"


def make_sets(
    watched: int, candidates: int, seed: int = 17
) -> tuple[list[Entry], list[Entry], list[tuple[int, int]]]:
    """Return watched marks, new marks with three planted imitations per watched mark (two in
    its classes, one in random classes), and the planted (watched, candidate) positions."""
    rnd = random.Random(seed)
    watch = [(f"W{i}", make_mark(rnd), (rnd.randint(1, 45),)) for i in range(watched)]
    new = [(f"N{i}", make_mark(rnd), (rnd.randint(1, 45),)) for i in range(candidates)]
    planted = []
    for w in range(watched):
        for copy in range(3):
            c = rnd.randrange(candidates)
            classes = watch[w][2] if copy < 2 else (rnd.randint(1, 45),)
            new[c] = (f"P{c}", imitate(watch[w][1], rnd), classes)
            planted.append((w, c))
    return watch, new, planted


def direct_hits(
    index: WatchIndex, pairs: list[tuple[int, Entry]], config: MatchConfig
) -> tuple[set[tuple[str, str]], float]:
    """Score `pairs` one by one; return those reaching the threshold and µs per `score_pair`."""
    found, started = set(), time.perf_counter()
    for w, (cand_id, text, classes) in pairs:
        watch_id, _, watch_classes = index.watched[w]
        mark = prepare(text, config)
        result = score_pair(
            index.prepared[w], mark, config, classes_a=watch_classes, classes_b=classes
        )
        if result.similar:
            found.add((watch_id, cand_id))
    return found, (time.perf_counter() - started) * 1e6 / max(1, len(pairs))


def planted_labels(
    watch: list[Entry], new: list[Entry], planted: list[tuple[int, int]]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The planted imitations still in place, as (watch id, candidate id): all of them, and
    those planted in the watched mark's own classes (the ones a watch must alert on)."""
    last: dict[int, tuple[int, int]] = {}
    for i, (w, c) in enumerate(planted):
        last[c] = (w, i % 3)  # a later plant on the same position replaces an earlier one
    every = {(watch[w][0], new[c][0]) for c, (w, _) in last.items()}
    same_classes = {(watch[w][0], new[c][0]) for c, (w, copy) in last.items() if copy < 2}
    return every, same_classes


def bench_screen(watched: int = 1000, candidates: int = 1_000_000) -> dict[str, Any]:
    """Screen `candidates` new marks against `watched` marks; compare with a bare cdist."""
    config = load_config(DATA_DIR)
    watch, new, planted = make_sets(watched, candidates)
    hits, index, speed = measure_speed(watch, new, config)
    found = {(h.watch_id, h.candidate_id) for h in hits}
    should, micros = direct_hits(index, [(w, new[c]) for w, c in planted], config)
    labels_all, labels_same = planted_labels(watch, new, planted)
    return {
        "what": f"{watched:,} watched × {candidates:,} new marks (Latin, Chinese, mixed, random "
        "Nice classes; 3 planted imitations per watched mark)",
        **speed,
        "planted_pairs_similar_when_scored_directly": len(should),
        # against the labels: every planted imitation in the watched mark's classes should alert
        "recall_on_planted_pairs_in_their_classes": round(
            len(labels_same & found) / max(1, len(labels_same)), 4
        ),
        "recall_on_all_planted_pairs": round(len(labels_all & found) / max(1, len(labels_all)), 4),
        "planted_pairs": {"all": len(labels_all), "in_their_classes": len(labels_same)},
        # the index against scoring every planted pair directly (not a recall on labels)
        "index_finds_of_planted_pairs_the_scorer_accepts": round(
            len(should & found) / max(1, len(should)), 4
        ),
        "recall_vs_scoring_every_pair": index_recall(watch, new, planted, config),
        "score_pair_microseconds_mean_planted_pairs": round(micros, 1),
    }


def bench_score_pair(pairs: int = 20_000) -> dict[str, Any]:
    """Time `score_pair` with reasons on random pairs and on imitations, microseconds per pair."""
    config = load_config(DATA_DIR)
    rnd = random.Random(3)
    marks = [prepare(make_mark(rnd), config) for _ in range(2 * pairs)]
    copies = [prepare(imitate(m.text, rnd), config) for m in marks[:pairs]]
    timings = {}
    for name, left, right in (
        ("random_pairs", marks[:pairs], marks[pairs:]),
        ("imitations", marks[:pairs], copies),
    ):
        started = time.perf_counter()
        for a, b in zip(left, right, strict=True):
            score_pair(a, b, config, classes_a=(7,), classes_b=(7,))
        timings[f"{name}_microseconds_mean"] = round(
            (time.perf_counter() - started) * 1e6 / pairs, 1
        )
    return {**timings, "goal_microseconds": 1000.0}


def listing_photo(seed: int = 1) -> bytes:
    """Return an 800×800 JPEG: a logo (ring, star, word) printed on a box in a shaded photo."""
    rnd = random.Random(seed)
    ramp = np.linspace(200, 120, 800, dtype=np.float32)[None, :, None]
    photo = Image.fromarray(np.broadcast_to(ramp, (800, 800, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle([140, 120, 660, 720], radius=30, fill=(215, 210, 200))
    draw.ellipse([280, 260, 480, 460], outline=(20, 40, 160), width=16)
    draw.regular_polygon((470, 360, 80), 5, rotation=rnd.randint(0, 72), fill=(200, 30, 30))
    draw.text((290, 500), "KANGDA", fill=(20, 40, 160), font_size=64)
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def bench_logos(stored: int = 1_000_000, queries: int = 200) -> dict[str, Any]:
    """Time hashing an 800×800 JPEG with all views, and one query against `stored` hashes."""
    data = listing_photo()
    hash_logo(data)
    runs = []
    for _ in range(queries):
        started = time.perf_counter()
        hashes = hash_logo(data)
        runs.append(time.perf_counter() - started)
    index = LogoIndex()
    rng = np.random.default_rng(1)
    index.add(np.arange(stored), rng.integers(0, 2**63, stored, dtype=np.int64).astype(np.uint64))
    scans = []
    for query in hashes.phash[: min(queries, len(hashes.phash))].tolist() * (
        queries // len(hashes.phash) + 1
    ):
        started = time.perf_counter()
        index.search([query], max_bits=12)
        scans.append(time.perf_counter() - started)
    return {
        "hash_800px_jpeg_all_views_ms_median": round(statistics.median(runs) * 1000, 2),
        "views_and_regions_hashed": len(hashes.names),
        "goal_hash_ms": 5.0,
        "search_one_hash_in_1m_ms_median": round(statistics.median(scans) * 1000, 3),
        "goal_search_ms": 2.0,
    }


def run() -> dict[str, Any]:
    """Run every similarity benchmark; return the figures for bench/results.json."""
    return {
        "screen": bench_screen(),
        "screen_dense": screen_dense_bench.run(),
        "score_pair": bench_score_pair(),
        "logos": bench_logos(),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
