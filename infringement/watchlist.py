"""What we watch: the portfolio's live marks grouped per brand and text, with aliases and exclusions.

A watched mark is one text (or logo) of one brand, with every Nice class its live trademarks
cover: KANGDA registered in CN class 7 and in EU class 9 is one watched mark, so an observation
raises one alert for it, not one per registration. The alert still names a registration to rely
on, chosen for the observation (`rely_on`). Aliases (天目 ~ TIANMU) and extra terms come from
the brand's watch terms; exclusions (our authorised sellers' shop names, words that only cause
noise) silence a brand's alerts for observations that contain them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from coverage.models import Trademark, WatchTerm, WatchTermKind
from infringement.similarity.logo_match import Logo
from infringement.watch import WatchedMark

WATCHED_STATUSES = frozenset({"registered", "pending", "opposed"})
"""Trademark statuses watched by default: registered marks and live applications."""


def fold(text: str) -> str:
    """Fold text for exclusion matching: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Registration:
    """A trademark an alert can rely on."""

    tm_no: str
    office: str
    status: str
    classes: tuple[int, ...]
    filing_date: str


@dataclass
class WatchGroup:
    """One watched mark: a brand's text (or logo) and the live registrations behind it."""

    key: str
    brand: str
    text: str
    registrations: list[Registration] = field(default_factory=list)
    logo_path: str | None = None
    extra_term: bool = False

    @property
    def classes(self) -> tuple[int, ...]:
        return tuple(sorted({c for r in self.registrations for c in r.classes}))


@dataclass(frozen=True)
class WatchPlan:
    """The groups to watch, the brands' aliases and exclusions, and a fingerprint of it all."""

    groups: dict[str, WatchGroup]
    aliases: dict[str, tuple[str, ...]]
    exclusions: dict[str, tuple[str, ...]]
    fingerprint: str

    def excluded(self, brand: str, *texts: str | None) -> str | None:
        """Return the exclusion of `brand` found in any of `texts`, or None."""
        folded = [fold(t) for t in texts if t]
        for term in self.exclusions.get(brand, ()):
            if any(term in text for text in folded):
                return term
        return None


def group_key(brand: str, text: str) -> str:
    return f"{brand}|{fold(text)}"


def plan_watch(trademarks: Iterable[Trademark], terms: Iterable[WatchTerm]) -> WatchPlan:
    """Group live trademarks per brand and text; add the brands' extra terms and exclusions.

    A figurative mark (no text) is watched under its brand name, with its logo.
    """
    groups: dict[str, WatchGroup] = {}
    for tm in sorted(trademarks, key=lambda t: (t.brand, t.office, t.tm_no)):
        status = str(tm.status)
        if status not in WATCHED_STATUSES:
            continue
        text = (tm.mark_text or "").strip() or tm.brand
        key = group_key(tm.brand, text)
        group = groups.setdefault(key, WatchGroup(key, tm.brand, text))
        group.registrations.append(
            Registration(
                tm.tm_no, tm.office, status, tuple(tm.nice_classes), tm.filing_date.isoformat()
            )
        )
        if tm.mark_image and group.logo_path is None:
            group.logo_path = tm.mark_image
    aliases: dict[str, list[str]] = {}
    exclusions: dict[str, list[str]] = {}
    brands = {g.brand: g for g in groups.values()}
    for term in sorted(terms, key=lambda t: (t.brand, str(t.kind), t.text)):
        kind = WatchTermKind(term.kind)
        if kind is WatchTermKind.ALIAS:
            aliases.setdefault(term.brand, []).append(term.text)
        elif kind is WatchTermKind.EXCLUSION:
            exclusions.setdefault(term.brand, []).append(fold(term.text))
        elif term.brand in brands:
            key = group_key(term.brand, term.text)
            if key not in groups:
                base = brands[term.brand]
                groups[key] = WatchGroup(
                    key, term.brand, term.text, list(base.registrations), extra_term=True
                )
    digest = hashlib.sha256()
    for key in sorted(groups):
        group = groups[key]
        digest.update(f"{key}|{group.classes}|{group.logo_path}\n".encode())
    for table in (aliases, exclusions):
        for brand in sorted(table):
            digest.update(f"{brand}:{sorted(table[brand])}\n".encode())
    return WatchPlan(
        groups,
        {b: tuple(v) for b, v in aliases.items()},
        {b: tuple(v) for b, v in exclusions.items()},
        digest.hexdigest()[:32],
    )


def watched_marks(
    plan: WatchPlan, open_logo: Callable[[str], Logo | None] | None = None
) -> list[WatchedMark]:
    """The plan as the similarity engine's watched marks: id = brand, so aliases join the brand.

    `open_logo` turns a stored logo path into a Logo (None when it cannot be read).
    """
    marks = []
    for group in plan.groups.values():
        logo = open_logo(group.logo_path) if open_logo and group.logo_path else None
        marks.append(
            WatchedMark(
                id=group.brand,
                mark=group.text,
                classes=group.classes,
                aliases=plan.aliases.get(group.brand, ()),
                logo=logo,
            )
        )
    return marks


def rely_on(
    group: WatchGroup, *, office: str | None, classes: Sequence[int]
) -> Registration | None:
    """The registration an alert relies on: same office as a filing, registered, same classes."""
    wanted = set(classes)

    def rank(reg: Registration) -> tuple[int, int, int, str]:
        return (
            0 if office and reg.office == office else 1,
            0 if reg.status == "registered" else 1,
            0 if wanted & set(reg.classes) else 1,
            reg.filing_date,
        )

    return min(group.registrations, key=rank, default=None)
