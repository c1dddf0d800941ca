"""Login throttling per account and per address (429 without checking the password), and an
unknown email that takes as long as a wrong password."""

from __future__ import annotations

import statistics
import time
import uuid

import pytest

from tests.conftest import PASSWORD, csrf_token


def _login(client, email: str, password: str, address: str = "127.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base=environ,
    )


def _fail(client, email: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        assert _login(client, email, "wrong-password-1", address).status_code == 401


def test_after_ten_failures_the_account_is_throttled_even_with_the_right_password(
    client, make_user
):
    email = make_user("legal")
    _fail(client, email, 10)
    resp = _login(client, email, PASSWORD)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 429
    assert "Too many failed logins" in page and "Wrong email or password." not in page
    assert client.get("/products").status_code == 302  # not logged in
    # the throttle follows the account, whichever address the attacker moves to
    assert _login(client, email, PASSWORD, address="10.9.8.7").status_code == 429


def test_a_throttled_login_does_not_check_the_password(client, make_user, monkeypatch):
    import monitor.passwords

    email = make_user("legal")
    _fail(client, email, 10)
    checked = []
    real = monitor.passwords.check_password_hash
    monkeypatch.setattr(
        monitor.passwords,
        "check_password_hash",
        lambda *args: checked.append(1) or real(*args),
    )
    assert _login(client, email, PASSWORD).status_code == 429
    assert checked == []


def test_failures_of_one_account_do_not_lock_out_another(client, make_user):
    victim = make_user("legal")
    other = make_user("executive")
    _fail(client, victim, 10)
    assert _login(client, other, PASSWORD).status_code == 302


def test_one_address_is_throttled_after_thirty_failures_on_many_accounts(app, make_user):
    make_user("legal", "real@example.com")
    client = app.test_client()
    for n in range(30):
        assert _login(client, f"guess{n}@example.com", "x-wrong-1", "10.1.1.1").status_code == 401
    assert _login(client, "real@example.com", PASSWORD, "10.1.1.1").status_code == 429
    assert _login(app.test_client(), "real@example.com", PASSWORD, "10.2.2.2").status_code == 302


def test_guessing_the_current_password_on_the_password_page_is_throttled_too(app, client, login):
    email = login("legal")
    for _ in range(10):
        resp = client.post(
            "/password",
            data={
                "current": "guess-password-1",
                "new": "Fresh-passphrase-77",
                "repeat": "Fresh-passphrase-77",
                "csrf_token": csrf_token(client, "/password"),
            },
        )
        assert resp.status_code == 400
    resp = client.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": "Fresh-passphrase-77",
            "repeat": "Fresh-passphrase-77",
            "csrf_token": csrf_token(client, "/password"),
        },
    )
    assert resp.status_code == 429
    elsewhere = app.test_client()
    assert _login(elsewhere, email, "Fresh-passphrase-77").status_code == 429  # not changed


def test_the_throttle_message_is_translated(client, make_user):
    email = make_user("legal")
    client.post("/locale", data={"locale": "zh", "csrf_token": csrf_token(client)})
    _fail(client, email, 10)
    resp = _login(client, email, PASSWORD)
    assert resp.status_code == 429
    assert "登录失败次数过多" in resp.get_data(as_text=True)


def test_an_unknown_email_takes_as_long_as_a_wrong_password(app, session, make_user):
    from monitor.auth import authenticate

    email = make_user("legal")

    def timed(address: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert authenticate(session, address, "not-the-password") is None
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    timed("nobody@example.com")  # warm-up
    wrong, unknown = timed(email), timed("nobody@example.com")
    assert unknown > wrong * 0.5, f"unknown email {unknown:.4f}s vs wrong password {wrong:.4f}s"


def _redis_url() -> str:
    url = "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # any failure means: no server to test against
        pytest.skip(f"no Redis server at {url} ({exc.__class__.__name__}); CI runs one")
    return url


def test_throttling_with_redis_storage_is_shared_between_app_processes(
    database_url, tmp_path, make_user
):
    import redis

    from monitor import create_app

    url = _redis_url()
    prefix = f"ipwatch-test-{uuid.uuid4().hex}"
    settings = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SCHEDULER": False,
        "TESTING": True,
        "DEFAULT_LOCALE": "en",
        "RATELIMIT_STORAGE_URL": url,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    first, second = create_app(settings), create_app(settings)  # two web processes
    email = make_user("legal")
    try:
        _fail(first.test_client(), email, 10)
        assert _login(second.test_client(), email, PASSWORD).status_code == 429
    finally:
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        client.close()
        for app in (first, second):
            app.extensions["ipwatch_engine"].dispose()
