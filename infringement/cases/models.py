"""Tables of enforcement cases: the case, the registrations it relies on, its deadlines,
outcomes and attached files, and the e-mail reminders waiting to be sent."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from infringement.models import utc_now


class Route(StrEnum):
    """The enforcement routes (DESIGN.md, "Triage and cases")."""

    PLATFORM_COMPLAINT = "platform_complaint"
    CEASE_AND_DESIST = "cease_and_desist"
    OPPOSITION = "opposition"
    INVALIDATION = "invalidation"
    NON_USE_CANCELLATION = "non_use_cancellation"
    ADMIN_COMPLAINT = "admin_complaint"
    CIVIL_SUIT = "civil_suit"
    CRIMINAL_REFERRAL = "criminal_referral"
    CUSTOMS = "customs"


class Case(SQLModel, table=True):
    """An enforcement case: what it is about, its route and the stage it has reached."""

    __tablename__ = "enforcement_case"  # "case" is an SQL keyword

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    brand: str | None = Field(default=None, index=True, max_length=120)
    route: Route = Field(sa_type=String(32))
    stage: str = Field(max_length=64)
    owner: str | None = Field(default=None, max_length=254)
    platform: str | None = Field(default=None, max_length=100)  # e.g. Alibaba IPP, JD, Amazon
    notes: str | None = None
    created_at: dt.datetime = Field(default_factory=utc_now)
    created_by: str = Field(max_length=254)
    updated_at: dt.datetime = Field(default_factory=utc_now)
    closed_at: dt.datetime | None = None
    version: int = Field(default=1)  # bumped by every change: a stale edit is refused


class CaseRegistration(SQLModel, table=True):
    """A registration (one of our trademarks) the case relies on."""

    case_id: int = Field(foreign_key="enforcement_case.id", primary_key=True, ondelete="CASCADE")
    trademark_id: int = Field(foreign_key="trademark.id", primary_key=True, ondelete="CASCADE")


class CaseDeadline(SQLModel, table=True):
    """A deadline of a case: computed from its route and events, or entered by hand."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=64)
    due: dt.date = Field(index=True)
    done: bool = False
    done_at: dt.datetime | None = None
    note: str | None = Field(default=None, max_length=1000)
    computed: bool = True


class CaseOutcome(SQLModel, table=True):
    """A result of a case: listings taken down, a seller, goods seized, damages, costs."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True, ondelete="CASCADE")
    kind: str = Field(
        max_length=32
    )  # takedown | seller | seized | damages | costs_awarded | costs_spent
    on: dt.date
    quantity: int | None = None
    amount: float | None = None
    currency: str | None = Field(default=None, max_length=3)
    note: str | None = Field(default=None, max_length=1000)
    recorded_by: str = Field(max_length=254)
    recorded_at: dt.datetime = Field(default_factory=utc_now)


class CaseFile(SQLModel, table=True):
    """A file attached to a case, stored write-once by SHA-256 like crawl evidence."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True, ondelete="CASCADE")
    sha256: str = Field(index=True, max_length=64)
    filename: str = Field(max_length=255)
    content_type: str | None = Field(default=None, max_length=200)
    bytes: int = 0
    captured_at: dt.datetime = Field(default_factory=utc_now)
    uploaded_by: str = Field(max_length=254)


class Reminder(SQLModel, table=True):
    """An e-mail digest of deadlines waiting to be sent, retried until the server takes it."""

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(index=True, max_length=254)
    subject: str = Field(max_length=300)
    body: str
    for_day: dt.date  # one digest per person and day
    created_at: dt.datetime = Field(default_factory=utc_now)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=1000)
    last_attempt_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
