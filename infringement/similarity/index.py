"""Screen many candidate marks or titles against many watched marks without scoring every pair.

Identical candidate texts are screened once. Forms: each text's cheap screening strings
(`forms`). Shortlist: rapidfuzz compares those of every (watched, text) pair in C, kind by kind,
with cut-offs raised by what the goods of the pair take away (`gate`), pairs sharing an exact
key pass too (`blocking`), and pairs of one-word Latin marks must be able to reach the score
they need by the Latin channel's bound (`edits`); see `shortlist`. Score: only the candidates of
the shortlisted pairs are prepared in full, and `score_pair` with reasons runs on those pairs
(once for candidates with the same text and classes). Large inputs are cut into chunks screened
by worker processes.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import NamedTuple

import numpy as np

from infringement.similarity.config import MatchConfig
from infringement.similarity.forms import build_forms, find_aliases
from infringement.similarity.marks import Prepared
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import TextScore, finish_score, score_text
from infringement.similarity.shortlist import index_watched, number_distinct, shortlist

CHUNK = 125_000  # candidates screened at a time (one worker's job)
PARALLEL_FROM = 100_000  # candidates from which `screen` uses every CPU by default

Entry = tuple[str, str, Sequence[int]]  # (id, mark text or title, Nice classes)
LogoScores = Mapping[tuple[int, int], tuple[float, str]]  # (watched, candidate) → logo score


class Hit(NamedTuple):
    """A candidate resembling a watched mark: both ids and texts, the 0–100 score, the reasons
    (a named tuple: a screen makes and sends back tens of thousands)."""

    watch_id: str
    watch_mark: str
    candidate_id: str
    candidate_mark: str
    score: float
    reasons: tuple[str, ...]


@dataclass
class Counts:
    """Count the pairs through each stage of the last `screen`, for benchmarks and tuning.

    `texts`: distinct candidate texts (per chunk); `blocked`: (watched, text) pairs through the
    gate or sharing a key; `scored`: (watched, candidate) pairs scored in full; `seconds`: time
    spent per stage, summed over worker processes.
    """

    candidates: int = 0
    texts: int = 0
    blocked: int = 0
    scored: int = 0
    hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        """Add another chunk's counts to these."""
        self.candidates += other.candidates
        self.texts += other.texts
        self.blocked += other.blocked
        self.scored += other.scored
        self.hits += other.hits
        for stage, spent in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + spent


class WatchIndex:
    """Hold prepared watched marks and their screening forms; screen candidates against them."""

    def __init__(self, watched: Sequence[Entry], config: MatchConfig) -> None:
        self.config = config
        self.watched = list(watched)
        texts = [text for _, text, _ in self.watched]
        self.prepared = [prepare(text, config) for text in texts]
        self.aliases = find_aliases(config, {g for p in self.prepared for g in p.aliases})
        classes = [tuple(classes) for _, _, classes in self.watched]
        self.index = index_watched(self.prepared, classes, config, self.aliases)
        self.last_counts = Counts()

    def screen(
        self,
        candidates: Iterable[Entry],
        threshold: float | None = None,
        *,
        logos: LogoScores | None = None,
        workers: int | None = None,
    ) -> list[Hit]:
        """Return every (watched, candidate) pair scoring at least `threshold`, best first.

        `threshold` is on 0–100 (default: the config's alert threshold). `logos` holds logo
        similarities (0–100, reason) of (watched position, candidate position) pairs, which
        are always scored. `workers`: processes (default: every CPU for large inputs, else 1).
        """
        limit = self.config.threshold if threshold is None else threshold
        items = candidates if isinstance(candidates, Sequence) else list(candidates)
        if workers is None:
            workers = (os.cpu_count() or 1) if len(items) >= PARALLEL_FROM else 1
        starts = range(0, len(items), CHUNK)
        if workers <= 1 or len(starts) <= 1:
            results = [self._screen_chunk(items, start, limit, logos) for start in starts]
        else:  # forked workers inherit the index and the candidates: only positions are sent
            context = get_context("fork")
            gc.freeze()  # the collector in a worker leaves the inherited objects' pages shared
            try:
                with ProcessPoolExecutor(
                    workers, mp_context=context, initializer=_adopt, initargs=(self, items, logos)
                ) as pool:
                    results = list(pool.map(_screen_in_worker, starts, [limit] * len(starts)))
            finally:
                gc.unfreeze()
        self.last_counts = Counts()
        for _, counts in results:
            self.last_counts.add(counts)
        hits = [hit for found, _ in results for hit in found]
        return sorted(hits, key=lambda h: (-h.score, h.watch_id, h.candidate_id))

    def _screen_chunk(
        self, items: Sequence[Entry], start: int, limit: float, logos: LogoScores | None
    ) -> tuple[list[Hit], Counts]:
        """Screen the chunk of `items` from `start` (and its logo scores) with the cyclic garbage
        collector paused: the chunk's forms are
        hundreds of thousands of small containers without cycles, which it would traverse
        again and again (a fifth of the time) to free nothing; it runs once the chunk is done."""
        paused = gc.isenabled()
        gc.disable()
        try:
            chunk = list(items[start : start + CHUNK])
            return self._screen_chunk_now(chunk, limit, _logos_in(logos, start, CHUNK))
        finally:
            if paused:
                gc.enable()

    def _screen_chunk_now(
        self, chunk: list[Entry], limit: float, logos: LogoScores
    ) -> tuple[list[Hit], Counts]:
        """Screen one chunk: forms, shortlist, score; return its hits and counts."""
        clock = [time.perf_counter()]
        seconds = {}

        def lap(stage: str) -> None:
            clock.append(time.perf_counter())
            seconds[stage] = clock[-1] - clock[-2]

        numbers = number_distinct([text for _, text, _ in chunk])  # listings repeat titles
        texts = list(numbers)
        text_of = np.array([numbers[text] for _, text, _ in chunk], dtype=np.int64)
        forms = build_forms(texts, self.config, self.aliases)
        lap("forms")
        threads = -1 if _WORKER is None else 1  # in a worker, the other CPUs run the others
        classes = [tuple(classes) for _, _, classes in chunk]
        found, through = shortlist(
            self.index, forms, text_of, classes, limit, self.config, threads=threads, lap=lap
        )
        pairs = sorted(set(found) | set(logos))
        once: dict[int, Prepared] = {}
        for _, c in pairs:  # prepare each text of the pairs, once
            u = int(text_of[c])
            if u not in once:
                once[u] = prepare(texts[u], self.config)
        lap("prepare")
        scored = self._score(pairs, chunk, text_of.tolist(), once, logos)
        hits = [h for h in scored if h.score >= limit]
        lap("score")
        passed = len(set(zip(through.watched.tolist(), through.texts.tolist(), strict=True)))
        return hits, Counts(len(chunk), len(texts), passed, len(pairs), len(hits), seconds)

    def _score(
        self,
        pairs: list[tuple[int, int]],
        chunk: list[Entry],
        text_of: list[int],
        prepared: Mapping[int, Prepared],
        logos: LogoScores,
    ) -> Iterator[Hit]:
        """Score (watched, candidate) position pairs in full, with reasons; the texts of a
        watched mark and a candidate text are compared once, whatever the candidates' goods."""
        texts: dict[tuple[int, int], TextScore] = {}
        for w, c in pairs:
            watch_id, watch_text, watch_classes = self.watched[w]
            cand_id, cand_text, cand_classes = chunk[c]
            key = (w, text_of[c])
            text = texts.get(key)
            if text is None:
                text = texts[key] = score_text(self.prepared[w], prepared[text_of[c]], self.config)
            result = finish_score(
                text,
                self.config,
                classes_a=watch_classes,
                classes_b=cand_classes,
                logo=logos.get((w, c)),
            )
            yield Hit(watch_id, watch_text, cand_id, cand_text, result.score, result.reasons)


_WORKER: WatchIndex | None = None
_CANDIDATES: Sequence[Entry] = ()
_LOGOS: LogoScores | None = None


def _adopt(index: WatchIndex, candidates: Sequence[Entry], logos: LogoScores | None) -> None:
    global _WORKER, _CANDIDATES, _LOGOS
    _WORKER, _CANDIDATES, _LOGOS = index, candidates, logos


def _screen_in_worker(start: int, limit: float) -> tuple[list[Hit], Counts]:
    assert _WORKER is not None
    return _WORKER._screen_chunk(_CANDIDATES, start, limit, _LOGOS)


def _logos_in(
    logos: LogoScores | None, start: int, size: int
) -> dict[tuple[int, int], tuple[float, str]]:
    """Return the logo scores of one chunk, keyed by candidate position within the chunk."""
    if not logos:
        return {}
    return {(w, c - start): v for (w, c), v in logos.items() if start <= c < start + size}
