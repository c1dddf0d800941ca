"""Daily snapshots of the coverage matrix: counts per status and the gaps, for reports."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from coverage.models import CoverageSnapshot
from coverage.trademarks.matrix import Coverage


def record_snapshot(coverage: Coverage, *, session: Session) -> CoverageSnapshot:
    """Store (or replace) the snapshot of `coverage` for its as-of date."""
    counts = Counter(c.status.value for c in coverage.cells)
    gaps = sorted(f"{c.product_id}|{c.market}|{c.nice_class}" for c in coverage.cells if c.is_gap)
    snapshot = session.get(CoverageSnapshot, coverage.as_of) or CoverageSnapshot(
        taken_on=coverage.as_of
    )
    snapshot.counts, snapshot.gaps = dict(counts), gaps
    session.add(snapshot)
    return snapshot
