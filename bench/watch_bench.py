"""Watch matching benchmark: 10,000 marketplace listings (a title and a product photo each)
screened against 1,000 watched marks, 200 of them with a logo, end to end on every CPU.

Planted: text imitations of watched marks in their classes (`imitate`), and copies of watched
logos printed small on a box in a product photo (some recoloured, some mirrored) under unrelated
titles. Timed: building the watch list (hashing the watched logos), turning the listing photos
into what screening needs, and `screen_candidates`. Goal: under 10 s in all.
"""

from __future__ import annotations

import io
import os
import random
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

from bench.similarity_bench import imitate, listing_photo, make_mark
from eval.logo_eval import make_logo, recolour
from infringement.similarity.config import load_config
from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_match import MATCH_SCORE, Logo, compare_logos
from infringement.watch import (
    LOGO_FLOOR,
    Candidate,
    WatchedMark,
    WatchList,
    build_watch_list,
    screen_candidates,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "infringement"
GOAL_SECONDS = 10.0
WORDS = ("drill set", "电钻", "充电式 工具", "phone case", "运动鞋", "teapot", "LED lamp", "背包")


@dataclass(frozen=True)
class Listing:
    """One listing: id, title, classes, product photo (JPEG bytes); what was planted in it."""

    id: str
    title: str
    classes: tuple[int, ...]
    photo: bytes
    text_copy_of: str = ""
    logo_copy_of: str = ""


def _encode(img: Image.Image, kind: str = "JPEG", quality: int = 85) -> bytes:
    buf = io.BytesIO()
    img.save(buf, kind, quality=quality)
    return buf.getvalue()


def _backdrop(rnd: random.Random, side: int) -> Image.Image:
    """A studio backdrop: white, or a colour with a shading gradient."""
    if rnd.random() < 0.4:
        return Image.new("RGB", (side, side), (255, 255, 255))
    base = np.array([rnd.randrange(120, 256) for _ in range(3)], dtype=np.float32)
    shade = np.linspace(0, rnd.uniform(20, 70), side, dtype=np.float32)[None, :, None]
    row = Image.fromarray((base - shade).astype(np.uint8))  # one row, stretched down
    return row.resize((side, side), Image.Resampling.NEAREST)


def unrelated_photo(seed: int) -> bytes:
    """Return a 600–800 px product photo JPEG: a box or object, random shapes and words."""
    rnd = random.Random(seed)
    side = rnd.randint(600, 800)
    if rnd.random() < 0.05:  # someone else's branded box (ring, star, KANGDA)
        return _encode(Image.open(io.BytesIO(listing_photo(seed))).resize((side, side)))
    photo = _backdrop(rnd, side)
    draw = ImageDraw.Draw(photo)
    for _ in range(rnd.randint(2, 7)):
        x0, y0 = rnd.randrange(0, side - 120), rnd.randrange(0, side - 120)
        x1, y1 = rnd.randrange(x0 + 60, side), rnd.randrange(y0 + 60, side)
        fill = tuple(rnd.randrange(0, 256) for _ in range(3))
        kind = rnd.randrange(4)
        if kind == 0:
            draw.rounded_rectangle([x0, y0, x1, y1], radius=rnd.randint(0, 40), fill=fill)
        elif kind == 1:
            draw.ellipse([x0, y0, x1, y1], fill=fill)
        elif kind == 2:
            draw.line([x0, y0, x1, y1], fill=fill, width=rnd.randint(3, 20))
        else:
            r = (x1 - x0) // 2
            draw.regular_polygon((x0 + r, y0 + r, r), rnd.randint(3, 8), fill=fill)
    for _ in range(rnd.randint(0, 3)):
        word = make_mark(rnd) if rnd.random() < 0.5 else rnd.choice(WORDS)
        word = word if word.isascii() else "SALE"  # Pillow's own font draws no Hanzi
        font = ImageFont.load_default(size=rnd.randint(20, 70))
        where = (rnd.randrange(0, side - 100), rnd.randrange(0, side - 60))
        draw.text(where, word, fill=tuple(rnd.randrange(0, 200) for _ in range(3)), font=font)
    return _encode(photo, quality=rnd.randint(70, 92))


def logo_photo(logo: Image.Image, seed: int) -> bytes:
    """Return a product photo with `logo` printed small on a box: as is (half the time),
    recoloured or mirrored."""
    rnd = random.Random(seed)
    trick = rnd.choice([lambda i: i, lambda i: i, lambda i: recolour(i, rnd), ImageOps.mirror])
    logo = trick(logo)
    side = rnd.randint(600, 800)
    photo = _backdrop(rnd, side)
    draw = ImageDraw.Draw(photo)
    x0, y0 = rnd.randint(side // 10, side // 4), rnd.randint(side // 10, side // 4)
    box_colour = tuple(rnd.randrange(180, 256) for _ in range(3))
    draw.rounded_rectangle([x0, y0, side - x0, side - y0], radius=24, fill=box_colour)
    size = int(side * rnd.uniform(0.25, 0.4))
    small = logo.resize((size, size), Image.Resampling.LANCZOS)
    where = (side // 2 - size // 2 + rnd.randint(-30, 30), side // 2 - size // 2)
    background = np.median(np.asarray(small)[:2].reshape(-1, 3), axis=0)
    ink = np.abs(np.asarray(small, dtype=np.int16) - background).max(axis=2) > 40
    photo.paste(small, where, Image.fromarray((ink * 255).astype(np.uint8)))
    return _encode(photo, quality=rnd.randint(75, 92))


def make_watched(
    rnd: random.Random, marks: int, with_logo: int
) -> tuple[list[WatchedMark], dict[str, bytes]]:
    """Return `marks` watched marks (text) and generated logos (PNG) of `with_logo` of them."""
    watched = [WatchedMark(f"W{i}", make_mark(rnd), (rnd.randint(1, 45),)) for i in range(marks)]
    chosen = rnd.sample(watched, with_logo)
    return watched, {mark.id: _encode(make_logo(rnd), "PNG") for mark in chosen}


def _photo_job(job: tuple[int, bytes | None]) -> bytes:
    seed, logo = job
    if logo is None:
        return unrelated_photo(seed)
    return logo_photo(Image.open(io.BytesIO(logo)).convert("RGB"), seed)


def make_listings(
    rnd: random.Random,
    watched: list[WatchedMark],
    logos: dict[str, bytes],
    count: int,
    text: int,
    copies: int,
) -> list[Listing]:
    """Return `count` listings: `text` planted imitations, `copies` photos showing a watched
    logo (in that mark's classes, under an unrelated title), every other photo unrelated."""
    copied = rnd.sample(sorted(logos), copies)
    slots = rnd.sample(range(count), copies + text)
    logo_at = dict(zip(slots[:copies], copied, strict=True))
    text_at = dict(zip(slots[copies:], rnd.sample(watched, text), strict=True))
    by_id = {m.id: m for m in watched}
    jobs = [(1000 + i, logos[logo_at[i]] if i in logo_at else None) for i in range(count)]
    with ProcessPoolExecutor(os.cpu_count(), mp_context=get_context("fork")) as pool:
        photos = list(pool.map(_photo_job, jobs, chunksize=64))
    listings = []
    for i, photo in enumerate(photos):
        if i in text_at:
            mark = text_at[i]
            listings.append(Listing(f"L{i}", imitate(mark.mark, rnd), mark.classes, photo, mark.id))
            continue
        title = f"{make_mark(rnd)} {rnd.choice(WORDS)}"
        classes = by_id[logo_at[i]].classes if i in logo_at else (rnd.randint(1, 45),)
        listings.append(Listing(f"L{i}", title, classes, photo, "", logo_at.get(i, "")))
    return listings


def _open(photo: bytes) -> Logo | None:
    try:
        return Logo.open(photo)
    except LogoError:
        return None


def _recall(found: set[tuple[str, str]], planted: list[tuple[str, str]]) -> dict[str, Any]:
    hits = sum(pair in found for pair in planted)
    return {"planted": len(planted), "found": hits, "recall": round(hits / max(1, len(planted)), 4)}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker processes), in seconds."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def profile_pictures(watch_list: WatchList, photos: list[bytes]) -> dict[str, Any]:
    """Time opening (decoding and hashing) and matching unrelated photos one by one, and count
    how many come near a watched logo: the work every photo costs, on one CPU."""
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    opening, matching, near, evidence, matches = [], [], 0, 0, 0
    for photo in photos:
        started = time.perf_counter()
        logo = Logo.open(photo)
        opened = time.perf_counter()
        hits = watch_list.logos.search_logo(logo.hashes)
        watched = [watch_list.marks[h.key].logo for h in hits]
        scores = [compare_logos(w, logo)[0] for w in watched if w is not None]
        matching.append(time.perf_counter() - opened)
        opening.append(opened - started)
        near += bool(hits)
        evidence += max(scores, default=0.0) >= LOGO_FLOOR
        matches += max(scores, default=0.0) >= MATCH_SCORE
    cv2.setNumThreads(threads)
    return {
        "photos": len(photos),
        "open_ms_median": round(statistics.median(opening) * 1000, 2),
        "match_ms_median": round(statistics.median(matching) * 1000, 2),
        "open_and_match_ms_mean": round((sum(opening) + sum(matching)) * 1000 / len(photos), 2),
        "share_near_a_watched_logo": round(near / len(photos), 3),
        f"share_with_logo_score_{LOGO_FLOOR:g}_or_more": round(evidence / len(photos), 3),
        f"share_with_logo_score_{MATCH_SCORE:g}_or_more": round(matches / len(photos), 3),
    }


def _candidates(items: list[Listing], pictures: str) -> list[Candidate]:
    """The listings as candidates: photos as bytes (opened while screening) or opened here."""
    if pictures == "bytes":
        return [Candidate(x.id, x.title, x.classes, picture=x.photo) for x in items]
    return [Candidate(x.id, x.title, x.classes, logo=_open(x.photo)) for x in items]


def run(
    marks: int = 1000,
    with_logo: int = 200,
    listings: int = 10_000,
    text: int = 300,
    copies: int = 100,
    *,
    pictures: str = "bytes",
    seed: int = 5,
) -> dict[str, Any]:
    """Build the data set, time the three stages of screening it; return the figures.

    `pictures`: "bytes" hands the photos to `screen_candidates` as they are; "opened" opens
    each with `Logo.open` first, one after the other (the way before pictures were accepted).
    """
    rnd = random.Random(seed)
    config = load_config(DATA_DIR)
    watched, logos = make_watched(rnd, marks, with_logo)
    started = time.perf_counter()
    items = make_listings(rnd, watched, logos, listings, text, copies)
    made = time.perf_counter() - started

    clock, cpu = [time.perf_counter()], _cpu_seconds()
    marks_with_logos = [
        WatchedMark(m.id, m.mark, m.classes, logo=Logo.open(logos[m.id])) if m.id in logos else m
        for m in watched
    ]
    watch_list = build_watch_list(marks_with_logos, config)
    clock.append(time.perf_counter())
    candidates = _candidates(items, pictures)
    clock.append(time.perf_counter())
    hits = screen_candidates(watch_list, candidates)
    clock.append(time.perf_counter())
    cpu = _cpu_seconds() - cpu

    found = {(h.watch_id, h.candidate_id) for h in hits}
    logo_planted = [(x.logo_copy_of, x.id) for x in items if x.logo_copy_of]
    text_planted = [(x.text_copy_of, x.id) for x in items if x.text_copy_of]
    stages = ("build_watch_list", "listing_pictures", "screen_candidates")
    counts = watch_list.index.last_counts
    return {
        "what": f"{marks:,} watched marks ({with_logo} with a logo) × {listings:,} listings "
        f"(title and a 600–800 px JPEG photo each; {text} text imitations and {copies} logo "
        "copies planted)",
        "pictures": pictures,
        "workers": os.cpu_count(),
        "seconds": {s: round(b - a, 2) for s, a, b in zip(stages, clock, clock[1:], strict=False)},
        "total_seconds": round(clock[-1] - clock[0], 2),
        "goal_seconds": GOAL_SECONDS,
        "cpu_seconds": round(cpu, 1),
        "text_screening_cpu_seconds": round(sum(counts.seconds.values()), 2),
        "recall_logo_copies": _recall(found, logo_planted),
        "recall_text_imitations": _recall(found, text_planted),
        "pairs_scored": counts.scored,
        "hits": len(hits),
        "hits_not_planted": len(found - set(logo_planted) - set(text_planted)),
        "unrelated_photos_one_by_one": profile_pictures(
            watch_list, [x.photo for x in items if not x.logo_copy_of][:200]
        ),
        "seconds_making_the_data_set": round(made, 1),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
