"""The monthly snapshot: a month's figures frozen when it ended, so its report never changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from coverage.models import utc_now


class MonthlySnapshot(SQLModel, table=True):
    """The figures of one month (`YYYY-MM`) as they stood when it was frozen.

    `exact` is false when the snapshot was rebuilt after the portfolio had changed since the
    month ended (the coverage part then reflects today's portfolio); `note` says so.
    """

    month: str = Field(primary_key=True, max_length=7)
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    frozen_at: dt.datetime = Field(default_factory=utc_now)
    frozen_by: str = Field(default="scheduler", max_length=254)
    exact: bool = True
    note: str | None = Field(default=None, max_length=1000)
