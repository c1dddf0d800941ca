"""Finding users and API tokens: what the users page and the login read."""

from __future__ import annotations

from monitor.auth import issue_token
from monitor.models import User
from monitor.queries.users import (
    get_token,
    get_user,
    get_user_by_email,
    list_tokens_by_user,
    list_users,
)


def _user(session, email: str) -> User:
    found = get_user_by_email(session=session, email=email)
    assert found is not None
    return found


def test_list_users_by_email_and_count_their_tokens(session, make_user):
    make_user("legal", "zoe@example.com")
    make_user("admin", "anna@example.com")
    make_user("executive", "max@example.com")
    zoe, anna = _user(session, "zoe@example.com"), _user(session, "anna@example.com")
    issue_token(session, user=zoe, name="one")
    issue_token(session, user=zoe, name="two")
    issue_token(session, user=anna)
    session.commit()

    assert [u.email for u in list_users(session=session)] == [
        "anna@example.com",
        "max@example.com",
        "zoe@example.com",
    ]
    tokens = list_tokens_by_user(session=session)
    assert {user: len(held) for user, held in tokens.items()} == {zoe.id: 2, anna.id: 1}


def test_get_user_by_id_or_email_or_none(session, make_user):
    make_user("legal", "zoe@example.com")
    zoe = _user(session, "zoe@example.com")

    assert get_user(session=session, user_id=zoe.id) == zoe
    assert get_user(session=session, user_id=zoe.id + 1) is None
    assert get_user_by_email(session=session, email="ZOE@example.com") is None  # stored lower


def test_get_token_by_its_hash_only(session, make_user):
    import hashlib

    make_user("legal", "zoe@example.com")
    zoe = _user(session, "zoe@example.com")
    value = issue_token(session, user=zoe, name="script")
    session.commit()

    found = get_token(session=session, token_sha256=hashlib.sha256(value.encode()).hexdigest())

    assert found is not None and found.user_id == zoe.id and found.name == "script"
    assert get_token(session=session, token_sha256=value) is None  # the clear token is not stored
