"""`ipwatch demo` and `ipwatch user`: what a new user runs first."""

from __future__ import annotations

import json

from tests.conftest import PASSWORD


def test_demo_loads_portfolio_and_prints_logins(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "brand@demo.ipwatch  password: demo-brand-2026" in result.output
    gaps = runner.invoke(args=["coverage", "gaps", "--as-of", "2026-11-24", "--format", "json"])
    assert len(json.loads(gaps.stdout)) == 144  # data/demo/README.md describes these gaps


def test_demo_refuses_a_database_with_data(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1
    assert "not empty" in again.stderr


def test_demo_if_empty_succeeds_quietly_when_data_exists(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "was not loaded" in again.output


def test_user_add_and_login(runner, client):
    result = runner.invoke(
        args=["user", "add", "Li.Wei@Example.com", "--role", "legal", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "Created li.wei@example.com (legal)" in result.output
    from tests.conftest import csrf_token

    resp = client.post(
        "/login",
        data={
            "email": "li.wei@example.com",
            "password": PASSWORD,
            "csrf_token": csrf_token(client),
        },
    )
    assert resp.status_code == 302


def test_user_add_rejects_a_duplicate_and_a_bad_role(runner):
    assert (
        runner.invoke(
            args=["user", "add", "a@example.com", "--role", "legal", "--password", PASSWORD]
        ).exit_code
        == 0
    )
    dup = runner.invoke(
        args=["user", "add", "a@example.com", "--role", "legal", "--password", PASSWORD]
    )
    assert dup.exit_code == 1 and "exists already" in dup.stderr
    bad = runner.invoke(args=["user", "add", "b@example.com", "--role", "boss"])
    assert bad.exit_code == 2 and "boss" in bad.stderr


def test_user_token_gives_api_access(runner, client):
    runner.invoke(
        args=["user", "add", "api@example.com", "--role", "executive", "--password", PASSWORD]
    )
    token = runner.invoke(args=["user", "token", "api@example.com"]).stdout.strip()
    resp = client.get("/api/v1/coverage/gaps", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200
    missing = runner.invoke(args=["user", "token", "nobody@example.com"])
    assert missing.exit_code == 1 and "ipwatch user add" in missing.stderr
