"""Ingestion: what a crawl or a gazette yielded, stored as observations and evidence, then screened.

Items arrive in batches; each batch is recorded (`infringement.observations`), its evidence rows
added, screened against the watch list and its alerts raised (`infringement.alerts`), and the
run's counts moved on. A crawl commits batch by batch (what it read is kept even if it later
fails); a gazette import commits once at the end (all or nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from sqlmodel import Session, col, select

from coverage.models import as_utc
from crawlers.evidence import EvidenceStore
from crawlers.gazettes import GazetteRecord
from infringement.alerts import Watch, raise_alerts
from infringement.goods_words import GoodsKeywords, classes_for, strip_goods
from infringement.models import (
    CrawlRun,
    Evidence,
    EvidenceKind,
    Observation,
    ObservationKind,
    utc_now,
)
from infringement.observations import Outcome, Seen, record_batch

KINDS = frozenset(k.value for k in EvidenceKind)
BATCH = 500
"""Items per batch: one query for the stored observations, one screening, one commit (crawls)."""


def batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _parse_time(value: object) -> dt.datetime:
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
            return as_utc(parsed)
        except ValueError:
            pass
    return utc_now()


def _text(value: object, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] or None


def listing_seen(item: Mapping[str, Any], goods: GoodsKeywords | None) -> Seen | None:
    """The observation of one crawled listing (a JSON line of crawlers.run), or None if unusable."""
    url = _text(item.get("url"), 2000)
    title = _text(item.get("title"), 1000)
    if not url or not title:
        return None
    classes = {int(c) for c in item.get("classes") or [] if str(c).isdigit()}
    if goods is not None:
        classes.update(classes_for(f"{title} {item.get('description') or ''}", goods))
    return Seen(
        source=str(item.get("source") or ""),
        kind=ObservationKind.LISTING,
        identity=urldefrag(url)[0],
        text=title,
        url=url,
        price=_text(item.get("price"), 100),
        seller=_text(item.get("seller"), 300),
        description=_text(item.get("description"), 20000),
        image_urls=[str(u)[:2000] for u in item.get("image_urls") or []][:20],
        classes=sorted(c for c in classes if 1 <= c <= 45),
        sponsored=bool(item.get("sponsored")),
    )


def filing_seen(record: GazetteRecord, source: str) -> Seen:
    """The observation of one gazette record."""
    number = record.number or f"{record.mark_text}@{record.publication_date}"
    return Seen(
        source=source,
        kind=ObservationKind.FILING,
        identity=f"{record.office}:{number}"[:1000],
        text=(record.mark_text or "")[:1000],
        url=record.image_url,
        classes=list(record.classes),
        office=(record.office or "")[:2] or None,
        application_no=(record.number or None),
        applicant=_text(record.applicant_name, 500),
        filing_status=_text(record.status or record.kind, 100),
        filing_date=record.filing_date,
        publication_date=record.publication_date,
        description=record.goods,
    )


class Ingestion:
    """Feed one run's items through storage, screening and alerts, counting on its run record."""

    def __init__(
        self,
        session: Session,
        run: CrawlRun,
        watch: Watch,
        *,
        store: EvidenceStore | None,
        goods: GoodsKeywords | None = None,
        commit_each_batch: bool = True,
        workers: int | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.session, self.run, self.watch = session, run, watch
        self.clock = clock  # when items are taken as seen (the demo's history sets a past day)
        self.store, self.goods = store, goods
        self.commit_each_batch, self.workers = commit_each_batch, workers
        self.seen_ids: set[int] = set()
        self.picture_urls: set[str] = set()  # every listing picture named, fetched or not

    def listings(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Ingest crawled listings (dicts as crawlers.run writes them), batch by batch."""
        for chunk in batches(items):
            pairs = [(seen, item) for item in chunk if (seen := listing_seen(item, self.goods))]
            self.picture_urls.update(url for seen, _ in pairs for url in seen.image_urls)
            self._ingest(pairs, evidence_of=lambda item: item.get("evidence") or [])

    def filings(self, records: Iterable[GazetteRecord], source: str) -> None:
        """Ingest gazette records; each record's raw text is kept as evidence."""
        for chunk in batches(records):
            pairs = [(filing_seen(r, source), r) for r in chunk]
            self._ingest(pairs, evidence_of=self._record_evidence)

    def _record_evidence(self, record: GazetteRecord) -> list[dict[str, Any]]:
        if self.store is None:
            return []
        data = record.raw.encode("utf-8")
        return [
            {
                "kind": "record",
                "sha256": self.store.put(data),
                "content_type": "text/plain; charset=utf-8",
                "bytes": len(data),
            }
        ]

    def _ingest(self, pairs: list[tuple[Seen, Any]], *, evidence_of: Any) -> None:
        now = self.clock()
        outcomes = record_batch(self.session, [s for s, _ in pairs], now=now, run_id=self.run.id)
        by_identity = {(o.observation.source, o.observation.identity): o for o in outcomes}
        pictures: dict[int, str] = {}
        known = self._known_evidence([o.observation.id for o in outcomes if not o.new])
        for seen, original in pairs:
            outcome = by_identity.get((seen.source, seen.identity))
            if outcome is None:
                continue
            observation = outcome.observation
            for entry in evidence_of(original):
                self._add_evidence(observation, entry, known)
                sha = str(entry.get("sha256") or "")
                if entry.get("kind") == "picture" and len(sha) == 64:
                    pictures.setdefault(observation.id or 0, sha)
        self.session.flush()
        counts = raise_alerts(
            self.session,
            outcomes,
            self.watch,
            now=now,
            run_id=self.run.id,
            picture_of=lambda o: self._picture(pictures.get(o.id or 0)),
            text_of=self._screened_text,
            workers=self.workers,
        )
        self._count(outcomes, counts.new, counts.updated)
        if self.commit_each_batch:
            self.session.commit()
        else:
            self.session.flush()

    def _known_evidence(self, ids: list[int | None]) -> set[tuple[int, str]]:
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return set()
        rows = self.session.exec(
            select(Evidence.observation_id, Evidence.sha256).where(
                col(Evidence.observation_id).in_(wanted)
            )
        ).all()
        return {(o, s) for o, s in rows if o is not None}

    def _add_evidence(
        self, observation: Observation, entry: Mapping[str, Any], known: set[tuple[int, str]]
    ) -> None:
        sha = str(entry.get("sha256") or "")
        if len(sha) != 64 or observation.id is None:
            return
        if (observation.id, sha) in known:  # the same bytes as an earlier capture: one row
            return
        known.add((observation.id, sha))
        kind = str(entry.get("kind") or "page")
        headers = entry.get("headers")
        self.session.add(
            Evidence(
                observation_id=observation.id,
                run_id=self.run.id,
                sha256=sha,
                kind=EvidenceKind(kind) if kind in KINDS else EvidenceKind.PAGE,
                url=_text(entry.get("url"), 2000),
                captured_at=_parse_time(entry.get("captured_at")),
                http_status=entry.get("status") if isinstance(entry.get("status"), int) else None,
                headers=dict(headers) if isinstance(headers, Mapping) else {},
                content_type=_text(entry.get("content_type"), 200),
                bytes=int(entry.get("bytes") or 0),
            )
        )

    def _screened_text(self, observation: Observation) -> str:
        """A listing's title without its product words; a filed mark as published."""
        if self.goods is None or observation.kind != ObservationKind.LISTING:
            return observation.text
        return strip_goods(observation.text, self.goods)

    def _picture(self, sha: str | None) -> Path | None:
        """The stored file of a listing's first picture (the screening opens it)."""
        if sha is None or self.store is None:
            return None
        path: Path = self.store.path(sha)
        return path if path.is_file() else None

    def _count(self, outcomes: list[Outcome], new_alerts: int, updated: int) -> None:
        run = self.run
        run.items += len(outcomes)
        run.observations_new += sum(o.new for o in outcomes)
        run.observations_changed += sum(bool(o.changed) or o.back for o in outcomes)
        run.alerts_new += new_alerts
        run.alerts_updated += updated
        self.seen_ids.update(o.observation.id for o in outcomes if o.observation.id is not None)
        self.session.add(run)
