"""Matching configuration: stop words, brand translations, related classes, shape-similar Hanzi,
how common each word is among brand and company names.

Loaded from the CSV files in `data/infringement/` by `load_config(data_dir)`; nothing is read at
import time, and every table can be edited by users.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_THRESHOLD = 70.0
"""Default alert threshold on the 0–100 score: pairs scoring at or above it are `similar`."""

_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class MatchConfig:
    """Hold the editable tables the matcher uses and the alert threshold (0–100).

    `translations` maps an alias group (a brand key) to its aliases in any script (`苹果`,
    `apple`); `related_classes` maps a Nice class (1–45) to the classes whose goods are related;
    `shape_similar` maps a Hanzi to its look-alike characters with a similarity in 0–1;
    `word_frequency` maps a folded word (Latin word or 2–4 Hanzi) to the share of brand and
    company names that contain it, per 100,000 names; `descriptive_words` are industry, place
    and product words, weak in a mark however rare they are among names.
    Equality is identity, so a config can key caches.
    """

    stop_words: frozenset[str] = _EMPTY
    translations: Mapping[str, frozenset[str]] = field(default_factory=dict)
    related_classes: Mapping[int, frozenset[int]] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD
    shape_similar: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    word_frequency: Mapping[str, float] = field(default_factory=dict)
    descriptive_words: frozenset[str] = _EMPTY


def clean_entry(text: str) -> str:
    """Clean a table entry: NFKC, lower case, single spaces (full folding happens in `prepare`)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def load_stop_words(path: Path) -> frozenset[str]:
    """Read `stopwords.csv` (column `word`) into folded stop words and shop phrases."""
    words = (clean_entry(row["word"]) for row in _rows(path))
    return frozenset(w for w in words if w)


def load_translations(path: Path) -> dict[str, frozenset[str]]:
    """Read `brand_translations.csv` (columns `brand`, `alias`) into alias groups per brand."""
    groups: dict[str, set[str]] = {}
    for row in _rows(path):
        brand, alias = clean_entry(row["brand"]), clean_entry(row["alias"])
        if brand and alias:
            groups.setdefault(brand, {brand}).add(alias)
    return {k: frozenset(v) for k, v in groups.items()}


def load_related_classes(path: Path) -> dict[int, frozenset[int]]:
    """Read `related_classes.csv` (columns `class_a`, `class_b`) into a symmetric relation."""
    related: dict[int, set[int]] = {}
    for row in _rows(path):
        a, b = int(row["class_a"]), int(row["class_b"])
        related.setdefault(a, set()).add(b)
        related.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in related.items()}


def load_shape_similar(path: Path) -> dict[str, dict[str, float]]:
    """Read `shape_similar_hanzi.csv` (`char_a`, `char_b`, `similarity` 0–1), both directions."""
    table: dict[str, dict[str, float]] = {}
    for row in _rows(path):
        a, b, sim = row["char_a"], row["char_b"], float(row["similarity"])
        for x, y in ((a, b), (b, a)):
            inner = table.setdefault(x, {})
            inner[y] = max(sim, inner.get(y, 0.0))
    return table


def load_word_frequency(path: Path) -> tuple[dict[str, float], frozenset[str]]:
    """Read `word_frequency.csv` (`word`, `names`, `per_100k`, `kind`) into rates and descriptives.

    Returns {word: names containing it per 100,000 names} and the words of kind `industry`,
    `place` or `goods` (descriptive of a trade, a place or goods).
    """
    rates: dict[str, float] = {}
    descriptive: set[str] = set()
    for row in _rows(path):
        word = clean_entry(row["word"])
        if word:
            rates[word] = max(float(row["per_100k"] or 0.0), rates.get(word, 0.0))
            if row.get("kind") in ("industry", "place", "goods"):
                descriptive.add(word)
    return rates, frozenset(descriptive)


def load_config(data_dir: Path, *, threshold: float = DEFAULT_THRESHOLD) -> MatchConfig:
    """Load every table from `data_dir` (normally `data/infringement/`); missing files are empty."""
    frequency, descriptive = load_word_frequency(data_dir / "word_frequency.csv")
    return MatchConfig(
        stop_words=load_stop_words(data_dir / "stopwords.csv"),
        translations=load_translations(data_dir / "brand_translations.csv"),
        related_classes=load_related_classes(data_dir / "related_classes.csv"),
        threshold=threshold,
        shape_similar=load_shape_similar(data_dir / "shape_similar_hanzi.csv"),
        word_frequency=frequency,
        descriptive_words=descriptive,
    )


def merge_aliases(config: MatchConfig, groups: Iterable[Iterable[str]]) -> MatchConfig:
    """Return a copy of `config` whose translations also hold `groups` (one brand's marks)."""
    translations = dict(config.translations)
    for number, group in enumerate(groups):
        aliases = frozenset(clean_entry(a) for a in group if clean_entry(a))
        if len(aliases) > 1:
            translations[f"watched-brand-{number}"] = aliases
    return MatchConfig(
        stop_words=config.stop_words,
        translations=translations,
        related_classes=config.related_classes,
        threshold=config.threshold,
        shape_similar=config.shape_similar,
        word_frequency=config.word_frequency,
        descriptive_words=config.descriptive_words,
    )
