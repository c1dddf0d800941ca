"""Matrix page benchmark: the /coverage page on the 600,000-cell portfolio, through the real app."""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from bench.portfolio import make_portfolio

AS_OF = dt.date(2026, 11, 24)


def _fill(session: Session) -> None:
    """Store the synthetic portfolio, each product with one granted patent."""
    from coverage.models import Designation, Patent, Product, ProductPatentLink, Trademark

    products, marks = make_portfolio()
    session.execute(
        insert(Product),
        [
            {
                "id": i + 1,
                "product_id": p.product_id,
                "name": p.name,
                "brand": p.brand,
                "nice_classes": list(p.nice_classes),
                "markets": list(p.markets),
                "version": 1,
            }
            for i, p in enumerate(products)
        ],
    )
    session.execute(
        insert(Patent),
        [
            {
                "id": i + 1,
                "office": "CN",
                "patent_no": f"ZL{i:09d}",
                "kind": "INVENTION",
                "status": "GRANTED",
                "filing_date": dt.date(2020, 1, 1),
                "designations": [],
                "version": 1,
            }
            for i in range(len(products))
        ],
    )
    session.execute(
        insert(ProductPatentLink),
        [{"product_pk": i + 1, "patent_pk": i + 1} for i in range(len(products))],
    )
    session.execute(
        insert(Trademark),
        [
            {
                "id": i + 1,
                "office": m.office,
                "tm_no": m.tm_no,
                "brand": m.brand,
                "nice_classes": list(m.nice_classes),
                "status": m.status.upper(),
                "filing_date": m.filing_date,
                "registration_date": m.registration_date,
                "basic_mark": m.basic_mark,
                "version": 1,
            }
            for i, m in enumerate(marks)
        ],
    )
    session.execute(
        insert(Designation),
        [
            {"trademark_pk": i + 1, "party": party, "status": status.upper()}
            for i, m in enumerate(marks)
            for party, status in m.designations
        ],
    )
    session.commit()


def run(repeat: int = 10) -> dict[str, Any]:
    """Time GET /coverage (first view builds the matrix; later views use the cache)."""
    from coverage.reference import load_reference
    from monitor import create_app
    from monitor.auth import create_user
    from monitor.db import get_engine
    from monitor.models import Role

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
                "SECRET_KEY": "bench",
                "INSTANCE_DIR": tmp,
                "SCHEDULER": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context(), Session(get_engine()) as session:
            SQLModel.metadata.create_all(get_engine())
            load_reference(Path(app.config["REFERENCE_DIR"]), session=session)
            create_user(
                session,
                email="bench@example.com",
                role=Role.BRAND_MANAGER,
                password="bench-password",
            )
            _fill(session)
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.com", "password": "bench-password"})
        url = f"/coverage?as_of={AS_OF}"
        start = time.perf_counter()
        first = client.get(url)
        cold = time.perf_counter() - start
        warm = []
        pauses = _GcPauses()
        for page in range(1, repeat + 1):
            start = time.perf_counter()
            resp = client.get(f"{url}&page={page}")
            warm.append(time.perf_counter() - start)
            assert resp.status_code == 200, resp.status_code
        filtered = []
        for market in ("DE", "US", "VN"):
            start = time.perf_counter()
            client.get(f"{url}&market={market}&status=gap")
            filtered.append(time.perf_counter() - start)
        gc_pauses = pauses.stop()
        concurrent = _first_views_after_edit(app, url, clients=8)
        app.extensions["ipwatch_engine"].dispose()
    return {
        "what": "GET /coverage on 2,000 products x 60 markets x 5 classes (600,000 cells)",
        "status": first.status_code,
        "bytes": len(first.data),
        "first_view_seconds": round(cold, 3),
        "page_seconds_median": round(statistics.median(warm), 3),
        "page_seconds_max": round(max(warm), 3),
        "page_seconds_each": [round(t, 3) for t in warm],
        "filtered_seconds_median": round(statistics.median(filtered), 3),
        "gc_while_matrix_cached": gc_pauses,
        "goal_seconds": 0.3,
        "first_view_after_edit_8_concurrent": concurrent,
    }


class _GcPauses:
    """Record the cyclic collector's runs by generation while the matrix sits in the cache.

    The 600,000 cached cells stay tracked by the collector (no gc.freeze in the server): this
    shows how often a full collection, the one that walks them, happens during page views.
    """

    def __init__(self) -> None:
        self.runs: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.runs[info["generation"]].append(time.perf_counter() - self._start)

    def stop(self) -> dict[str, Any]:
        gc.callbacks.remove(self._callback)
        start = time.perf_counter()
        gc.collect()
        forced = time.perf_counter() - start
        return {
            "collections_by_generation": {g: len(t) for g, t in self.runs.items()},
            "longest_pause_seconds": round(max(max(t, default=0.0) for t in self.runs.values()), 4),
            "forced_full_collection_seconds": round(forced, 3),
        }


def _first_views_after_edit(app: Any, url: str, *, clients: int) -> dict[str, Any]:
    """Edit the portfolio, then let `clients` users open the matrix at the same moment.

    Each client logs in first; the edit raises the portfolio revision, so every request wants a
    fresh matrix. Returns each request's time and the slowest, as a user would feel them.
    """
    from coverage.portfolio import bump_revision
    from monitor.db import get_engine

    logged_in = []
    for _ in range(clients):
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.com", "password": "bench-password"})
        logged_in.append(client)
    with app.app_context(), Session(get_engine()) as session:
        bump_revision(session)
        session.commit()
    barrier = threading.Barrier(clients)
    times: list[float] = [0.0] * clients
    codes: list[int] = [0] * clients

    def view(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        codes[i] = logged_in[i].get(url).status_code
        times[i] = time.perf_counter() - start

    threads = [threading.Thread(target=view, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "statuses": sorted(set(codes)),
        "seconds_each": sorted(round(t, 3) for t in times),
        "seconds_max": round(max(times), 3),
    }
