"""API tokens open the JSON API only, carry a scope and an expiry, can be revoked one by one, and
die with a deactivation; the users page and the CLI list and revoke them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from monitor.models import ApiToken, User
from tests.conftest import csrf_token


def _user(session, email: str) -> User:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).one()


def _token(session, email: str, **options) -> str:
    from monitor.auth import issue_token

    value = issue_token(session, user=_user(session, email), name="script", **options)
    session.commit()
    return value


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _api(client, token: str):
    return client.get("/api/v1/coverage/gaps", headers=_bearer(token))


@pytest.mark.parametrize("path", ["/coverage", "/products", "/users", "/import"])
def test_a_bearer_token_opens_no_web_page(client, session, make_user, path):
    token = _token(session, make_user("admin"))
    resp = client.get(path, headers=_bearer(token))
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login")


def test_a_bearer_token_cannot_create_an_admin_or_mint_tokens(client, session, make_user):
    admin = make_user("admin")
    token = _token(session, admin)
    headers = _bearer(token)
    page = client.get("/login", headers=headers).get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = {"email": "evil@example.com", "role": "admin", "password": "Long-enough-2026!"}
    resp = client.post("/users", data={**form, "csrf_token": csrf}, headers=headers)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")
    admin_id = _user(session, admin).id
    resp = client.post(f"/users/{admin_id}/token", data={"csrf_token": csrf}, headers=headers)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")
    session.expire_all()
    assert [u.email for u in session.exec(select(User)).all()] == [admin]
    assert len(session.exec(select(ApiToken)).all()) == 1


def test_a_token_still_opens_the_api_and_records_when_it_was_used(client, session, make_user):
    email = make_user("executive")
    token = _token(session, email)
    assert session.exec(select(ApiToken)).one().last_used_at is None
    assert _api(client, token).status_code == 200
    session.expire_all()
    used = session.exec(select(ApiToken)).one().last_used_at
    assert used is not None
    assert abs(used - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_token_expires_after_90_days_by_default(client, session, make_user):
    email = make_user("executive")
    _token(session, email)
    row = session.exec(select(ApiToken)).one()
    assert row.scope == "read"
    assert row.expires_at - row.created_at == dt.timedelta(days=90)


def test_an_expired_token_is_refused(client, session, make_user):
    email = make_user("executive")
    token = _token(session, email, days=30)
    row = session.exec(select(ApiToken)).one()
    row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.commit()
    resp = _api(client, token)
    assert resp.status_code == 401 and resp.is_json


def test_revoking_one_token_leaves_the_others_working(client, session, make_user):
    from monitor.tokens import revoke_token

    email = make_user("executive")
    first, second = _token(session, email), _token(session, email)
    rows = session.exec(select(ApiToken).order_by(ApiToken.id)).all()
    revoke_token(session=session, token=rows[0])
    session.commit()
    assert _api(client, first).status_code == 401
    assert _api(client, second).status_code == 200


def test_reactivating_a_user_does_not_revive_their_old_tokens(client, session, make_user):
    from monitor.auth import set_active

    email = make_user("executive")
    old = _token(session, email)
    user = _user(session, email)
    set_active(session, user=user, active=False)
    session.commit()
    set_active(session, user=user, active=True)
    session.commit()
    assert _api(client, old).status_code == 401
    assert _api(client, _token(session, email)).status_code == 200


def test_a_read_token_may_only_read(session, make_user):
    from monitor.tokens import token_allows

    email = make_user("executive")
    _token(session, email)
    _token(session, email, scope="read-write")
    read, write = session.exec(select(ApiToken).order_by(ApiToken.id)).all()
    assert [token_allows(read, m) for m in ("GET", "HEAD", "POST", "DELETE")] == [
        True,
        True,
        False,
        False,
    ]
    assert token_allows(write, "POST")


# --- the users page ---------------------------------------------------------------------------


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/users")})


def test_the_new_token_shows_the_real_header_to_send(client, login, make_user, session):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    page = _post(client, f"/users/{_user(session, reader).id}/token", {"name": "bi"})
    html = page.get_data(as_text=True)
    assert "Authorization: Bearer &lt;token&gt;" in html


def test_the_new_token_shows_the_header_in_chinese_too(client, login, make_user, session):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    client.post("/locale", data={"locale": "zh", "csrf_token": csrf_token(client, "/users")})
    page = _post(client, f"/users/{_user(session, reader).id}/token", {"name": "bi"})
    assert "Authorization: Bearer &lt;token&gt;" in page.get_data(as_text=True)


def test_the_users_page_lists_tokens_and_revokes_one(client, login, make_user, session):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    user_id = _user(session, reader).id
    _post(client, f"/users/{user_id}/token", {"name": "reporting", "days": "30"})
    page = client.get("/users").get_data(as_text=True)
    row = re.search(r'<tr data-token="(\d+)">(.*?)</tr>', page, re.S)
    assert row is not None, page
    cells = row.group(2)
    today = dt.date.today()
    assert "reporting" in cells and "read" in cells
    assert today.isoformat() in cells  # created
    assert (today + dt.timedelta(days=30)).isoformat() in cells  # expires
    assert "never" in cells  # not used yet
    resp = _post(client, f"/users/{user_id}/tokens/{row.group(1)}/revoke", {})
    assert resp.status_code == 302
    page = client.get("/users").get_data(as_text=True)
    assert "Token reporting of reader@example.com is revoked." in page
    assert 'data-token="' not in page
    assert session.exec(select(ApiToken)).one().revoked_at is not None


def test_a_token_of_another_user_cannot_be_revoked_through_the_wrong_url(
    client, login, make_user, session
):
    reader = make_user("executive", "reader@example.com")
    other = make_user("legal", "other@example.com")
    _token(session, reader)
    login("admin")
    token_id = session.exec(select(ApiToken)).one().id
    resp = _post(client, f"/users/{_user(session, other).id}/tokens/{token_id}/revoke", {})
    assert resp.status_code == 404
    session.expire_all()
    assert session.exec(select(ApiToken)).one().revoked_at is None


# --- the command line ---------------------------------------------------------------------------


def test_cli_lists_a_users_tokens_and_revokes_one(runner, client, session, make_user):
    email = make_user("executive", "reader@example.com")
    made = runner.invoke(
        args=["user", "token", email, "--name", "bi", "--scope", "read", "--days", "7"]
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    listed = runner.invoke(args=["user", "tokens", email, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    import json

    (row,) = json.loads(listed.stdout)
    assert (row["name"], row["scope"], row["last_used"]) == ("bi", "read", None)
    assert row["expires"].startswith((dt.date.today() + dt.timedelta(days=7)).isoformat())
    revoked = runner.invoke(args=["user", "revoke-token", str(row["id"])])
    assert revoked.exit_code == 0, revoked.output
    assert _api(client, token).status_code == 401
    assert (
        json.loads(runner.invoke(args=["user", "tokens", email, "--format", "json"]).stdout) == []
    )
    missing = runner.invoke(args=["user", "revoke-token", "999"])
    assert missing.exit_code == 1 and "no token 999" in missing.stderr
