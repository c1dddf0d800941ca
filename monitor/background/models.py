"""The background job table: what a long import or export is doing, for whom, and how it ended."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from coverage.models import utc_now


class JobStatus(StrEnum):
    """Where a job is: waiting for its turn, running, or finished (done, or failed)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class BackgroundJob(SQLModel, table=True):
    """One import or export started from a page and run in a background thread.

    `done` of `total` counts the rows of the current `step` (total 0: not known yet); `result`
    holds what the result page shows (an import's counts, changes or problems; an export's file
    name) and `result_path` the file kept under the instance folder (an export), relative to it.
    `runner` names the process that runs the job (host:pid:token): a job left running by a
    process that is gone is failed when it is next looked at.
    """

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    # stored as its text value, so that adding a status needs no database enum change
    status: JobStatus = Field(default=JobStatus.QUEUED, sa_type=String(16), index=True)
    label: str = Field(default="", max_length=300)
    step: str = Field(default="", max_length=32)
    done: int = 0
    total: int = 0
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    result_path: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, max_length=2000)
    runner: str = Field(default="", max_length=120)
    created_at: dt.datetime = Field(default_factory=utc_now)
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    heartbeat_at: dt.datetime | None = None
