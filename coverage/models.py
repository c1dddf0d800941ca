"""Tables of the portfolio (products, patents, trademarks) and of the reference data (offices, rules)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> dt.datetime:
    """The current time, timezone-aware in UTC (what every timestamp column stores)."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored timestamp as an aware UTC datetime: PostgreSQL gives it aware, SQLite naive (UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class PatentKind(StrEnum):
    """Kind of patent right."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"


class PatentStatus(StrEnum):
    """Legal status of a patent or application as the office records it."""

    PENDING = "pending"
    GRANTED = "granted"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"


class TrademarkStatus(StrEnum):
    """Legal status of a trademark application or registration."""

    PENDING = "pending"
    REGISTERED = "registered"
    REFUSED = "refused"
    OPPOSED = "opposed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


class DesignationStatus(StrEnum):
    """Status of one designated party of a Madrid international registration."""

    PENDING = "pending"
    PROTECTED = "protected"
    REFUSED = "refused"
    OPPOSED = "opposed"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


# --- portfolio -------------------------------------------------------------------------------


class ProductBase(SQLModel):
    product_id: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=300)
    name_zh: str | None = Field(default=None, max_length=300)
    brand: str = Field(index=True, max_length=120)
    nice_classes: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    markets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    description: str | None = None


class Product(ProductBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)


class ProductPatentLink(SQLModel, table=True):
    product_pk: int = Field(foreign_key="product.id", primary_key=True, ondelete="CASCADE")
    patent_pk: int = Field(foreign_key="patent.id", primary_key=True, ondelete="CASCADE")


class PatentBase(SQLModel):
    office: str = Field(max_length=2)
    patent_no: str = Field(max_length=64)
    kind: PatentKind
    status: PatentStatus
    filing_date: dt.date
    grant_date: dt.date | None = None
    priority_date: dt.date | None = None
    expiry_date: dt.date | None = None
    annuity_paid_until: dt.date | None = None
    title: str | None = Field(default=None, max_length=500)
    family_id: str | None = Field(default=None, index=True, max_length=64)
    designations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Patent(PatentBase, table=True):
    __table_args__ = (UniqueConstraint("office", "patent_no", name="uq_patent_office_no"),)
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)


class TrademarkBase(SQLModel):
    office: str = Field(max_length=2)
    tm_no: str = Field(max_length=64)
    brand: str = Field(index=True, max_length=120)
    mark_text: str | None = Field(default=None, max_length=300)
    mark_image: str | None = Field(default=None, max_length=500)
    nice_classes: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: TrademarkStatus
    filing_date: dt.date
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None
    basic_mark: str | None = Field(default=None, max_length=64)


class Trademark(TrademarkBase, table=True):
    __table_args__ = (UniqueConstraint("office", "tm_no", name="uq_trademark_office_no"),)
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)


class Designation(SQLModel, table=True):
    """One designated party of a Madrid (`WO`) registration, with its own status."""

    __table_args__ = (UniqueConstraint("trademark_pk", "party", name="uq_designation_party"),)
    id: int | None = Field(default=None, primary_key=True)
    trademark_pk: int = Field(foreign_key="trademark.id", index=True, ondelete="CASCADE")
    party: str = Field(max_length=2)
    status: DesignationStatus = DesignationStatus.PENDING


# --- watching -------------------------------------------------------------------------------


class WatchTermKind(StrEnum):
    """An alias of a brand (天目 ~ TIANMU), an extra term to watch, or an exclusion."""

    ALIAS = "alias"
    TERM = "term"
    EXCLUSION = "exclusion"


class WatchTerm(SQLModel, table=True):
    """A brand's alias, extra watched term or exclusion, edited on the watch-list page or imported."""

    __table_args__ = (UniqueConstraint("brand", "kind", "text", name="uq_watchterm"),)
    id: int | None = Field(default=None, primary_key=True)
    brand: str = Field(index=True, max_length=120)
    kind: WatchTermKind = Field(sa_type=String(16))
    text: str = Field(max_length=300)
    note: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime | None = None


# --- reference data ---------------------------------------------------------------------------


class Office(SQLModel, table=True):
    """An IP office by its WIPO ST.3 code (national offices use the ISO alpha-2 code)."""

    code: str = Field(primary_key=True, max_length=2)
    name_en: str
    name_zh: str | None = None
    kind: str = Field(max_length=16)  # national | regional | international
    source: str | None = None


class RegionMembership(SQLModel, table=True):
    """A country belongs to a region (EM, BX, OA, AP) from `start` to `end` (inclusive; open if None)."""

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(index=True, max_length=2)
    country: str = Field(max_length=2)
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)


class MarketRegion(SQLModel, table=True):
    """A sales region users filter markets by (ASEAN, GCC, …): one row per member country."""

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(index=True, max_length=16)
    name_en: str
    name_zh: str
    country: str = Field(max_length=2)
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)


class MadridParty(SQLModel, table=True):
    """A contracting party of the Madrid Protocol."""

    code: str = Field(primary_key=True, max_length=2)
    name: str
    in_force: dt.date | None = None
    refusal_months: int | None = None
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)  # confirmed | unverified


class NiceClass(SQLModel, table=True):
    """A Nice class (1-45) with its heading in English and Chinese."""

    number: int = Field(primary_key=True)
    heading_en: str
    heading_zh: str
    kind: str = Field(max_length=8)  # goods | services


class TrademarkRule(SQLModel, table=True):
    """Term, renewal window and grace period of one office's trademarks (DOMAIN.md)."""

    office: str = Field(primary_key=True, max_length=2)
    term_years: int
    term_from: str = Field(max_length=16)  # filing | registration
    term_end: str = Field(max_length=16)  # anniversary | day_before
    renewal_window_months: int
    grace_months: int
    opposition: str | None = None
    non_use_years: int | None = None
    use_declaration: str | None = None  # e.g. "US s8: years 5-6 after registration"
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)


class PatentRule(SQLModel, table=True):
    """Term of one office's patents of one kind (DOMAIN.md), for filings in a date range.

    The term runs `term_years` from `term_from` ("filing" or "grant") and ends on the day before
    the anniversary. `filed_from`/`filed_until` (inclusive, open when None) say which filings the
    row governs (CN designs filed from 2021-06-01 get 15 years, earlier ones 10).
    `annuity_grace_months` and `annuity_surcharge` describe late payment of annual fees.
    """

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(index=True, max_length=2)
    kind: str = Field(max_length=16)
    term_years: int
    term_from: str = Field(max_length=16)
    filed_from: dt.date | None = None
    filed_until: dt.date | None = None
    annuity_grace_months: int | None = None
    annuity_surcharge: str | None = None
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)


class PctPeriod(SQLModel, table=True):
    """Months from priority (or filing) to enter the PCT national or regional phase at an office."""

    office: str = Field(primary_key=True, max_length=2)
    months: int
    late_months: int | None = None  # e.g. CN: 32 months with a late fee
    source: str | None = None
    status: str = Field(default="confirmed", max_length=16)


class PortfolioState(SQLModel, table=True):
    """A single row whose `revision` goes up with every change to the portfolio (cache key)."""

    id: int = Field(default=1, primary_key=True)
    revision: int = Field(default=0)
    # when the portfolio last changed: a month that ended before it can be rebuilt exactly
    changed_at: dt.datetime | None = None


class CoverageSnapshot(SQLModel, table=True):
    """Counts of the coverage matrix on one day, and its gaps, so reports can say what changed."""

    taken_on: dt.date = Field(primary_key=True)
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    gaps: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
