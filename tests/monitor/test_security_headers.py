"""Security headers on every answer, cookies that stay on this site, HTTPS-only settings, and
templates with no inline script the Content-Security-Policy would block."""

from __future__ import annotations

import re

import pytest

from monitor import create_app
from monitor.config import load_settings
from tests.conftest import ROOT


def _directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.parametrize("path", ["/login", "/products", "/api/v1/openapi.json", "/no-such-page"])
def test_every_answer_carries_the_security_headers(client, login, path):
    login("executive")
    resp = client.get(path)
    csp = _directives(resp.headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert (
        csp["script-src"] == "'self'"
        and "unsafe-inline" not in resp.headers["Content-Security-Policy"]
    )
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in resp.headers  # plain HTTP by default


def test_the_session_cookie_is_http_only_and_same_site_lax(client, login):
    login("executive")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure


def test_behind_https_cookies_are_secure_and_hsts_is_sent(database_url, tmp_path, make_user):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "s",
            "INSTANCE_DIR": str(tmp_path),
            "SCHEDULER": False,
            "HTTPS": True,
        }
    )
    try:
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
        resp = app.test_client().get("/login", base_url="https://localhost")
        assert resp.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert (
            "Secure" in resp.headers["Set-Cookie"] and "SameSite=Lax" in resp.headers["Set-Cookie"]
        )
    finally:
        app.extensions["ipwatch_engine"].dispose()


@pytest.mark.parametrize(
    ("variable", "raw", "key", "expected"),
    [
        pytest.param("IPWATCH_HTTPS", "1", "HTTPS", True, id="https-flag"),
        pytest.param("IPWATCH_PRODUCTION", "yes", "PRODUCTION", True, id="production-flag"),
        pytest.param("IPWATCH_TOKEN_DAYS", "30", "TOKEN_DAYS", 30, id="token-days-number"),
        pytest.param(
            "IPWATCH_RATELIMIT_STORAGE_URL",
            "redis://127.0.0.1:6379/3",
            "RATELIMIT_STORAGE_URL",
            "redis://127.0.0.1:6379/3",
            id="limiter-storage-text",
        ),
    ],
)
def test_the_new_settings_are_read_from_the_environment(monkeypatch, variable, raw, key, expected):
    monkeypatch.setenv(variable, raw)
    assert load_settings()[key] == expected


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|style\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []
