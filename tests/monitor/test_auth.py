"""Logging in and out, pages closed to anonymous visitors, CSRF, safe redirects, error pages."""

from __future__ import annotations

import pytest
from sqlmodel import select

from monitor.auth import authenticate, find_token_user, issue_token, set_active
from monitor.models import User
from tests.conftest import PASSWORD, csrf_token


def _post_login(client, email: str, password: str, next_url: str | None = None):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login", data=data)


def test_login_page_shows_the_app_name_and_a_form(client):
    html = client.get("/login").get_data(as_text=True)
    assert "ipwatch" in html
    assert 'name="email"' in html and 'name="password"' in html
    assert 'name="csrf_token"' in html


def test_good_login_shows_the_user_and_role(client, make_user):
    email = make_user("brand_manager")
    resp = _post_login(client, email, PASSWORD, next_url="/products")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/products"
    html = client.get("/products").get_data(as_text=True)
    assert email in html
    assert "Brand manager" in html


def test_login_ignores_case_and_spaces_in_the_email(client, make_user):
    email = make_user("legal")
    resp = _post_login(client, f"  {email.upper()} ", PASSWORD)
    assert resp.status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [
        pytest.param("legal@example.com", "wrong-password", id="wrong-password"),
        pytest.param("nobody@example.com", PASSWORD, id="unknown-email"),
        pytest.param("legal@example.com", "", id="empty-password"),
    ],
)
def test_bad_login_says_wrong_email_or_password_without_saying_which(
    client, make_user, email, password
):
    make_user("legal")
    resp = _post_login(client, email, password)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 401
    assert "Wrong email or password." in html
    assert client.get("/products").status_code == 302  # still logged out


def test_deactivated_user_cannot_log_in(client, make_user, session):
    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    user.active = False
    session.commit()
    resp = _post_login(client, email, PASSWORD)
    assert resp.status_code == 401
    assert "Wrong email or password." in resp.get_data(as_text=True)


def test_logout_is_a_post_and_closes_the_pages(client, login):
    login("executive")
    assert client.get("/products").status_code == 200
    assert client.get("/logout").status_code == 405
    resp = client.post("/logout", data={"csrf_token": csrf_token(client, "/products")})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login"
    assert "You are logged out." in client.get("/login").get_data(as_text=True)
    assert client.get("/products").status_code == 302


def test_logout_without_csrf_token_is_refused_and_keeps_the_user_in(client, login):
    login("executive")
    resp = client.post("/logout")
    assert resp.status_code == 400
    assert "CSRF" in resp.get_data(as_text=True)
    assert client.get("/products").status_code == 200


def test_login_without_csrf_token_is_refused(client, make_user):
    email = make_user("admin")
    resp = client.post("/login", data={"email": email, "password": PASSWORD})
    assert resp.status_code == 400
    assert "reload the page" in resp.get_data(as_text=True)
    assert client.get("/products").status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/products", id="product-list"),
        pytest.param("/products/P0001", id="product-detail"),
        pytest.param("/products/new", id="product-form"),
        pytest.param("/products/edit/P0001", id="product-edit"),
        pytest.param("/trademarks", id="trademark-list"),
        pytest.param("/trademarks/CN/123", id="trademark-detail"),
        pytest.param("/trademarks/new", id="trademark-form"),
        pytest.param("/patents", id="patent-list"),
        pytest.param("/patents/CN/ZL1", id="patent-detail"),
        pytest.param("/patents/new", id="patent-form"),
        pytest.param("/import", id="import-page"),
        pytest.param("/import/template.xlsx", id="template-download"),
        pytest.param("/users", id="users-page"),
    ],
)
def test_every_page_sends_an_anonymous_visitor_to_the_login(client, path):
    resp = client.get(path)
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["executive", "brand_manager", "legal", "admin"])
def test_home_leads_every_role_to_the_dashboard(client, login, role):
    login(role)
    target = "/dashboard"
    resp = client.get("/")
    assert resp.status_code == 302
    assert resp.headers["Location"] == target


def test_after_login_the_user_lands_on_the_page_they_asked_for(client, make_user):
    email = make_user("legal")
    login_url = client.get("/trademarks").headers["Location"]
    html = client.get(login_url).get_data(as_text=True)
    assert 'name="next" value="/trademarks"' in html
    resp = _post_login(client, email, PASSWORD, next_url="/trademarks")
    assert resp.headers["Location"] == "/trademarks"


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        pytest.param("/patents?office=CN", "/patents?office=CN", id="same-site-path-kept"),
        pytest.param("https://evil.example/", "/", id="other-site-refused"),
        pytest.param("//evil.example/x", "/", id="scheme-relative-refused"),
        pytest.param("/\\evil.example", "/", id="backslash-trick-refused"),
        pytest.param("javascript:alert(1)", "/", id="javascript-refused"),
        pytest.param("", "/", id="empty-goes-home"),
    ],
)
def test_login_redirects_only_to_this_site(client, make_user, next_url, expected):
    email = make_user("legal")
    resp = _post_login(client, email, PASSWORD, next_url=next_url)
    assert resp.headers["Location"] == expected


def test_unknown_page_gets_a_404_page(client, login):
    login("executive")
    resp = client.get("/products/NO-SUCH-PRODUCT")
    assert resp.status_code == 404
    assert "There is no such page or record." in resp.get_data(as_text=True)


def test_errors_under_api_are_json(client, login):
    login("executive")
    resp = client.get("/api/v1/no-such-thing")
    assert resp.status_code == 404
    assert resp.is_json
    assert resp.get_json()["error"] == "There is no such page or record."


def test_a_crash_shows_a_500_page_and_json_under_api(app, client):
    def boom():
        raise RuntimeError("database on fire")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers
    resp = client.get("/boom")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Something went wrong" in page and "database on fire" not in page
    resp = client.get("/api/v1/boom")
    assert resp.status_code == 500
    assert resp.get_json() == {
        "error": "The error has been logged. Try again later.",
        "status": 500,
    }


def test_set_active_stops_and_restores_login_but_not_api_tokens(make_user, session):
    user = session.exec(select(User).where(User.email == make_user("legal"))).one()
    token = issue_token(session, user=user, name="script")
    set_active(session, user=user, active=False)
    session.commit()
    assert authenticate(session, user.email, PASSWORD) is None
    assert find_token_user(session, token) is None
    set_active(session, user=user, active=True)
    session.commit()
    assert authenticate(session, user.email, PASSWORD) == user
    assert find_token_user(session, token) is None  # deactivation revoked it for good
