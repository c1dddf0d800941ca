"""The grid cache builds each matrix once, however many requests ask for it at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from monitor.cache import BuildCache
from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_patent, make_product, make_trademark


def _ask_together(n: int, ask) -> list:
    barrier, results = threading.Barrier(n), [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = ask(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_requests_arriving_during_a_build_wait_for_it_instead_of_building_again():
    cache: BuildCache[object] = BuildCache(4)
    builds = []

    def build() -> object:
        builds.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive during the build
        return object()

    results = _ask_together(8, lambda i: cache.get_or_build("matrix", build))
    assert len(builds) == 1
    assert all(r is results[0] for r in results)


def test_a_failed_build_reaches_every_waiter_and_the_next_request_tries_again():
    cache: BuildCache[str] = BuildCache(4)
    attempts = []

    def failing() -> str:
        attempts.append(1)
        time.sleep(0.1)
        raise ValueError("database went away")

    outcomes = _ask_together(4, lambda i: _outcome(lambda: cache.get_or_build("k", failing)))
    assert outcomes == ["ValueError"] * 4 and len(attempts) == 1
    assert cache.get_or_build("k", lambda: "built") == "built"


def _outcome(call) -> str:
    try:
        call()
    except ValueError as exc:
        return type(exc).__name__
    return "ok"


def test_the_cache_keeps_only_its_size_least_recently_used_first_out():
    cache: BuildCache[int] = BuildCache(2)
    for key in "abc":
        cache.get_or_build(key, lambda key=key: ord(key))
    rebuilt = []
    cache.get_or_build("a", lambda: rebuilt.append("a") or 0)
    cache.get_or_build("c", lambda: rebuilt.append("c") or 0)
    assert rebuilt == ["a"]


@pytest.fixture
def logged_in_clients(app, make_user):
    email = make_user("brand_manager")

    def clients(n: int) -> list:
        out = []
        for _ in range(n):
            client = app.test_client()
            token = csrf_token(client)
            client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
            out.append(client)
        return out

    return clients


def test_eight_users_opening_the_matrix_after_an_edit_build_it_once(
    session, logged_in_clients, monkeypatch
):
    import monitor.cache as cache

    product = make_product(session, product_id="P-1", markets=["DE", "FR"], nice_classes=[7])
    make_patent(session, products=[product])
    make_trademark(session, office="EM", tm_no="018000002", nice_classes=[7])
    session.commit()
    calls = []
    real = cache.build_coverage

    def slow_build(*args, **kwargs):
        calls.append(1)
        time.sleep(0.3)  # a large portfolio: the other requests arrive during the build
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "build_coverage", slow_build)
    clients = logged_in_clients(8)
    pages = _ask_together(8, lambda i: clients[i].get("/coverage"))
    assert [p.status_code for p in pages] == [200] * 8
    assert len(calls) == 1
    assert all("P-1" in p.get_data(as_text=True) for p in pages)


def test_a_byte_budget_drops_the_least_recently_used_but_keeps_the_newest():
    cache: BuildCache[str] = BuildCache(10, max_bytes=100, weigh=len)
    cache.get_or_build("a", lambda: "x" * 60)
    cache.get_or_build("b", lambda: "y" * 30)
    cache.get_or_build("a", lambda: "never rebuilt")  # a is now the most recently used
    cache.get_or_build("c", lambda: "z" * 30)  # 120 bytes: b, the least recently used, goes
    assert cache.weight == 90 and len(cache) == 2
    assert cache.get_or_build("a", lambda: "rebuilt") == "x" * 60
    cache.get_or_build("huge", lambda: "h" * 500)  # over the budget alone: served and kept
    assert len(cache) == 1 and cache.weight == 500


def test_asking_for_many_dates_keeps_memory_within_the_cache_budget(app, client, session, login):
    """Each as_of date is a matrix of its own: a user paging through 40 dates must not make the
    server hold 40 matrices (it held every one before, frozen out of the collector)."""
    import gc
    import tracemalloc

    from monitor.cache import _cache

    for n in range(40):
        product = make_product(session, product_id=f"P-{n:02d}", markets=["DE", "FR", "US"])
        make_patent(session, products=[product])
    session.commit()
    login()
    app.config["CACHE_MB"] = 0  # a budget of nothing: only the matrix being served stays
    tracemalloc.start()
    try:
        first = client.get("/coverage?as_of=2026-01-01")
        assert first.status_code == 200
        gc.collect()
        after_one = tracemalloc.get_traced_memory()[0]
        for day in range(1, 40):
            as_of = dt.date(2026, 1, 1) + dt.timedelta(days=day)
            assert client.get(f"/coverage?as_of={as_of}").status_code == 200
        gc.collect()
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    with app.app_context():
        assert len(_cache()) == 1
    assert after_many - after_one < 2 * 1024 * 1024
