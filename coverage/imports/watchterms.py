"""The optional `watch` sheet: each brand's aliases, extra watched terms and exclusions.

A row is (brand, kind, text, note), keyed by (brand, kind, text). For every brand it names, the
sheet is the full list of that brand's watch terms: saved terms of the brand that the sheet
leaves out are removed. Brands it does not name keep theirs, and a file without the sheet
changes no watch term. Functions that take a session never commit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from coverage.imports.record import InvalidRecord, RowReader
from coverage.imports.values import fold, parse_choice
from coverage.messages import msg
from coverage.models import WatchTerm, WatchTermKind
from coverage.portfolio import DuplicateRecord, StaleRecord

_CHUNK = 500  # brands per query: well under every database's limit of bind parameters
# Chinese (and other English) ways of writing a kind, folded as parse_choice folds them.
_KIND_WORDS = {
    **dict.fromkeys(("别名", "又名", "译名", "aliases", "alias_name"), "alias"),
    **dict.fromkeys(("监控词", "监测词", "关键词", "词", "terms", "watch_term", "keyword"), "term"),
    **dict.fromkeys(("排除", "排除词", "排除项", "不监控", "exclude", "excluded"), "exclusion"),
}


@dataclass(frozen=True)
class WatchEntry:
    """One watch term as read from the sheet (or a saved one the sheet removes)."""

    brand: str
    kind: WatchTermKind
    text: str
    note: str | None = None


def watch_key(term: WatchEntry | WatchTerm) -> tuple[str, str, str]:
    """The natural key of a watch term: (brand, kind, text)."""
    return (term.brand, str(WatchTermKind(term.kind)), term.text)


def parse_kind(raw: str) -> WatchTermKind:
    """Read a kind: alias, term or exclusion, in English or Chinese (别名, 监控词, 排除)."""
    key = re.sub(r"[\s\-]+", "_", fold(raw).lower())
    return parse_choice(_KIND_WORDS.get(key, raw), WatchTermKind, what=msg("kind"))


def parse_watch_term(values: Mapping[str, object], **_options: object) -> WatchEntry:
    """Validate one watch row, or raise InvalidRecord with every problem.

    `_options` takes what the other sheets are given (the geography); a watch row needs none.
    """
    r = RowReader(values)
    brand = r.text("brand", model=WatchTerm, required=True)
    kind = r.parsed("kind", parse_kind, required=True)
    text = r.text("text", model=WatchTerm, required=True)
    note = r.text("note", model=WatchTerm)
    if r.errors or brand is None or kind is None or text is None:
        raise InvalidRecord(r.errors)
    # NFC, as the watch-list page saves terms: the same word typed twice is one key
    return WatchEntry(brand, kind, unicodedata.normalize("NFC", text), note)


def load_watch_terms(session: Session, brands: Iterable[str]) -> list[WatchTerm]:
    """The saved watch terms of `brands`, sorted by brand, kind and text."""
    wanted = sorted(set(brands))
    found: list[WatchTerm] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.extend(session.exec(select(WatchTerm).where(col(WatchTerm.brand).in_(chunk))))
    return sorted(found, key=watch_key)


def _where(entry: WatchEntry) -> list[Any]:
    """The clauses that select the saved term with the key of `entry`."""
    return [
        col(WatchTerm.brand) == entry.brand,
        col(WatchTerm.kind) == entry.kind.value,
        col(WatchTerm.text) == entry.text,
    ]


def add_watch_term(session: Session, entry: WatchEntry, *, now: dt.datetime) -> None:
    """Save a new watch term (not committed); DuplicateRecord when its key is taken."""
    if session.exec(select(WatchTerm.id).where(*_where(entry))).first() is not None:
        raise DuplicateRecord(" ".join(watch_key(entry)))
    term = WatchTerm(
        brand=entry.brand, kind=entry.kind, text=entry.text, note=entry.note, created_at=now
    )
    session.add(term)
    session.flush()


def update_watch_term(session: Session, entry: WatchEntry, *, note_before: str | None) -> None:
    """Change a saved term's note; StaleRecord when it is gone or its note is not `note_before`."""
    # A conditional UPDATE: of two concurrent changes of the same note only one matches.
    same = col(WatchTerm.note) == note_before if note_before else col(WatchTerm.note).is_(None)
    result = session.execute(update(WatchTerm).where(*_where(entry), same).values(note=entry.note))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRecord(msg("someone else changed this record since you opened it; reload"))


def remove_watch_term(session: Session, entry: WatchEntry) -> None:
    """Delete a saved watch term (not committed); StaleRecord when it is gone already."""
    result = session.execute(delete(WatchTerm).where(*_where(entry)))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRecord(msg("this record was deleted since you opened it"))
