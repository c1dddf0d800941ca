"""The watch list, and the one function that screens candidates (filings, listings) against it.

A watched mark has an id, a text, Nice classes, other names of the same brand (aliases:
translations, transliterations) and optionally a logo; a candidate has an id, a text, classes and
optionally a logo. `screen_candidates` returns every (watched mark, candidate) pair scoring at
or above the threshold, with reasons; `score_marks` scores one pair. The CLI, the crawl pipeline
and gazette imports all call these; reading files and decoding images is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from infringement.similarity.config import MatchConfig, merge_aliases
from infringement.similarity.index import Entry, Hit, WatchIndex
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
    """A mark or listing title to screen: its id, text, Nice classes (1–45) and a logo."""

    id: str
    mark: str
    classes: tuple[int, ...] = ()
    logo: Logo | None = None


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

    `threshold` is on 0–100 (default: the config's alert threshold). Each candidate's logo is
    compared with the watched logos near it as the candidate arrives, then let go: a generator of
    candidates holds one image at a time. `workers`: processes for the text screening (default:
    every CPU for large inputs, else one).
    """
    entries: list[Entry] = []
    logos: dict[tuple[int, int], tuple[float, str]] = {}
    for candidate in candidates:
        if candidate.logo is not None:
            for watched, found in _match_logo(watch_list, candidate.logo):
                # keyed by positions in the watch list and in `entries`, both built here
                logos[watched, len(entries)] = found
        entries.append((candidate.id, candidate.mark, candidate.classes))
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
