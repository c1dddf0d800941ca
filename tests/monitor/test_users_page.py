"""The users page: administrators list, add and deactivate users and issue API tokens."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from monitor.auth import find_token_user
from monitor.models import ApiToken, User
from tests.conftest import PASSWORD, csrf_token


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/users")})


def _user(session, email: str) -> User:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).one()


def test_admin_sees_every_user_with_role(client, login, make_user):
    make_user("legal", "lawyer@example.com")
    login("admin")
    page = client.get("/users").get_data(as_text=True)
    assert "lawyer@example.com" in page and "admin@example.com" in page
    assert "Legal" in page and "Administrator" in page


def test_admin_adds_a_user_who_can_then_log_in(app, client, login, session):
    login("admin")
    resp = _post(
        client,
        "/users",
        {"email": "New.Person@Example.com", "role": "executive", "password": "long-enough-1"},
    )
    assert resp.status_code == 302
    assert "User new.person@example.com added." in client.get("/users").get_data(as_text=True)
    assert _user(session, "new.person@example.com").role == "executive"
    other = app.test_client()
    resp = other.post(
        "/login",
        data={
            "email": "new.person@example.com",
            "password": "long-enough-1",
            "csrf_token": csrf_token(other),
        },
    )
    assert resp.status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        pytest.param(
            {"email": "x@example.com", "role": "executive", "password": "short"},
            "at least 10 characters",
            id="short-password",
        ),
        pytest.param(
            {"email": "not-an-email", "role": "executive", "password": "long-enough-1"},
            "not an email address",
            id="bad-email",
        ),
        pytest.param(
            {"email": "admin@example.com", "role": "legal", "password": "long-enough-1"},
            "exists already",
            id="email-taken",
        ),
        pytest.param(
            {"email": "x@example.com", "role": "owner", "password": "long-enough-1"},
            "Choose a role.",
            id="unknown-role",
        ),
    ],
)
def test_adding_a_bad_user_says_why_and_adds_nobody(client, login, session, form, message):
    login("admin")
    resp = _post(client, "/users", form)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    session.expire_all()
    assert [u.email for u in session.exec(select(User)).all()] == ["admin@example.com"]


def test_deactivated_user_cannot_log_in_and_can_be_reactivated(
    app, client, login, make_user, session
):
    email = make_user("legal", "lawyer@example.com")
    login("admin")
    user_id = _user(session, email).id
    assert _post(client, f"/users/{user_id}/active", {"active": "0"}).status_code == 302
    assert "lawyer@example.com is deactivated." in client.get("/users").get_data(as_text=True)
    other = app.test_client()
    resp = other.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(other)}
    )
    assert resp.status_code == 401
    _post(client, f"/users/{user_id}/active", {"active": "1"})
    assert _user(session, email).active is True


def test_admin_cannot_deactivate_themself(client, login, session):
    email = login("admin")
    user_id = _user(session, email).id
    _post(client, f"/users/{user_id}/active", {"active": "0"})
    assert "You cannot deactivate your own account." in client.get("/users").get_data(as_text=True)
    assert _user(session, email).active is True


def test_api_token_is_shown_once_and_works(client, login, make_user, session):
    email = make_user("executive", "reader@example.com")
    login("admin")
    user_id = _user(session, email).id
    resp = _post(client, f"/users/{user_id}/token", {"name": "reporting"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "shown only once" in page
    token = re.search(r'<pre class="token"><code>([\w-]+)</code></pre>', page).group(1)
    assert find_token_user(session, token).email == email
    assert token not in client.get("/users").get_data(as_text=True)
    stored = session.exec(select(ApiToken)).one()
    assert (stored.name, token not in stored.token_sha256) == ("reporting", True)


@pytest.mark.parametrize("role", ["brand_manager", "legal", "executive"])
def test_only_admins_reach_the_users_page(client, login, session, role):
    login(role)
    assert client.get("/users").status_code == 403
    resp = _post(
        client, "/users", {"email": "x@example.com", "role": "admin", "password": "long-enough-1"}
    )
    assert resp.status_code == 403
    assert "Users" not in client.get("/products").get_data(as_text=True).split("</nav>")[0]
    session.expire_all()
    assert len(session.exec(select(User)).all()) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        pytest.param(
            {"email": "x@example.com", "role": "executive", "password": "short"},
            "密码至少需要 10 个字符",
            id="short-password",
        ),
        pytest.param(
            {"email": "admin@example.com", "role": "legal", "password": "long-enough-1"},
            "用户 admin@example.com 已存在",
            id="email-taken",
        ),
    ],
)
def test_adding_a_bad_user_says_why_in_chinese(client, login, session, form, message):
    login("admin")
    token = csrf_token(client, "/users")
    client.post("/locale", data={"locale": "zh", "next": "/users", "csrf_token": token})
    resp = _post(client, "/users", form)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    session.expire_all()
    assert [u.email for u in session.exec(select(User)).all()] == ["admin@example.com"]
