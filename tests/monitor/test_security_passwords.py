"""Passwords: a strength rule, a change-password page, an admin reset with a one-time password,
`ipwatch user password`, and demo accounts that cannot reach production unnoticed."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from monitor.models import User
from tests.conftest import PASSWORD, csrf_token


def _user(session, email: str) -> User:
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).one()


def _can_log_in(app, email: str, password: str) -> bool:
    client = app.test_client()
    resp = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)}
    )
    return resp.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        pytest.param("nine-char", "at least 10 characters", id="too-short"),
        pytest.param("password123", "too common", id="common-password"),
        pytest.param("Qwertyuiop1", "too common", id="common-keyboard-walk"),
        pytest.param("ALICE-2026!", "based on your email address", id="email-local-part"),
        pytest.param("ipwatch-2026", "based on your email address", id="app-name"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(session, password, message):
    from monitor.auth import create_user
    from monitor.models import Role

    with pytest.raises(ValueError) as caught:
        create_user(session, email="alice@example.com", role=Role.LEGAL, password=password)
    assert message in str(caught.value.args[0])


@pytest.mark.parametrize(
    "password",
    ["correct-horse-9", "demo-admin-2026", "alice springs at dusk"],
    ids=["passphrase", "demo-password", "contains-the-name-among-other-words"],
)
def test_a_reasonable_password_is_accepted(session, password):
    from monitor.auth import create_user
    from monitor.models import Role

    create_user(session, email="alice@example.com", role=Role.LEGAL, password=password)


def _change(client, current: str, new: str, repeat: str | None = None):
    return client.post(
        "/password",
        data={
            "current": current,
            "new": new,
            "repeat": new if repeat is None else repeat,
            "csrf_token": csrf_token(client, "/password"),
        },
    )


def test_every_user_can_change_their_password(app, client, login):
    email = login("executive")
    page = client.get("/password").get_data(as_text=True)
    assert 'name="current"' in page and 'name="new"' in page and 'name="repeat"' in page
    assert 'href="/password"' in client.get("/products").get_data(as_text=True)
    resp = _change(client, PASSWORD, "Fresh-passphrase-77")
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Your password is changed." in page
    assert _can_log_in(app, email, "Fresh-passphrase-77")
    assert not _can_log_in(app, email, PASSWORD)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        pytest.param("wrong-password-1", "Fresh-passphrase-77", None, "current password is wrong"),
        pytest.param(PASSWORD, "Fresh-passphrase-77", "Fresh-passphrase-78", "do not match"),
        pytest.param(PASSWORD, "password1234", None, "too common"),
    ],
    ids=["wrong-current", "mismatch", "weak"],
)
def test_a_bad_password_change_says_why_and_changes_nothing(
    app, client, login, current, new, repeat, message
):
    email = login("executive")
    resp = _change(client, current, new, repeat)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _can_log_in(app, email, PASSWORD)


def test_an_admin_reset_shows_a_one_time_password_that_must_be_changed(
    app, client, login, make_user, session
):
    lawyer = make_user("legal", "lawyer@example.com")
    login("admin")
    resp = client.post(
        f"/users/{_user(session, lawyer).id}/password",
        data={"csrf_token": csrf_token(client, "/users")},
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "shown only once" in page
    one_time = re.search(
        r'<pre class="token" data-testid="one-time-password"><code>([^<]+)</code>', page
    )
    assert one_time is not None, page
    assert one_time.group(1) not in client.get("/users").get_data(as_text=True)
    assert not _can_log_in(app, lawyer, PASSWORD)
    person = app.test_client()
    person.post(
        "/login",
        data={"email": lawyer, "password": one_time.group(1), "csrf_token": csrf_token(person)},
    )
    resp = person.get("/products")
    assert resp.status_code == 302 and resp.headers["Location"] == "/password"
    assert _change(person, one_time.group(1), "Own-passphrase-2026").status_code == 302
    assert person.get("/products").status_code == 200


def test_cli_sets_a_password_from_the_prompt_or_generates_one(app, runner, make_user):
    email = make_user("legal")
    typed = runner.invoke(
        args=["user", "password", email], input="Typed-passphrase-42\nTyped-passphrase-42\n"
    )
    assert typed.exit_code == 0, typed.output
    assert _can_log_in(app, email, "Typed-passphrase-42")
    generated = runner.invoke(args=["user", "password", email, "--generate"])
    assert generated.exit_code == 0, generated.output
    new = generated.stdout.strip().rsplit(" ", 1)[-1]
    assert _can_log_in(app, email, new) and not _can_log_in(app, email, "Typed-passphrase-42")
    weak = runner.invoke(args=["user", "password", email], input="password123\npassword123\n")
    assert weak.exit_code == 1 and "too common" in weak.stderr


def test_cli_user_add_refuses_a_weak_password(runner):
    result = runner.invoke(
        args=["user", "add", "a@example.com", "--role", "legal", "--password", "12345678"]
    )
    assert result.exit_code == 1 and "at least 10 characters" in result.stderr


def test_demo_passwords_pass_the_rule_and_production_refuses_them(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    from monitor.setup import exposed_demo_logins

    with app.app_context():
        from monitor.db import get_session

        assert sorted(exposed_demo_logins(get_session())) == [
            "admin@demo.ipwatch",
            "brand@demo.ipwatch",
            "exec@demo.ipwatch",
            "legal@demo.ipwatch",
        ]
    app.config["PRODUCTION"] = True
    refused = runner.invoke(args=["serve", "--port", "1"])
    assert refused.exit_code == 1
    assert "demo accounts" in refused.stderr and "admin@demo.ipwatch" in refused.stderr


def test_serve_warns_loudly_when_demo_accounts_live_beside_real_users(app, runner, monkeypatch):
    import monitor.setup

    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (
        runner.invoke(
            args=["user", "add", "real@example.com", "--role", "admin", "--password", PASSWORD]
        ).exit_code
        == 0
    )
    served = []
    monkeypatch.setattr(monitor.setup, "serve", lambda app, **kw: served.append(kw))
    result = runner.invoke(args=["serve", "--port", "5999"])
    assert result.exit_code == 0, result.output
    assert served == [{"host": "127.0.0.1", "port": 5999}]
    assert "WARNING" in result.stderr and "not a demo" in result.stderr
    assert "ipwatch user password" in result.stderr


def test_changed_demo_passwords_raise_no_warning(app, runner, monkeypatch):
    import monitor.setup

    assert runner.invoke(args=["demo"]).exit_code == 0
    for email in ("admin", "brand", "legal", "exec"):
        done = runner.invoke(args=["user", "password", f"{email}@demo.ipwatch", "--generate"])
        assert done.exit_code == 0, done.output
    monkeypatch.setattr(monitor.setup, "serve", lambda app, **kw: None)
    app.config["PRODUCTION"] = True
    result = runner.invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.stderr
