"""Logging out, changing or resetting a password and deactivating end the user's sessions: a
session cookie captured before no longer opens a page."""

from __future__ import annotations

from sqlmodel import select

from monitor.models import User
from tests.conftest import PASSWORD, csrf_token


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app, cookie: str):
    """A fresh browser that sends only the captured session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/products")


def _log_in(app, email: str, password: str = PASSWORD):
    client = app.test_client()
    resp = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)}
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    return client


def test_a_cookie_captured_before_logout_no_longer_works(app, client, login):
    login("executive")
    captured = _session_cookie(client)
    assert _replay(app, captured).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/products")})
    resp = _replay(app, captured)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")


def test_logging_in_again_after_logout_works(app, client, login):
    email = login("executive")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/products")})
    assert _log_in(app, email).get("/products").status_code == 200


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(app, make_user):
    email = make_user("legal")
    laptop, phone = _log_in(app, email), _log_in(app, email)
    resp = laptop.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": "Fresh-passphrase-77",
            "repeat": "Fresh-passphrase-77",
            "csrf_token": csrf_token(laptop, "/password"),
        },
    )
    assert resp.status_code == 302
    assert laptop.get("/products").status_code == 200
    assert phone.get("/products").status_code == 302


def test_deactivation_ends_the_users_sessions(app, client, login, make_user, session):
    victim = _log_in(app, make_user("legal", "lawyer@example.com"))
    login("admin")
    user_id = session.exec(select(User).where(User.email == "lawyer@example.com")).one().id
    client.post(
        f"/users/{user_id}/active", data={"active": "0", "csrf_token": csrf_token(client, "/users")}
    )
    client.post(
        f"/users/{user_id}/active", data={"active": "1", "csrf_token": csrf_token(client, "/users")}
    )
    assert victim.get("/products").status_code == 302


def test_an_admin_reset_ends_the_users_sessions(app, client, login, make_user, session):
    victim = _log_in(app, make_user("legal", "lawyer@example.com"))
    login("admin")
    user_id = session.exec(select(User).where(User.email == "lawyer@example.com")).one().id
    resp = client.post(
        f"/users/{user_id}/password", data={"csrf_token": csrf_token(client, "/users")}
    )
    assert resp.status_code == 200
    assert victim.get("/products").status_code == 302
