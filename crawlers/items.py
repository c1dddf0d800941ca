"""The record a marketplace crawl yields: one listing as observed on one results page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Listing:
    """One listing observation; `title` is verbatim (entities decoded, no normalisation)."""

    source: str
    query: str
    url: str
    title: str
    page: int
    position: int
    fetched_at: datetime
    price: str | None = None
    seller: str | None = None
    image_urls: list[str] = field(default_factory=list)
    description: str | None = None
    sponsored: bool = False
    classes: list[int] = field(default_factory=list)
    # what was stored while reading it (see crawlers.spiders.capture): one dict per page or
    # picture with kind, sha256, url, status, headers, content_type, bytes, captured_at
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; `fetched_at` as ISO 8601 UTC."""
        data = asdict(self)
        data["fetched_at"] = self.fetched_at.isoformat()
        return data
