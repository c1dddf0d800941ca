"""The crawl sources of this installation: the shipped ones, then the user's, with their runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from cronsim import CronSim
from flask import current_app
from sqlmodel import Session, col, desc, func, select

from crawlers.sources import GazetteSource, MarketplaceSource, Source, SourceError, load_sources
from infringement.models import CrawlRun
from monitor.config import ROOT

SHIPPED = ROOT / "data" / "sources"


class UnknownSource(LookupError):
    """No source of that name (or its file was refused)."""


@dataclass(frozen=True)
class SourceInfo:
    """A source as the monitoring page and `ipwatch sources list` show it."""

    source: Source
    shipped: bool
    last_run: CrawlRun | None
    next_run: dt.datetime | None

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def target(self) -> str:
        if isinstance(self.source, GazetteSource):
            return self.source.url
        return self.source.start_urls[0] if self.source.start_urls else ""


def folders() -> list[Path]:
    """Where source files are read from: the shipped folder, then IPWATCH_SOURCES_DIR."""
    return [SHIPPED, Path(str(current_app.config["SOURCES_DIR"]))]


def timezone() -> ZoneInfo:
    return ZoneInfo(str(current_app.config["TIMEZONE"]))


def read_sources() -> tuple[list[Source], list[SourceError]]:
    return load_sources(folders())


def find_source(name: str) -> Source:
    """The source called `name`; UnknownSource names the known ones, or the file's refusal."""
    sources, errors = read_sources()
    for source in sources:
        if source.name == name:
            return source
    for error in errors:
        if Path(error.file).stem == name:
            raise UnknownSource(f"source {name!r} is refused: {error}")
    known = ", ".join(s.name for s in sources) or "none"
    raise UnknownSource(f"no source called {name!r} (known: {known})")


def next_run(cron: str | None, now: dt.datetime) -> dt.datetime | None:
    """The next time `cron` fires after `now`, in the scheduler's timezone."""
    if not cron:
        return None
    local = now.astimezone(timezone()).replace(second=0, microsecond=0)
    return next(iter(CronSim(cron, local)))


def last_runs(session: Session) -> dict[str, CrawlRun]:
    """The newest run of each source."""
    newest = (
        select(CrawlRun.source, func.max(CrawlRun.id).label("id")).group_by(CrawlRun.source)
    ).subquery()
    rows = session.exec(select(CrawlRun).join(newest, col(CrawlRun.id) == newest.c.id)).all()
    return {run.source: run for run in rows}


def describe_sources(
    session: Session, now: dt.datetime
) -> tuple[list[SourceInfo], list[SourceError]]:
    """Every source with its last and next run, and every refused source file."""
    sources, errors = read_sources()
    runs = last_runs(session)
    infos = [
        SourceInfo(
            source=s,
            shipped=s.file.parent.resolve() == SHIPPED.resolve(),
            last_run=runs.get(s.name),
            next_run=next_run(s.schedule, now),
        )
        for s in sources
    ]
    return infos, errors


def recent_runs(session: Session, source: str | None = None, limit: int = 50) -> list[CrawlRun]:
    query = select(CrawlRun).order_by(desc(CrawlRun.id)).limit(limit)
    if source:
        query = query.where(CrawlRun.source == source)
    return list(session.exec(query).all())


def is_marketplace(source: Source) -> bool:
    return isinstance(source, MarketplaceSource)
