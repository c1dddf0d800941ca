"""Screen many candidate marks or titles against many watched marks without scoring every pair.

Three stages. Blocking: a candidate meets only the watched marks sharing one of its blocking
keys (`blocking.blocking_keys`). Gate: those pairs are measured in C by rapidfuzz
(`process.cpdist`, on every thread) on letters, look-alike skeletons, sound codes and Hanzi, and
pairs sharing a strong key (same Metaphone, same translation group, three kinds of key) pass
anyway (`gate`). Score: `score_pair` with reasons runs only on the pairs through the gate. Large
inputs are cut into chunks screened by worker processes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import numpy as np
from numpy.typing import NDArray

from infringement.similarity.blocking import blocking_keys
from infringement.similarity.config import MatchConfig
from infringement.similarity.gate import STRONG_KEYS, STRONG_KINDS, gate_strings, pass_gate
from infringement.similarity.goods import relate_goods
from infringement.similarity.marks import Prepared
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import score_pair

CHUNK = 50_000  # candidates screened at a time (one worker's job)
PARALLEL_FROM = 100_000  # candidates from which `screen` uses every CPU by default
GATE = True  # False scores every pair sharing a key (to measure what the gate loses)

Entry = tuple[str, str, Sequence[int]]  # (id, mark text or title, Nice classes)
LogoScores = Mapping[tuple[int, int], tuple[float, str]]  # (watched, candidate) → logo score


@dataclass(frozen=True)
class Hit:
    """A candidate resembling a watched mark: both ids and texts, the 0–100 score, the reasons."""

    watch_id: str
    watch_mark: str
    candidate_id: str
    candidate_mark: str
    score: float
    reasons: tuple[str, ...]


@dataclass
class Counts:
    """Count the pairs through each stage of the last `screen`, for benchmarks and tuning.

    `seconds`: time spent per stage, summed over worker processes.
    """

    candidates: int = 0
    blocked: int = 0
    scored: int = 0
    hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        """Add another chunk's counts to these."""
        self.candidates += other.candidates
        self.blocked += other.blocked
        self.scored += other.scored
        self.hits += other.hits
        for stage, spent in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + spent


class WatchIndex:
    """Hold prepared watched marks and their blocking keys; screen candidates against them."""

    def __init__(self, watched: Sequence[Entry], config: MatchConfig) -> None:
        self.config = config
        self.watched = list(watched)
        self.prepared = [prepare(text, config) for _, text, _ in self.watched]
        self.gate = gate_strings(self.prepared)
        postings: dict[str, list[int]] = {}
        for position, p in enumerate(self.prepared):
            for key in blocking_keys(p):
                postings.setdefault(key, []).append(position)
        self.key_ids = {key: number for number, key in enumerate(postings)}
        kinds = sorted({key.split(":", 1)[0] + ":" for key in postings})
        bit = {kind: np.int64(1) << np.int64(i) for i, kind in enumerate(kinds[:62])}
        self.key_bits = np.array([bit.get(k.split(":", 1)[0] + ":", 0) for k in postings], np.int64)
        self.strong_bits = np.int64(sum(int(bit.get(k, 0)) for k in STRONG_KEYS))
        self.starts = np.cumsum([0] + [len(v) for v in postings.values()], dtype=np.int64)
        self.members = np.array([w for v in postings.values() for w in v], dtype=np.int64)
        self.class_sets = _distinct([tuple(classes) for _, _, classes in self.watched])
        self.class_ids = np.array(
            [self.class_sets[tuple(classes)] for _, _, classes in self.watched], dtype=np.int64
        )
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
        jobs = [
            (list(items[start : start + CHUNK]), limit, _logos_in(logos, start, CHUNK))
            for start in range(0, len(items), CHUNK)
        ]
        if workers <= 1 or len(jobs) <= 1:
            results = [self._screen_chunk(*job) for job in jobs]
        else:
            context = get_context("fork")  # workers inherit the index instead of unpickling it
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_adopt, initargs=(self,)
            ) as pool:
                results = list(pool.map(_screen_in_worker, jobs))
        self.last_counts = Counts()
        for _, counts in results:
            self.last_counts.add(counts)
        hits = [hit for found, _ in results for hit in found]
        return sorted(hits, key=lambda h: (-h.score, h.watch_id, h.candidate_id))

    def _screen_chunk(
        self, chunk: list[Entry], limit: float, logos: LogoScores
    ) -> tuple[list[Hit], Counts]:
        """Screen one chunk: block, gate, score; return its hits and counts."""
        clock = [time.perf_counter()]
        seconds = {}

        def lap(stage: str) -> None:
            clock.append(time.perf_counter())
            seconds[stage] = clock[-1] - clock[-2]

        once: dict[str, Prepared] = {}  # listings repeat titles: prepare each text once
        prepared = [once.get(t) or once.setdefault(t, prepare(t, self.config)) for _, t, _ in chunk]
        lap("prepare")
        cand, watch, strong = self._blocked_pairs(prepared)
        lap("block")
        needed = limit - self._goods_adjustments(chunk, cand, watch)
        if GATE:
            threads = -1 if _WORKER is None else 1  # in a worker, the other CPUs run the others
            mine = gate_strings(prepared)
            passed = pass_gate(self.gate, mine, cand, watch, strong, needed, threads=threads)
        else:
            passed = cand >= 0
        pairs = set(zip(watch[passed].tolist(), cand[passed].tolist(), strict=True)) | set(logos)
        lap("gate")
        hits = [h for h in self._score(sorted(pairs), chunk, prepared, logos) if h.score >= limit]
        lap("score")
        return hits, Counts(len(chunk), len(cand), len(pairs), len(hits), seconds)

    def _score(
        self,
        pairs: list[tuple[int, int]],
        chunk: list[Entry],
        prepared: list[Prepared],
        logos: LogoScores,
    ) -> Iterator[Hit]:
        """Score (watched, candidate) position pairs in full, with reasons."""
        for w, c in pairs:
            watch_id, watch_text, watch_classes = self.watched[w]
            cand_id, cand_text, cand_classes = chunk[c]
            result = score_pair(
                self.prepared[w],
                prepared[c],
                self.config,
                classes_a=watch_classes,
                classes_b=cand_classes,
                logo=logos.get((w, c)),
            )
            yield Hit(watch_id, watch_text, cand_id, cand_text, result.score, result.reasons)

    def _blocked_pairs(
        self, prepared: list[Prepared]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
        """Return (candidate, watched) positions of pairs sharing a key, once each.

        The third array says whether a pair shares a strong key or many kinds of key.
        """
        key_ids = self.key_ids
        owners: list[int] = []
        keys: list[int] = []
        for position, p in enumerate(prepared):
            found = [key_ids[k] for k in blocking_keys(p) if k in key_ids]
            keys.extend(found)
            owners.extend([position] * len(found))
        key_arr = np.array(keys, dtype=np.int64)
        sizes = self.starts[key_arr + 1] - self.starts[key_arr]
        # every watched mark under every key of every candidate, without a Python loop
        ends = np.cumsum(sizes)
        offsets = np.arange(int(ends[-1]) if ends.size else 0) - np.repeat(ends - sizes, sizes)
        watch = self.members[np.repeat(self.starts[key_arr], sizes) + offsets]
        pair_ids = np.repeat(np.array(owners, dtype=np.int64), sizes) * len(self.watched) + watch
        if pair_ids.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=bool)
        order = np.argsort(pair_ids)
        ordered = pair_ids[order]
        first = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        unique = ordered[first]
        kinds = np.bitwise_or.reduceat(np.repeat(self.key_bits[key_arr], sizes)[order], first)
        strong = ((kinds & self.strong_bits) != 0) | (np.bitwise_count(kinds) >= STRONG_KINDS)
        return unique // len(self.watched), unique % len(self.watched), strong

    def _goods_adjustments(
        self, chunk: list[Entry], cand: NDArray[np.int64], watch: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Return the points the goods add to (or take from) each pair's score."""
        sets = _distinct([tuple(classes) for _, _, classes in chunk])
        ids = np.array([sets[tuple(classes)] for _, _, classes in chunk], dtype=np.int64)
        table = np.zeros((len(self.class_sets), len(sets)))
        related = self.config.related_classes
        for ours, i in self.class_sets.items():
            for theirs, j in sets.items():
                goods = relate_goods(ours, theirs, related)
                table[i, j] = goods.adjustment if goods else 0.0
        return table[self.class_ids[watch], ids[cand]]


_Job = tuple[list[Entry], float, LogoScores]
_WORKER: WatchIndex | None = None


def _distinct(values: list[tuple[int, ...]]) -> dict[tuple[int, ...], int]:
    """Number the distinct values in order of appearance."""
    return {value: number for number, value in enumerate(dict.fromkeys(values))}


def _adopt(index: WatchIndex) -> None:
    global _WORKER
    _WORKER = index


def _screen_in_worker(job: _Job) -> tuple[list[Hit], Counts]:
    assert _WORKER is not None
    return _WORKER._screen_chunk(*job)


def _logos_in(
    logos: LogoScores | None, start: int, size: int
) -> dict[tuple[int, int], tuple[float, str]]:
    """Return the logo scores of one chunk, keyed by candidate position within the chunk."""
    if not logos:
        return {}
    return {(w, c - start): v for (w, c), v in logos.items() if start <= c < start + size}
