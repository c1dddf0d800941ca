"""Tables of enforcement: observations and their versions, evidence, alerts, crawl runs, locks.

An observation is one thing seen in the world: a marketplace listing (identity: its source and
URL) or a published trademark filing (identity: its source and office + application number).
A re-crawl never makes a second observation: it updates `last_seen`, and a change of title,
price or seller makes a new version (an `ObservationChange` row). An alert is one (observation,
watched mark) pair that scored at or above the threshold; there is never a second one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from coverage.models import utc_now


class ObservationKind(StrEnum):
    """What was observed: a marketplace listing or a trademark filing in a gazette."""

    LISTING = "listing"
    FILING = "filing"


class AlertStatus(StrEnum):
    """Where an alert stands in triage."""

    NEW = "new"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    SNOOZED = "snoozed"


class EvidenceKind(StrEnum):
    """What an evidence file holds: a fetched page, a picture, or a gazette record."""

    PAGE = "page"
    PICTURE = "picture"
    RECORD = "record"


class RunStatus(StrEnum):
    """A crawl or gazette run: still running, finished (maybe with failures), or could not run."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class Observation(SQLModel, table=True):
    """A listing or filing as last observed; earlier values are in its `ObservationChange` rows."""

    __table_args__ = (UniqueConstraint("source", "identity", name="uq_observation_identity"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, max_length=64)
    kind: ObservationKind = Field(sa_type=String(16))
    identity: str = Field(max_length=1000)  # listing: its URL; filing: OFFICE:application number
    text: str = Field(max_length=1000)  # listing title or filed mark, verbatim
    url: str | None = Field(default=None, max_length=2000)
    price: str | None = Field(default=None, max_length=100)
    seller: str | None = Field(default=None, max_length=300)
    description: str | None = None
    image_urls: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    classes: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sponsored: bool = False
    # filings
    office: str | None = Field(default=None, max_length=2)
    application_no: str | None = Field(default=None, max_length=64)
    applicant: str | None = Field(default=None, max_length=500)
    filing_status: str | None = Field(default=None, max_length=100)
    filing_date: dt.date | None = None
    publication_date: dt.date | None = None
    # life
    first_seen: dt.datetime = Field(default_factory=utc_now)
    last_seen: dt.datetime = Field(default_factory=utc_now, index=True)
    gone_at: dt.datetime | None = None  # a listing no longer found by a completed crawl
    version: int = Field(default=1)
    last_run_id: int | None = Field(default=None, index=True)
    # the watch list (its fingerprint) this version was last screened against
    screened_with: str | None = Field(default=None, max_length=64)


class ObservationChange(SQLModel, table=True):
    """A new version of an observation: which fields changed, from what to what, and when."""

    id: int | None = Field(default=None, primary_key=True)
    observation_id: int = Field(foreign_key="observation.id", index=True, ondelete="CASCADE")
    version: int
    at: dt.datetime = Field(default_factory=utc_now)
    run_id: int | None = None
    # {field: [before, after]}; "gone": the listing disappeared, "back": it came back
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Evidence(SQLModel, table=True):
    """A stored file (content-addressed by SHA-256 under the instance's evidence folder).

    Rows are only ever added: a re-crawl that captures the same bytes adds a row for the new
    capture and points at the same file, which is never overwritten or deleted.
    """

    id: int | None = Field(default=None, primary_key=True)
    observation_id: int | None = Field(
        default=None, foreign_key="observation.id", index=True, ondelete="SET NULL"
    )
    run_id: int | None = Field(default=None, index=True)
    sha256: str = Field(index=True, max_length=64)
    kind: EvidenceKind = Field(sa_type=String(16))
    url: str | None = Field(default=None, max_length=2000)
    captured_at: dt.datetime = Field(default_factory=utc_now)
    http_status: int | None = None
    headers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_type: str | None = Field(default=None, max_length=200)
    bytes: int = 0


class Alert(SQLModel, table=True):
    """An observation that resembles one of our watched marks: score, reasons, triage status."""

    __table_args__ = (UniqueConstraint("observation_id", "watch_key", name="uq_alert_pair"),)
    id: int | None = Field(default=None, primary_key=True)
    observation_id: int = Field(foreign_key="observation.id", index=True, ondelete="CASCADE")
    # the watched mark: its brand and text (or logo) as one key, and the registration relied on
    watch_key: str = Field(max_length=500)
    brand: str = Field(index=True, max_length=120)
    watched_mark: str = Field(max_length=300)
    watched_tm_no: str = Field(max_length=64)
    watched_office: str = Field(max_length=2)
    score: float
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: AlertStatus = Field(default=AlertStatus.NEW, sa_type=String(16), index=True)
    first_seen: dt.datetime = Field(default_factory=utc_now)
    last_seen: dt.datetime = Field(default_factory=utc_now)
    opposition_deadline: dt.date | None = None
    opposition_note: str | None = Field(default=None, max_length=500)
    run_id: int | None = None  # the run that raised it
    # triage
    version: int = Field(default=1)  # bumped by every triage action: a stale one is refused
    case_id: int | None = Field(default=None, index=True)  # the case it was escalated into
    assignee: str | None = Field(default=None, max_length=254)
    snoozed_until: dt.date | None = None
    dismiss_reason: str | None = Field(default=None, max_length=32)
    dismiss_note: str | None = Field(default=None, max_length=2000)
    triaged_at: dt.datetime | None = None
    triaged_by: str | None = Field(default=None, max_length=254)
    reopened_note: str | None = Field(default=None, max_length=1000)  # why it came back


class CrawlRun(SQLModel, table=True):
    """One crawl of a source, or one gazette import: when, what it read, what it raised, what failed."""

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, max_length=64)
    kind: str = Field(max_length=16)  # crawl | gazette
    trigger: str = Field(default="cli", max_length=16)  # schedule | manual | cli
    status: RunStatus = Field(default=RunStatus.RUNNING, sa_type=String(16))
    started_at: dt.datetime = Field(default_factory=utc_now)
    ended_at: dt.datetime | None = None
    pid: int | None = None
    pages: int = 0
    items: int = 0
    observations_new: int = 0
    observations_changed: int = 0
    gone: int = 0
    alerts_new: int = 0
    alerts_updated: int = 0
    failures: int = 0
    # the failures, capped ({url, kind, reason}), and counts per kind
    failed: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    failure_kinds: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    message: str | None = None  # why it could not run, or a one-line summary
    user: str | None = Field(default=None, max_length=254)


class RunLock(SQLModel, table=True):
    """Who is running a source now (SQLite; PostgreSQL uses advisory locks as well)."""

    name: str = Field(primary_key=True, max_length=100)
    holder: str = Field(max_length=200)  # host:pid
    acquired_at: dt.datetime = Field(default_factory=utc_now)
    expires_at: dt.datetime


class AuditEntry(SQLModel, table=True):
    """One change to an alert or a case, chained: `hash` covers the entry and `prev_hash`.

    Entries are only ever appended (see `infringement.audit`); an edited, deleted or inserted
    entry breaks the chain, which `ipwatch audit verify` reports.
    """

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now)
    user: str = Field(max_length=254)
    entity: str = Field(max_length=16, index=True)  # alert | case
    entity_id: int = Field(index=True)
    action: str = Field(max_length=64)
    before: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
