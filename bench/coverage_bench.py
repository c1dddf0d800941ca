"""Coverage matrix benchmark: 2,000 products × 60 markets × 5 classes against 20,000 marks."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

from bench.portfolio import make_portfolio
from coverage.offices import Geography
from coverage.trademarks.matrix import build_matrix
from coverage.trademarks.rules import TermRule

AS_OF = dt.date(2026, 11, 24)


def _reference() -> tuple[Any, dict[str, TermRule]]:
    """Return a function that builds a fresh Geography (no warm caches) and the rules."""
    from pathlib import Path

    from sqlmodel import Session, SQLModel

    from coverage.queries import load_geography
    from coverage.reference import load_reference
    from coverage.trademarks.queries import load_rules
    from monitor.db import make_engine

    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        load_reference(
            Path(__file__).resolve().parent.parent / "data" / "reference", session=session
        )
        rules = load_rules(session)

    def fresh() -> Geography:
        with Session(engine) as session:
            return load_geography(session)

    return fresh, rules


def run(repeat: int = 5, class_pool: int = 10) -> dict[str, Any]:
    """Time build_matrix on the synthetic portfolio; return the figures."""
    products, marks = make_portfolio(class_pool=class_pool)
    fresh_geography, rules = _reference()
    times, cells = [], []
    for _ in range(repeat):
        fresh = fresh_geography()
        start = time.perf_counter()
        cells = build_matrix(products, marks, rules, fresh, as_of=AS_OF)
        times.append(time.perf_counter() - start)
    designations = sum(len(m.designations) for m in marks)
    return {
        "what": "build_matrix, in memory, one core",
        "classes_per_brand": class_pool,
        "products": len(products),
        "trademarks": len(marks),
        "designations": designations,
        "cells": len(cells),
        "seconds_median": round(statistics.median(times), 3),
        "seconds_best": round(min(times), 3),
        "goal_seconds": 2.0,
        "gaps": sum(1 for c in cells if c.is_gap),
    }
