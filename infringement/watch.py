"""The watch list, and the one function that screens candidates (filings, listings) against it.

A watched mark has an id, a text, Nice classes, other names of the same brand (aliases:
translations, transliterations) and optionally a logo; a candidate has an id, a text, classes and
optionally a logo, or a picture still to be opened. `screen_candidates` returns every (watched
mark, candidate) pair scoring at or above the threshold, with reasons; `score_marks` scores one
pair. The CLI, the crawl pipeline and gazette imports all call these. Candidates' pictures are
opened and hashed here, in worker processes; the watched marks' logos are opened by the caller.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import cv2

from infringement.similarity.config import MatchConfig, merge_aliases
from infringement.similarity.index import Entry, Hit, WatchIndex
from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_index import LogoIndex
from infringement.similarity.logo_match import Logo, compare_logos
from infringement.similarity.normalize import prepare
from infringement.similarity.scoring import LOGO_EVIDENCE, Score, score_pair

LOGO_FLOOR = LOGO_EVIDENCE
"""Logo similarity (0–100) a candidate's logo needs for its pair to be scored on the logo.

A pair with a logo score is scored whatever its text. The scorer words a logo as a reason only
from `LOGO_EVIDENCE` (50) up, so a weaker logo could only yield a hit (under a threshold below
50) whose score rests on a resemblance no reason mentions; at the default threshold such a pair
cannot become a hit at all, and scoring it is wasted work.
"""
BATCH = 32  # pictures a worker process opens and matches per job
Picture = bytes | Path  # an image file's content or path (JPEG, PNG, WebP…)
LogoMatches = list[tuple[int, tuple[float, str]]]  # (watched position, (score 0–100, reason))

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchedMark:
    """A mark to watch: its id, text, Nice classes (1–45), other names of the brand, a logo."""

    id: str
    mark: str
    classes: tuple[int, ...] = ()
    aliases: tuple[str, ...] = ()
    logo: Logo | None = None


@dataclass(frozen=True)
class Candidate:
    """A mark or listing title to screen: its id, text, Nice classes (1–45) and a logo.

    Give a listing's image as `picture` (its bytes or file path) rather than as an opened
    `logo`: `screen_candidates` then opens and hashes it in its worker processes, on every CPU.
    `logo` wins when both are given.
    """

    id: str
    mark: str
    classes: tuple[int, ...] = ()
    logo: Logo | None = None
    picture: Picture | None = None


@dataclass(frozen=True)
class WatchList:
    """Watched marks ready to screen: the config with their aliases, the text and logo indexes."""

    marks: tuple[WatchedMark, ...]
    config: MatchConfig
    index: WatchIndex
    logos: LogoIndex


def build_watch_list(marks: Iterable[WatchedMark], config: MatchConfig) -> WatchList:
    """Index watched marks for screening; marks sharing an id, with their aliases, are one brand.

    Each mark is screened on its own text (its hits name it); the brand's names become
    translation aliases of each other, so a candidate using any of them is scored as a
    translation against every mark of the brand.
    """
    watched = tuple(marks)
    brands: dict[str, list[str]] = {}
    for mark in watched:
        brands.setdefault(mark.id, []).extend([mark.mark, *mark.aliases])
    merged = merge_aliases(config, brands.values())
    entries: list[Entry] = [(m.id, m.mark, m.classes) for m in watched]
    logos = LogoIndex()
    for number, mark in enumerate(watched):
        if mark.logo is not None:
            logos.add_logo(number, mark.logo.hashes)
    return WatchList(watched, merged, WatchIndex(entries, merged), logos)


def screen_candidates(
    watch_list: WatchList,
    candidates: Iterable[Candidate],
    *,
    threshold: float | None = None,
    workers: int | None = None,
) -> list[Hit]:
    """Return every (watched mark, candidate) pair scoring at least `threshold`, best first.

    `threshold` is on 0–100 (default: the config's alert threshold). Each candidate's logo or
    picture is compared with the watched logos near it as the candidate arrives, then let go: a
    generator of candidates holds a few batches of pictures at a time. A picture that cannot be
    read (broken, not an image, too large) is logged and skipped; its text is still screened.
    `workers`: processes (default: every CPU for large inputs, over BATCH pictures or 100,000
    texts, else one).
    """
    entries: list[Entry] = []
    logos: dict[tuple[int, int], tuple[float, str]] = {}
    # keyed by positions in the watch list and in `entries`, both built here
    with _Pictures(watch_list, workers) as pictures:
        for candidate in candidates:
            position = len(entries)
            if candidate.logo is not None:
                for watched, found in _match_logo(watch_list, candidate.logo):
                    logos[watched, position] = found
            elif candidate.picture is not None:
                pictures.add(position, candidate.id, candidate.picture)
            entries.append((candidate.id, candidate.mark, candidate.classes))
        for position, matches in pictures.results():
            for watched, found in matches:
                logos[watched, position] = found
    return watch_list.index.screen(entries, threshold, logos=logos, workers=workers)


def _match_logo(watch_list: WatchList, logo: Logo) -> Iterator[tuple[int, tuple[float, str]]]:
    """Yield (watched mark's position, (score 0–100, reason)) for each watched logo like `logo`."""
    if not len(watch_list.logos):
        return
    for near in watch_list.logos.search_logo(logo.hashes):
        watched = watch_list.marks[near.key].logo
        if watched is None:  # never: only marks with a logo are in the logo index
            continue
        found = compare_logos(watched, logo)
        if found[0] >= LOGO_FLOOR:
            yield near.key, found


def _match_picture(watch_list: WatchList, picture: Picture, name: str) -> LogoMatches:
    """Open a picture and return (watched position, (score 0–100, reason)) of each watched
    logo like it; raise LogoError naming the picture when it cannot be read."""
    return list(_match_logo(watch_list, Logo.open(picture, name=name)))


_Job = list[tuple[int, str, Picture]]  # (position, candidate id, picture)
_Done = list[tuple[int, LogoMatches, str]]  # (position, matches, why the picture was skipped)
_WATCH: WatchList | None = None


class _Pictures:
    """Match candidates' pictures in batches: here for a single batch, else in worker processes.

    At most two batches per worker are in flight, so a generator of candidates is read only as
    fast as the pictures are matched. A picture seen before (the same bytes or path: listings
    share photos) is matched once.
    """

    def __init__(self, watch_list: WatchList, workers: int | None) -> None:
        self.watch_list = watch_list
        self.workers = workers
        self.batch: _Job = []
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[Future[_Done]] = deque()
        self.done: list[tuple[int, LogoMatches]] = []
        self.first: dict[bytes | Path, int] = {}  # picture (digest or path) → first position
        self.again: dict[int, list[int]] = {}  # first position → later positions, same picture

    def __enter__(self) -> _Pictures:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def add(self, position: int, candidate_id: str, picture: Picture) -> None:
        """Queue one picture; start a batch when BATCH are queued."""
        if not len(self.watch_list.logos):
            return  # no watched logo to compare it with
        key = (
            picture
            if isinstance(picture, Path)
            else hashlib.blake2b(picture, digest_size=16).digest()
        )
        first = self.first.setdefault(key, position)
        if first != position:
            self.again.setdefault(first, []).append(position)
            return
        self.batch.append((position, candidate_id, picture))
        if len(self.batch) >= BATCH:
            self._submit()

    def results(self) -> Iterator[tuple[int, LogoMatches]]:
        """Match what is left and yield (position, matches) for every picture with matches."""
        if self.pool is None:
            self._keep(_match_batch(self.watch_list, self.batch))
        elif self.batch:
            self._submit()
        while self.pending:
            self._keep(self.pending.popleft().result())
        for position, matches in self.done:
            for same in (position, *self.again.get(position, ())):
                yield same, matches

    def _submit(self) -> None:
        job, self.batch = self.batch, []
        workers = self.workers if self.workers is not None else os.cpu_count() or 1
        if workers <= 1:
            self._keep(_match_batch(self.watch_list, job))
            return
        if self.pool is None:
            self.pool = _start_pool(self.watch_list, workers)
        self.pending.append(self.pool.submit(_match_in_worker, job))
        while len(self.pending) > 2 * workers:
            self._keep(self.pending.popleft().result())

    def _keep(self, done: _Done) -> None:
        for position, matches, skipped in done:
            if skipped:
                logger.warning("picture skipped: %s", skipped)
            elif matches:
                self.done.append((position, matches))


def _match_batch(watch_list: WatchList, job: _Job) -> _Done:
    done: _Done = []
    for position, candidate_id, picture in job:
        name = f"picture of {candidate_id}" + (f" ({picture})" if isinstance(picture, Path) else "")
        try:
            done.append((position, _match_picture(watch_list, picture, name), ""))
        except LogoError as exc:
            done.append((position, [], str(exc)))
        except Exception as exc:  # one odd picture must not cost the batch its screening
            done.append((position, [], f"{name}: {type(exc).__name__}: {exc}"))
    return done


def _start_pool(watch_list: WatchList, workers: int) -> ProcessPoolExecutor:
    """Start worker processes that inherit the watch list and run OpenCV on one thread each.

    The workers already use every CPU. OpenCV's thread count cannot be set in a forked worker
    (`cv2.setNumThreads` hangs there), so it is set to one here while the workers are forked
    (all of them, at the first job), then restored.
    """
    context = get_context("fork")  # workers inherit the watched logos instead of unpickling them
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_adopt, initargs=(watch_list,)
    )
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        pool.submit(_match_in_worker, [])  # forks every worker
    finally:
        cv2.setNumThreads(threads)
    return pool


def _adopt(watch_list: WatchList) -> None:
    global _WATCH
    _WATCH = watch_list


def _match_in_worker(job: _Job) -> _Done:
    assert _WATCH is not None
    return _match_batch(_WATCH, job)


def score_marks(
    mark_a: str,
    mark_b: str,
    config: MatchConfig,
    *,
    classes_a: Sequence[int] = (),
    classes_b: Sequence[int] = (),
    logo_a: Logo | None = None,
    logo_b: Logo | None = None,
) -> Score:
    """Score two marks 0–100 with reasons; their logos count when both are given."""
    logo = compare_logos(logo_a, logo_b) if logo_a is not None and logo_b is not None else None
    return score_pair(
        prepare(mark_a, config),
        prepare(mark_b, config),
        config,
        classes_a=classes_a,
        classes_b=classes_b,
        logo=logo,
    )
