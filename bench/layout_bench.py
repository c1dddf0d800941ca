"""Patent layout benchmark: 2,000 products and 50,000 patents, layout and deadlines."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.portfolio import make_portfolio
from coverage.grid import brand_key
from coverage.patents.deadlines import list_patent_deadlines
from coverage.patents.layout import build_layout
from coverage.patents.standing import PatentInfo

AS_OF = dt.date(2026, 11, 24)
OFFICES = ["CN"] * 5 + ["US", "EP", "JP", "KR", "DE", "WO"]
KINDS = ["invention", "utility_model", "design"]
EU = ["DE", "FR", "IT", "ES", "NL", "PL", "SE", "AT"]


def make_patents(product_ids: list[str], count: int = 50_000, seed: int = 11) -> list[PatentInfo]:
    """Patents over the products: mostly CN, with US, EP (validated), JP, KR and pending PCT."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        office = rnd.choice(OFFICES)
        kind = "invention" if office in ("EP", "WO", "US") else rnd.choice(KINDS)
        filed = dt.date(2006, 1, 1) + dt.timedelta(days=rnd.randrange(7300))
        status = (
            "pending" if office == "WO" else rnd.choice(["granted"] * 6 + ["pending", "lapsed"])
        )
        granted = (
            filed + dt.timedelta(days=rnd.randrange(300, 1200)) if status == "granted" else None
        )
        paid = dt.date(2026, rnd.randrange(1, 13), 1) if office == "CN" and granted else None
        out.append(
            PatentInfo(
                office,
                f"{office}{i:08d}",
                kind,
                status,
                filed,
                granted,
                filed - dt.timedelta(days=200) if office == "WO" else None,
                None,
                paid,
                None,
                f"F{i // 4}",
                tuple(rnd.sample(EU, 3)) if office == "EP" else (),
                tuple(rnd.sample(product_ids, rnd.randint(1, 2))),
            )
        )
    return out


def _reference() -> tuple[Any, Any]:
    from sqlmodel import Session, SQLModel

    from coverage.patents.queries import load_patent_rules
    from coverage.queries import load_geography
    from coverage.reference import load_reference
    from monitor.db import make_engine

    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        load_reference(
            Path(__file__).resolve().parent.parent / "data" / "reference", session=session
        )
        return load_geography(session), load_patent_rules(session)


def run(repeat: int = 5) -> dict[str, Any]:
    """Time the layout and the deadline list; return the figures."""
    products, _marks = make_portfolio()
    patents = make_patents([p.product_id for p in products])
    geography, rules = _reference()
    branded = {brand_key(p.brand) for p in products}
    markets = {p.product_id: geography.expand_markets(p.markets, AS_OF) for p in products}
    brands = {p.product_id: p.brand for p in products}
    times, cells, found = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        cells, standings = build_layout(products, patents, branded, rules, geography, as_of=AS_OF)
        found = list_patent_deadlines(
            patents, standings, markets, brands, rules, geography, as_of=AS_OF
        )
        times.append(time.perf_counter() - start)
    return {
        "what": "build_layout + list_patent_deadlines, in memory, one core",
        "products": len(products),
        "patents": len(patents),
        "cells": len(cells),
        "deadlines": len(found),
        "seconds_median": round(statistics.median(times), 3),
        "seconds_best": round(min(times), 3),
        "goal_seconds": 1.0,
    }
