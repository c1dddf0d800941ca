"""The API tokens on the users page: each listed with its name, scope, creation, last use and
expiry; the new token shown once with the whole header to send; revoking it on the page shuts
the API to it at once; in English and Chinese."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlmodel import select

from monitor.models import ApiToken, User
from tests.conftest import csrf_token


def _user_id(session, email: str) -> int:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).one().id


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/users")})


@pytest.fixture
def api(app):
    """Call the API as a script does: with the token only, no browser session."""
    script = app.test_client()

    def _call(token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        return script.get("/api/v1/coverage/gaps", headers=headers).status_code

    return _call


def _new_token(client, session, email: str, **form: str) -> str:
    """Create a token for `email` on the users page; the token the page shows once."""
    page = _post(client, f"/users/{_user_id(session, email)}/token", form).get_data(as_text=True)
    return re.search(r'<pre class="token"><code>([\w-]+)</code></pre>', page).group(1)


def _token_cells(client) -> dict[str, dict[str, str]]:
    """Token name -> {column: text} of the users page's token list."""
    page = client.get("/users").get_data(as_text=True)
    rows = {}
    for row in re.findall(r'<tr data-token="\d+">(.*?)</tr>', page, re.S):
        cells = {
            col: " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split())
            for col, text in re.findall(r'<td data-col="([\w-]+)">(.*?)</td>', row, re.S)
        }
        rows[cells["name"]] = cells
    return rows


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_the_new_token_is_shown_with_the_whole_header_to_send(
    client, login, make_user, session, api, locale
):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    if locale == "zh":
        client.post("/locale", data={"locale": "zh", "csrf_token": csrf_token(client, "/users")})
    resp = _post(client, f"/users/{_user_id(session, reader)}/token", {"name": "bi"})
    page = resp.get_data(as_text=True)
    token = re.search(r'<pre class="token"><code>([\w-]+)</code></pre>', page).group(1)
    header = re.search(r'data-testid="token-header"><code>(.*?)</code>', page).group(1)
    assert html.unescape(header) == f"Authorization: Bearer {token}"
    assert ("完整的请求头" in page) == (locale == "zh")
    assert api(token) == 200  # what the page says to send works


def test_the_token_list_shows_name_scope_created_last_used_and_expiry(
    client, login, make_user, session, api
):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    used = _new_token(client, session, reader, name="reporting", days="30")
    _new_token(client, session, reader, name="nightly", scope="read-write", days="7")
    today = dt.datetime.now(dt.UTC).date()
    cells = _token_cells(client)
    assert cells["reporting"] == {
        "name": "reporting",
        "scope": "read",
        "created": today.isoformat(),
        "last-used": "never used",
        "expires": (today + dt.timedelta(days=30)).isoformat(),
    }
    assert cells["nightly"]["scope"] == "read and write"
    assert cells["nightly"]["expires"] == (today + dt.timedelta(days=7)).isoformat()

    assert api(used) == 200
    cells = _token_cells(client)
    assert cells["reporting"]["last-used"] == today.isoformat()
    assert cells["nightly"]["last-used"] == "never used"


def test_an_expired_token_is_listed_as_expired(client, login, make_user, session):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    _new_token(client, session, reader, name="old")
    row = session.exec(select(ApiToken)).one()
    row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    session.commit()
    assert "(expired)" in _token_cells(client)["old"]["expires"]


def test_revoking_a_token_on_the_page_shuts_the_api_to_it_at_once(
    client, login, make_user, session, api
):
    reader = make_user("executive", "reader@example.com")
    login("admin")
    user_id = _user_id(session, reader)
    kept, revoked = (_new_token(client, session, reader, name=n) for n in ("kept", "revoked"))
    assert api(revoked) == 200  # it worked a moment ago
    token_id = session.exec(select(ApiToken).where(ApiToken.name == "revoked")).one().id
    resp = _post(client, f"/users/{user_id}/tokens/{token_id}/revoke", {})
    assert resp.status_code == 302
    assert api(revoked) == 401
    assert api(kept) == 200
    assert set(_token_cells(client)) == {"kept"}
